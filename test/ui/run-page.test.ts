import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { attributes, describeUi, eventually, texts, UI_TIMEOUT_MS, useUiSession } from '../support/browser.js';
import { twoColorPng } from '../support/png.js';
import { SeedApi, type SeededRun } from '../support/seed-api.js';

/** The part of an <img> the test reads (the tests compile without the DOM library). */
interface ImageSize {
  naturalWidth: number;
  naturalHeight: number;
}

const ACC = [0.1, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9];
const LOSS = ACC.map((a) => 1 - a);
const VAL_LOSS = ACC.map((a) => 1.1 - a);

describeUi('the run page', () => {
  const ui = useUiSession('run-page');
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  let experimentId: string;
  let run: SeededRun;

  beforeAll(async () => {
    experimentId = await ui.api.createExperiment(`run-page-${tag}`);
    run = await ui.api.run({
      experimentId,
      name: 'resnet-50',
      params: { optimizer: 'adam', lr: 0.001, epochs: 10 },
      tags: { team: 'vision' },
      metrics: { acc: ACC, loss: LOSS, val_loss: VAL_LOSS },
    });
    await ui.api.putArtifact(run, 'notes.txt', 'Trained on 4 GPUs.\nSecond line of notes.\n');
    await ui.api.putArtifact(run, 'metrics/summary.json', JSON.stringify({ best: { acc: 0.9, epoch: 9 }, epochs: 10 }));
    await ui.api.putArtifact(run, 'data/predictions.csv', 'id,label,score\n1,cat,0.91\n2,"dog, small",0.42\n');
    await ui.api.putArtifact(run, 'plots/curve.png', twoColorPng(64, 32, [30, 120, 220], [240, 160, 40]));
  });

  const openRun = async (query = ''): Promise<Page> => {
    const page = await ui.open(`/runs/${run.runId}${query}`);
    await page.getByTestId('run-name').waitFor();
    return page;
  };
  const tableRows = async (page: Page, table: string): Promise<[string, string][]> =>
    page.getByTestId(table).locator('tbody tr[data-key]').evaluateAll((rows) =>
      rows.map((r) => [r.getAttribute('data-key') ?? '', r.querySelectorAll('td')[1]?.textContent ?? ''] as [string, string]),
    );
  const chart = (page: Page, key: string) => page.locator(`[data-testid="metric-chart"][data-key="${key}"]`);
  const legendValue = (page: Page, key: string) => chart(page, key).locator('[data-testid="chart-legend"] .value').textContent();
  const legendX = (page: Page, key: string) => chart(page, key).locator('[data-testid="chart-legend"] .x').textContent();

  it('shows the run’s name, status, params and tags', async () => {
    const page = await openRun();
    expect(await page.getByTestId('run-name').textContent()).toBe('resnet-50');
    expect(await page.getByTestId('run-status').textContent()).toBe('FINISHED');
    // The experiment's name comes from a second request.
    await eventually(() => page.getByTestId('run-experiment-crumb').textContent()).toBe(`run-page-${tag}`);
    expect(await tableRows(page, 'params-table')).toEqual([
      ['epochs', '10'],
      ['lr', '0.001'],
      ['optimizer', 'adam'],
    ]);
    const tags = await page.getByTestId('tag-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-key'), r.querySelectorAll('td')[1]?.textContent]));
    expect(tags).toEqual([['team', 'vision']]);
    expect((await tableRows(page, 'latest-metrics')).map(([key, value]) => [key, value])).toEqual([
      ['acc', '0.9'],
      ['loss', '0.1'],
      ['val_loss', '0.2'],
    ]);
    await ui.shot(page, 'run-overview');
  });

  it('adds a tag that is still there after a reload', async () => {
    const page = await openRun();
    await page.getByTestId('tag-add-key').fill('reviewed-by');
    await page.getByTestId('tag-add-value').fill('alice');
    await page.getByTestId('tag-add').click();
    const row = page.locator('[data-testid="tag-row"][data-key="reviewed-by"]');
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('alice');
    const stored = await ui.api.getRun(run.runId);
    expect(stored.data.tags?.find((t) => t.key === 'reviewed-by')?.value).toBe('alice');

    await page.reload();
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('alice');
    await ui.shot(page, 'run-tag-added');
  });

  it('draws one chart per metric key and switches the x axis', async () => {
    const page = await openRun();
    await page.getByTestId('tab-charts').click();
    await chart(page, 'val_loss').locator('canvas').first().waitFor();
    expect(await attributes(page.getByTestId('metric-chart'), 'data-key')).toEqual(['acc', 'loss', 'val_loss']);
    for (const key of ['acc', 'loss', 'val_loss']) expect(await chart(page, key).locator('canvas').count()).toBeGreaterThan(0);
    await eventually(() => legendValue(page, 'acc')).toBe('0.9');
    await eventually(() => legendValue(page, 'val_loss')).toBe('0.2');
    expect(new URL(page.url()).searchParams.get('tab')).toBe('charts');

    // Hovering the plot shows the x under the cursor in the legend: a step first ...
    const plot = chart(page, 'acc').locator('.u-over');
    await plot.hover();
    await eventually(() => legendX(page, 'acc')).toMatch(/^step \d$/);
    await ui.shot(page, 'run-charts-step');

    // ... and a wall-clock time once the x axis is switched (the metrics were logged on 2023-11-14).
    await page.getByTestId('x-axis-select').selectOption('time');
    await eventually(() => new URL(page.url()).searchParams.get('x')).toBe('time');
    await eventually(() => legendValue(page, 'acc')).toBe('0.9');
    await page.mouse.move(0, 0);
    await plot.hover();
    await eventually(() => legendX(page, 'acc')).toMatch(/^time 2023-11-1[45] \d\d:\d\d:\d\d$/);
    await ui.shot(page, 'run-charts-time');
  });

  it('browses the artifacts tree and previews text, JSON, CSV and an image', async () => {
    const page = await openRun('?tab=artifacts');
    const entry = (path: string) => page.locator(`[data-testid="artifact-entry"][data-path="${path}"]`);
    const preview = page.getByTestId('artifact-preview');
    await entry('notes.txt').waitFor();
    expect(await attributes(page.getByTestId('artifact-entry'), 'data-path')).toEqual(['data', 'metrics', 'plots', 'notes.txt']);

    await entry('notes.txt').getByRole('button').click();
    await preview.locator('pre').waitFor();
    expect(await preview.getAttribute('data-kind')).toBe('text');
    expect(await preview.locator('pre').textContent()).toBe('Trained on 4 GPUs.\nSecond line of notes.\n');
    expect(new URL(page.url()).searchParams.get('artifact')).toBe('notes.txt');
    await ui.shot(page, 'run-artifact-text');

    await entry('metrics').getByRole('button').click();
    await entry('metrics/summary.json').getByRole('button').click();
    await eventually(() => preview.getAttribute('data-path')).toBe('metrics/summary.json');
    await preview.locator('pre').waitFor();
    expect(JSON.parse((await preview.locator('pre').textContent()) ?? '')).toEqual({ best: { acc: 0.9, epoch: 9 }, epochs: 10 });
    expect(await preview.locator('pre').textContent()).toContain('\n  "best": {\n    "acc": 0.9,');
    await ui.shot(page, 'run-artifact-json');

    await entry('data').getByRole('button').click();
    await entry('data/predictions.csv').getByRole('button').click();
    const table = preview.getByTestId('artifact-table');
    await table.waitFor();
    expect(await texts(table.locator('thead th'))).toEqual(['id', 'label', 'score']);
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)))).toEqual([
      ['1', 'cat', '0.91'],
      ['2', 'dog, small', '0.42'],
    ]);
    await ui.shot(page, 'run-artifact-csv');

    await entry('plots').getByRole('button').click();
    await entry('plots/curve.png').getByRole('button').click();
    const img = preview.locator('img');
    await img.waitFor();
    await eventually(() => img.evaluate((el) => [(el as ImageSize).naturalWidth, (el as ImageSize).naturalHeight])).toEqual([64, 32]);
    await ui.shot(page, 'run-artifact-image');

    // The previewed file is in the URL: a reload opens the folder and shows the image again.
    await page.reload();
    await eventually(() => img.evaluate((el) => (el as ImageSize).naturalWidth)).toBe(64);
  });

  it('updates a RUNNING run’s chart as new points are logged, without a reload', async () => {
    const live = await ui.api.run({ experimentId, name: 'live-run', status: 'RUNNING', metrics: { loss: [0.9, 0.8, 0.7, 0.6, 0.5] } });
    const page = await ui.open(`/runs/${live.runId}?tab=charts`);
    await eventually(() => legendValue(page, 'loss')).toBe('0.5');
    await eventually(() => page.getByTestId('live-indicator').textContent()).toBe('Live');
    // Anything set on the window survives only if the page is never reloaded.
    await page.evaluate(() => ((globalThis as unknown as { fwMarker: number }).fwMarker = 42));
    await ui.shot(page, 'run-live-before');

    await ui.api.logBatch(live.runId, { metrics: SeedApi.series('loss', [0.4, 0.3, 0.0123], 5) });
    await eventually(() => legendValue(page, 'loss'), UI_TIMEOUT_MS * 2).toBe('0.0123');
    await ui.api.logBatch(live.runId, { metrics: SeedApi.series('loss', [0.0042], 8) });
    await eventually(() => legendValue(page, 'loss'), UI_TIMEOUT_MS * 2).toBe('0.0042');
    // Hovering the right end of the plot finds the last step: the chart's data holds the new points.
    const box = (await chart(page, 'loss').locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    await eventually(() => legendX(page, 'loss')).toBe('step 8');
    expect(await page.evaluate(() => (globalThis as unknown as { fwMarker?: number }).fwMarker)).toBe(42);
    await ui.shot(page, 'run-live-after');

    // Ending the run shows at once (the page re-reads a RUNNING run's status every few seconds).
    await ui.api.endRun(live.runId);
    await eventually(() => page.getByTestId('run-status').textContent(), UI_TIMEOUT_MS * 2).toBe('FINISHED');
    expect(await page.evaluate(() => (globalThis as unknown as { fwMarker?: number }).fwMarker)).toBe(42);
  });
});
