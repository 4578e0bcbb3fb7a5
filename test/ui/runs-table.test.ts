import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { attributes, describeUi, eventually, useUiSession } from '../support/browser.js';
import type { SeededRun } from '../support/seed-api.js';

const FILTER = "metrics.acc > 0.5 and params.optimizer = 'adam'";

/** Six runs; the filter above keeps adam-09, adam-07 and adam-06 (acc 0.9, 0.7, 0.6). */
const RUNS = [
  { name: 'adam-09', optimizer: 'adam', acc: 0.9 },
  { name: 'adam-03', optimizer: 'adam', acc: 0.3 },
  { name: 'sgd-08', optimizer: 'sgd', acc: 0.8 },
  { name: 'adam-07', optimizer: 'adam', acc: 0.7 },
  { name: 'sgd-02', optimizer: 'sgd', acc: 0.2 },
  { name: 'adam-06', optimizer: 'adam', acc: 0.6 },
] as const;

describeUi('the runs table', () => {
  const ui = useUiSession('runs-table');
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  let experimentId: string;
  const runs = new Map<string, SeededRun>();
  const id = (name: string): string => runs.get(name)!.runId;

  beforeAll(async () => {
    experimentId = await ui.api.createExperiment(`runs-${tag}`);
    // Start times one second apart, oldest first, so the default order (newest first) is known.
    const t0 = Date.now() - 60_000;
    for (const [i, r] of RUNS.entries()) {
      runs.set(
        r.name,
        await ui.api.run({
          experimentId,
          name: r.name,
          startTime: t0 + i * 1000,
          params: { optimizer: r.optimizer, lr: 0.01 * (i + 1) },
          metrics: { acc: [r.acc / 2, r.acc], loss: [1 - r.acc / 2, 1 - r.acc] },
        }),
      );
    }
  });

  const rowIds = (page: Page) => attributes(page.getByTestId('run-row'), 'data-run-id');
  const header = (page: Page, column: string) => page.locator(`[data-testid="column-header"][data-column="${column}"]`);
  const applyFilter = async (page: Page, filter: string) => {
    await page.getByTestId('runs-filter').fill(filter);
    await page.getByTestId('runs-filter').press('Enter');
  };
  const openRuns = async (query = ''): Promise<Page> => {
    const page = await ui.open(`/experiments/${experimentId}${query}`);
    await page.getByTestId('run-row').first().waitFor();
    return page;
  };

  it('shows every run, newest first, with its metrics and params', async () => {
    const page = await openRuns();
    expect(await rowIds(page)).toEqual([...RUNS].reverse().map((r) => id(r.name)));
    expect(await page.getByTestId('experiment-name').textContent()).toBe(`runs-${tag}`);
    expect(await page.getByTestId('runs-count').textContent()).toBe('6 runs');
    const first = page.locator(`[data-testid="run-row"][data-run-id="${id('adam-06')}"]`);
    expect(await first.getByTestId('run-link').textContent()).toBe('adam-06');
    expect(await first.getByTestId('run-status').textContent()).toBe('FINISHED');
    expect(await first.textContent()).toContain('0.6');
    for (const column of ['metrics.acc', 'metrics.loss', 'params.optimizer', 'params.lr']) expect(await header(page, column).count()).toBe(1);
    await ui.shot(page, 'runs-table');
  });

  it('narrows the rows to exactly the runs the filter matches, and keeps the filter in the URL', async () => {
    const page = await openRuns();
    await applyFilter(page, FILTER);
    const expected = [id('adam-06'), id('adam-07'), id('adam-09')];
    await eventually(async () => (await rowIds(page)).sort()).toEqual([...expected].sort());
    expect(new URL(page.url()).searchParams.get('filter')).toBe(FILTER);
    await ui.shot(page, 'runs-filtered');

    await page.reload();
    await page.getByTestId('run-row').first().waitFor();
    await eventually(async () => (await rowIds(page)).sort()).toEqual([...expected].sort());
    expect(await page.getByTestId('runs-filter').inputValue()).toBe(FILTER);
  });

  it('shows a bad filter’s error inline and stays usable', async () => {
    const res = await fetch(`${ui.url}/api/2.0/mlflow/runs/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ experiment_ids: [experimentId], filter: 'metrics.acc >' }),
    });
    expect(res.status).toBe(400);
    const { message } = (await res.json()) as { message: string };

    const page = await openRuns();
    await applyFilter(page, 'metrics.acc >');
    const error = page.getByTestId('filter-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(message);
    expect(await page.getByTestId('runs-filter').getAttribute('aria-invalid')).toBe('true');
    await ui.shot(page, 'runs-filter-error');

    // Fixing the filter clears the error and brings the matching rows back.
    await applyFilter(page, 'metrics.acc > 0.75');
    await error.waitFor({ state: 'detached' });
    await eventually(async () => (await rowIds(page)).sort()).toEqual([id('adam-09'), id('sgd-08')].sort());
  });

  it('sorts by a metric when its column header is clicked, and a reload keeps the sort', async () => {
    const page = await openRuns();
    const byAccDesc = [...RUNS].sort((a, b) => b.acc - a.acc).map((r) => id(r.name));
    await header(page, 'metrics.acc').getByRole('button').click();
    await eventually(() => rowIds(page)).toEqual(byAccDesc);
    expect(await header(page, 'metrics.acc').getAttribute('data-sort')).toBe('desc');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('metrics.acc:desc');
    await ui.shot(page, 'runs-sorted-acc-desc');

    await header(page, 'metrics.acc').getByRole('button').click();
    await eventually(() => rowIds(page)).toEqual([...byAccDesc].reverse());
    expect(await header(page, 'metrics.acc').getAttribute('data-sort')).toBe('asc');

    await page.reload();
    await page.getByTestId('run-row').first().waitFor();
    await eventually(() => rowIds(page)).toEqual([...byAccDesc].reverse());
    expect(await header(page, 'metrics.acc').getAttribute('data-sort')).toBe('asc');
  });

  it('keeps filter and sort together in a shared link', async () => {
    const page = await openRuns(`?${new URLSearchParams({ filter: FILTER, sort: 'metrics.acc:asc' })}`);
    await eventually(() => rowIds(page)).toEqual([id('adam-06'), id('adam-07'), id('adam-09')]);
    expect(await page.getByTestId('runs-filter').inputValue()).toBe(FILTER);
    expect(await header(page, 'metrics.acc').getAttribute('data-sort')).toBe('asc');
    await ui.shot(page, 'runs-shared-link');
  });

  it('compares two selected runs on the compare page', async () => {
    const page = await openRuns();
    const compare = page.getByTestId('compare-button');
    expect(await compare.isDisabled()).toBe(true);
    await page.locator(`[data-testid="run-checkbox"][data-run-id="${id('adam-09')}"]`).check();
    await page.locator(`[data-testid="run-checkbox"][data-run-id="${id('sgd-08')}"]`).check();
    await eventually(() => page.getByTestId('selected-count').textContent()).toBe('2 selected');
    expect(await compare.isEnabled()).toBe(true);
    await ui.shot(page, 'runs-two-selected');
    await compare.click();
    await page.waitForURL((url) => url.pathname === '/compare');
    expect((new URL(page.url()).searchParams.get('runs') ?? '').split(',').sort()).toEqual([id('adam-09'), id('sgd-08')].sort());
    await eventually(async () => (await attributes(page.getByTestId('compare-run'), 'data-run-id')).sort()).toEqual([id('adam-09'), id('sgd-08')].sort());
  });

  it('deletes selected runs, shows them under deleted runs, and restores them', async () => {
    // Its own experiment, so the other tests' runs stay put.
    const expId = await ui.api.createExperiment(`runs-delete-${tag}`);
    const keep = await ui.api.run({ experimentId: expId, name: 'keep' });
    const a = await ui.api.run({ experimentId: expId, name: 'drop-a' });
    const b = await ui.api.run({ experimentId: expId, name: 'drop-b' });
    const page = await ui.open(`/experiments/${expId}`);
    await page.getByTestId('run-row').first().waitFor();
    for (const r of [a, b]) await page.locator(`[data-testid="run-checkbox"][data-run-id="${r.runId}"]`).check();
    await page.getByTestId('delete-button').click();
    await eventually(() => rowIds(page)).toEqual([keep.runId]);
    expect(await page.getByTestId('runs-notice').textContent()).toContain('Deleted 2 runs.');
    for (const r of [a, b]) expect((await ui.api.getRun(r.runId)).info.lifecycle_stage).toBe('deleted');
    await ui.shot(page, 'runs-deleted');

    await page.getByTestId('runs-view').selectOption('deleted');
    await eventually(async () => (await rowIds(page)).sort()).toEqual([a.runId, b.runId].sort());
    expect(new URL(page.url()).searchParams.get('view')).toBe('deleted');
    await ui.shot(page, 'runs-show-deleted');
    await page.getByTestId('select-all-checkbox').check();
    await page.getByTestId('restore-button').click();
    await eventually(() => page.getByTestId('runs-notice').textContent()).toContain('Restored 2 runs.');
    for (const r of [a, b]) expect((await ui.api.getRun(r.runId)).info.lifecycle_stage).toBe('active');

    await page.getByTestId('runs-view').selectOption('active');
    await eventually(async () => (await rowIds(page)).sort()).toEqual([keep.runId, a.runId, b.runId].sort());
    await ui.shot(page, 'runs-restored');
  });
});
