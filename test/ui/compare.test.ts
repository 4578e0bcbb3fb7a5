import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { attributes, describeUi, eventually, texts, UI_TIMEOUT_MS, useUiSession } from '../support/browser.js';
import { SeedApi, type SeededRun } from '../support/seed-api.js';

/** Three runs: `optimizer` and `lr` differ, `batch_size` does not; acc ends at 0.9, 0.7, 0.8. */
const RUNS = [
  { name: 'run-a', params: { optimizer: 'adam', lr: '0.1', batch_size: '64' }, finalAcc: 0.9 },
  { name: 'run-b', params: { optimizer: 'sgd', lr: '0.01', batch_size: '64' }, finalAcc: 0.7 },
  { name: 'run-c', params: { optimizer: 'adam', lr: '0.001', batch_size: '64' }, finalAcc: 0.8 },
];

describeUi('the compare page', () => {
  const ui = useUiSession('compare');
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  let runs: SeededRun[];
  const ids = (): string[] => runs.map((r) => r.runId);

  beforeAll(async () => {
    const experimentId = await ui.api.createExperiment(`compare-${tag}`);
    runs = [];
    for (const r of RUNS) {
      const acc = Array.from({ length: 20 }, (_, i) => (r.finalAcc * (i + 1)) / 20);
      runs.push(await ui.api.run({ experimentId, name: r.name, params: r.params, metrics: { acc, loss: acc.map((a) => 1 - a) } }));
    }
  });

  const openCompare = async (): Promise<Page> => {
    const page = await ui.open(`/compare?runs=${ids().join(',')}`);
    await page.getByTestId('diff-table').waitFor();
    return page;
  };
  const chart = (page: Page, key: string) => page.getByTestId('compare-charts').locator(`[data-testid="metric-chart"][data-key="${key}"]`);

  it('lists the compared runs and overlays their metrics in one chart per key', async () => {
    const page = await openCompare();
    expect(await attributes(page.getByTestId('compare-run'), 'data-run-id')).toEqual(ids());
    expect(await texts(page.getByTestId('compare-run').locator('a'))).toEqual(['run-a', 'run-b', 'run-c']);
    await chart(page, 'loss').locator('canvas').first().waitFor();
    expect(await attributes(page.getByTestId('compare-charts').getByTestId('metric-chart'), 'data-key')).toEqual(['acc', 'loss']);
    // One line per run in each chart: the legend names each run with its latest value.
    const legend = chart(page, 'acc').locator('[data-testid="chart-legend"] .item');
    await eventually(() => texts(legend.locator('.label'))).toEqual(['run-a', 'run-b', 'run-c']);
    await eventually(() => texts(legend.locator('.value'))).toEqual(['0.9', '0.7', '0.8']);
    expect(await chart(page, 'loss').locator('[data-testid="chart-legend"] .item').count()).toBe(3);
    await ui.shot(page, 'compare-charts');
  });

  it('draws parallel coordinates with one line per run over the differing params and a metric', async () => {
    const page = await openCompare();
    const pc = page.getByTestId('parallel-coordinates');
    await pc.waitFor();
    expect((await attributes(pc.getByTestId('pc-line'), 'data-run-id')).sort()).toEqual([...ids()].sort());
    for (const line of await pc.getByTestId('pc-line').all()) expect(await line.getAttribute('d')).toMatch(/^M/);
    const axes = await pc.getByTestId('pc-axis').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-kind')}:${el.getAttribute('data-key')}`));
    expect(axes.sort()).toEqual(['metric:acc', 'param:lr', 'param:optimizer']);
    await pc.scrollIntoViewIfNeeded();
    await ui.shot(page, 'compare-parallel-coordinates');
  });

  it('plots a param against a metric in the scatter', async () => {
    const page = await openCompare();
    const scatter = page.getByTestId('scatter');
    await scatter.waitFor();
    expect(await page.getByTestId('scatter-x').inputValue()).toBe('lr');
    expect(await page.getByTestId('scatter-y').inputValue()).toBe('acc');
    const points = await scatter.getByTestId('scatter-point').evaluateAll((els) =>
      els.map((el) => ({ id: el.getAttribute('data-run-id'), cy: Number(el.getAttribute('cy')) })),
    );
    expect(points.map((p) => p.id).sort()).toEqual([...ids()].sort());
    // Higher acc is drawn higher up (smaller cy): run-a (0.9), then run-c (0.8), then run-b (0.7).
    const byHeight = [...points].sort((a, b) => a.cy - b.cy).map((p) => p.id);
    expect(byHeight).toEqual([runs[0]!.runId, runs[2]!.runId, runs[1]!.runId]);
    await scatter.scrollIntoViewIfNeeded();
    await ui.shot(page, 'compare-scatter');
  });

  it('lists the params that differ in the diff table, and the rest on request', async () => {
    const page = await openCompare();
    const table = page.getByTestId('diff-table');
    const paramRows = table.locator('[data-testid="diff-row"][data-kind="param"]');
    await eventually(() => attributes(paramRows, 'data-key')).toEqual(['lr', 'optimizer']);
    const cells = (key: string) => texts(table.locator(`[data-testid="diff-row"][data-key="${key}"] [data-testid="diff-cell"]`));
    expect(await cells('optimizer')).toEqual(['adam', 'sgd', 'adam']);
    expect(await cells('lr')).toEqual(['0.1', '0.01', '0.001']);
    const best = table.locator('[data-testid="diff-row"][data-key="acc"] [data-testid="diff-cell"][data-best="true"]');
    expect(await attributes(best, 'data-run-id')).toEqual([runs[0]!.runId]);
    await table.scrollIntoViewIfNeeded();
    await ui.shot(page, 'compare-diff-table');

    await page.getByTestId('diff-show-all').check();
    await eventually(() => attributes(paramRows, 'data-key')).toEqual(['batch_size', 'lr', 'optimizer']);
    expect(await cells('batch_size')).toEqual(['64', '64', '64']);
    expect(new URL(page.url()).searchParams.get('all')).toBe('1');
  });

  it('redraws a RUNNING run’s lines as it logs, without a reload', async () => {
    const experimentId = await ui.api.createExperiment(`compare-live-${tag}`);
    const live = await ui.api.run({ experimentId, name: 'live', status: 'RUNNING', metrics: { loss: [0.9, 0.8, 0.7] } });
    const page = await ui.open(`/compare?runs=${live.runId},${runs[0]!.runId}`);
    const legend = chart(page, 'loss').locator('[data-testid="chart-legend"]');
    await eventually(async () => (await legend.textContent())?.includes('0.7')).toBe(true);
    await page.evaluate(() => ((globalThis as unknown as { fwMarker: number }).fwMarker = 7));
    await ui.api.logBatch(live.runId, { metrics: SeedApi.series('loss', [0.5, 0.0123], 3) });
    await eventually(async () => (await legend.textContent())?.includes('0.0123'), UI_TIMEOUT_MS * 2).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { fwMarker?: number }).fwMarker)).toBe(7);
    await ui.shot(page, 'compare-live');
    await ui.api.endRun(live.runId);
  });

  it('shows the server’s message for a run id that does not exist, beside the runs that do', async () => {
    const missing = '0123456789abcdef0123456789abcdef';
    const res = await fetch(`${ui.url}/api/2.0/mlflow/runs/get?run_id=${missing}`);
    const { message } = (await res.json()) as { message: string };
    const page = await ui.open(`/compare?runs=${runs[0]!.runId},${missing}`);
    const error = page.locator(`[data-testid="compare-run-error"][data-run-id="${missing}"]`);
    await error.waitFor();
    expect(await error.textContent()).toContain(message);
    expect(await attributes(page.getByTestId('compare-run'), 'data-run-id')).toEqual([runs[0]!.runId]);
    await ui.shot(page, 'compare-unknown-run');
  });
});
