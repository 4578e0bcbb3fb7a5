import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { attributes, describeUi, eventually, texts, useUiSession } from '../support/browser.js';
import { DatasetsSeed, type SeededVersion } from '../support/datasets-seed.js';
import { twoColorPng } from '../support/png.js';

const LABELS_V1 = 'id,label,weight\n1,cat,4.2\n2,dog,12.5\n3,cat,3.9\n4,dog,20.1\n5,cat,\n';
const LABELS_V2 = `${LABELS_V1}6,dog,18\n7,dog,25.5\n8,cat,5.1\n9,bird,0.4\n10,dog,30\n`;
const README = '# Pets\nCats, dogs and one bird.\n';
const CAT_A = twoColorPng(64, 32, [200, 120, 40], [250, 250, 250]);
const CAT_B = twoColorPng(32, 32, [90, 90, 90], [10, 10, 10]);
const DOG_C = twoColorPng(100, 50, [160, 100, 60], [30, 30, 30]);
const DOG_D = twoColorPng(80, 40, [240, 200, 150], [60, 40, 20]);

describeUi('the datasets pages', () => {
  const ui = useUiSession('datasets');
  let datasets: DatasetsSeed;
  let v2: SeededVersion;

  beforeAll(async () => {
    datasets = new DatasetsSeed(ui.api);
    await datasets.addVersion(
      'pets',
      { 'README.md': README, 'labels.csv': LABELS_V1, 'images/cats/a.png': CAT_A, 'images/cats/b.png': CAT_B, 'images/dogs/c.png': DOG_C },
      { message: 'First import from the shelter', author: 'alice', tags: ['baseline'] },
    );
    v2 = await datasets.addVersion(
      'pets',
      { 'README.md': README, 'labels.csv': LABELS_V2, 'images/cats/a.png': CAT_A, 'images/dogs/c.png': DOG_C, 'images/dogs/d.png': DOG_D },
      { message: 'More dogs; drop a blurry cat', author: 'bob', tags: ['train-v2'] },
    );
    await datasets.addVersion(
      'pets',
      { 'README.md': README, 'labels.csv': LABELS_V2, 'images/cats/a.png': CAT_A, 'images/dogs/c.png': DOG_C, 'images/dogs/d.png': DOG_D, 'notes/todo.txt': 'relabel 9\n' },
      { message: 'Notes', author: 'alice' },
    );
    await datasets.addVersion('weather', { 'daily.csv': 'day,temp\n1,12.5\n2,14\n' }, { message: 'One week', author: 'carol' });
  });

  const versionRows = (page: Page) => attributes(page.getByTestId('version-row'), 'data-version');
  const diffRows = (page: Page) =>
    page.getByTestId('diff-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-kind'), r.getAttribute('data-path')]));
  const treeEntries = (page: Page) =>
    page.getByTestId('tree-entry').evaluateAll((rows) =>
      rows.map((r) => [
        r.getAttribute('data-type'),
        r.getAttribute('data-name'),
        r.querySelector('[data-testid="tree-size"]')?.textContent,
        r.querySelector('[data-testid="tree-files"]')?.textContent,
      ]),
    );
  const urlParam = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);

  it('lists the datasets with their latest version and how many versions each has', async () => {
    const page = await ui.open('/experiments');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Datasets' }).click();
    await page.getByTestId('datasets-list').waitFor();
    expect(new URL(page.url()).pathname).toBe('/datasets');
    expect(await attributes(page.getByTestId('dataset-row'), 'data-name')).toEqual(['pets', 'weather']);
    expect(await texts(page.getByTestId('dataset-latest'))).toEqual(['v3', 'v1']);
    expect(await texts(page.getByTestId('dataset-version-count'))).toEqual(['3', '1']);
    await ui.shot(page, 'datasets-list');

    await page.getByTestId('datasets-search').fill('wea');
    await eventually(() => attributes(page.getByTestId('dataset-row'), 'data-name')).toEqual(['weather']);
    await page.getByTestId('datasets-search').fill('');
    await page.getByRole('link', { name: 'pets', exact: true }).click();
    await page.getByTestId('dataset-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/datasets/pets');

    // An unknown dataset or version shows the server's message, not a blank page.
    const unknown = await ui.open('/datasets/no-such-set');
    await eventually(() => unknown.getByTestId('dataset-page').getByRole('alert').textContent()).toContain("Dataset 'no-such-set' does not exist.");
    const noVersion = await ui.open('/datasets/pets/versions/9');
    await eventually(() => noVersion.getByTestId('version-page').getByRole('alert').textContent()).toContain("Dataset 'pets' has no version '9'.");
  });

  it('shows the version log, newest first, with tags, message, author, files, size and parent', async () => {
    const page = await ui.open('/datasets/pets');
    await page.getByTestId('version-log').waitFor();
    expect(await page.getByTestId('dataset-name').textContent()).toBe('pets');
    expect(await versionRows(page)).toEqual(['3', '2', '1']);
    expect(await texts(page.getByTestId('version-log').getByTestId('version-message'))).toEqual(['Notes', 'More dogs; drop a blurry cat', 'First import from the shelter']);
    expect(await texts(page.getByTestId('version-files'))).toEqual(['6', '5', '5']);
    expect(await texts(page.getByTestId('version-parent'))).toEqual(['v2', 'v1', '—']);
    const tags = await page
      .getByTestId('version-row')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[data-tag]')].map((t) => t.getAttribute('data-tag'))));
    expect(tags).toEqual([[], ['train-v2'], ['baseline']]);
    const v1Size = README.length + LABELS_V1.length + CAT_A.length + CAT_B.length + DOG_C.length;
    // The PNGs compress to little, so every size here reads in bytes.
    expect(v1Size).toBeLessThan(1024);
    expect(await page.locator('[data-testid="version-row"][data-version="1"] [data-testid="version-size"]').textContent()).toBe(`${v1Size} B`);
    await ui.shot(page, 'dataset-versions');
  });

  it('shows what changed between two picked versions, and keeps the pick in the URL', async () => {
    const page = await ui.open('/datasets/pets');
    await page.getByTestId('version-log').waitFor();
    expect(await page.getByTestId('dataset-diff').count()).toBe(0);
    await page.locator('[data-testid="version-row"][data-version="1"] [data-testid="pick-from"]').check();
    await page.locator('[data-testid="version-row"][data-version="2"] [data-testid="pick-to"]').check();
    await eventually(() => [urlParam(page, 'from'), urlParam(page, 'to')]).toEqual(['1', '2']);
    await eventually(() => diffRows(page)).toEqual([
      ['removed', 'images/cats/b.png'],
      ['added', 'images/dogs/d.png'],
      ['modified', 'labels.csv'],
    ]);
    expect(await texts(page.getByTestId('diff-summary').locator('span'))).toEqual([
      '1 added',
      '1 removed',
      '1 modified',
      '3 unchanged',
      `+${DOG_D.length + LABELS_V2.length} B / −${CAT_B.length + LABELS_V1.length} B`,
    ]);
    const labels = page.locator('[data-testid="diff-row"][data-path="labels.csv"] td');
    expect(await texts(labels)).toEqual(['~ modified', 'labels.csv', `${LABELS_V1.length} B`, `${LABELS_V2.length} B`, `+${LABELS_V2.length - LABELS_V1.length} B`]);
    await ui.shot(page, 'dataset-diff');

    // A shared link shows the same diff (here in the dark theme, to see its colours there).
    const shared = await ui.open(new URL(page.url()).pathname + new URL(page.url()).search, { colorScheme: 'dark' });
    await eventually(() => diffRows(shared)).toHaveLength(3);
    await ui.shot(shared, 'dataset-diff-dark');

    await page.getByTestId('diff-swap').click();
    await eventually(() => [urlParam(page, 'from'), urlParam(page, 'to')]).toEqual(['2', '1']);
    await eventually(() => diffRows(page)).toEqual([
      ['added', 'images/cats/b.png'],
      ['removed', 'images/dogs/d.png'],
      ['modified', 'labels.csv'],
    ]);

    // "Changes" compares a version with its parent; back returns to the previous pick.
    await page.locator('[data-testid="version-row"][data-version="3"] [data-testid="diff-parent"]').click();
    await eventually(() => [urlParam(page, 'from'), urlParam(page, 'to')]).toEqual(['2', '3']);
    await eventually(() => diffRows(page)).toEqual([['added', 'notes/todo.txt']]);
    expect(await page.getByTestId('diff-count-unchanged').textContent()).toBe('5 unchanged');
    await page.goBack();
    await eventually(() => [urlParam(page, 'from'), urlParam(page, 'to')]).toEqual(['2', '1']);
    await page.getByTestId('diff-close').click();
    await eventually(() => page.getByTestId('dataset-diff').count()).toBe(0);
    expect(new URL(page.url()).search).toBe('');
  });

  it('browses the file tree with summed folder sizes and file counts, breadcrumbs, and the folder in the URL', async () => {
    const page = await ui.open('/datasets/pets/versions/2');
    await page.getByTestId('file-tree').waitFor();
    expect(await page.getByTestId('version-number').textContent()).toBe('v2');
    expect(await page.getByTestId('version-digest').locator('dd').textContent()).toBe(v2.digest);
    expect(await page.getByTestId('version-contents').locator('dd').textContent()).toBe(`5 files, ${v2.total_bytes} B`);
    const images = CAT_A.length + DOG_C.length + DOG_D.length;
    expect(await treeEntries(page)).toEqual([
      ['dir', 'images', `${images} B`, '3'],
      ['file', 'README.md', `${README.length} B`, ''],
      ['file', 'labels.csv', `${LABELS_V2.length} B`, ''],
    ]);

    await page.getByTestId('tree-dir').filter({ hasText: 'images/' }).click();
    await eventually(() => urlParam(page, 'path')).toBe('images');
    await eventually(() => treeEntries(page)).toEqual([
      ['dir', 'cats', `${CAT_A.length} B`, '1'],
      ['dir', 'dogs', `${DOG_C.length + DOG_D.length} B`, '2'],
    ]);
    await page.getByTestId('tree-dir').filter({ hasText: 'dogs/' }).click();
    await eventually(() => urlParam(page, 'path')).toBe('images/dogs');
    await eventually(() => treeEntries(page)).toEqual([
      ['file', 'c.png', `${DOG_C.length} B`, ''],
      ['file', 'd.png', `${DOG_D.length} B`, ''],
    ]);
    expect(await texts(page.getByTestId('tree-crumb'))).toEqual(['pets@v2', 'images', 'dogs']);
    expect(await page.getByTestId('tree-total').textContent()).toBe(`2 files, ${DOG_C.length + DOG_D.length} B`);
    await ui.shot(page, 'version-files');

    await page.locator('[data-testid="tree-crumb"][data-path="images"]').click();
    await eventually(() => urlParam(page, 'path')).toBe('images');
    await page.goBack();
    await eventually(() => urlParam(page, 'path')).toBe('images/dogs');
    await eventually(() => attributes(page.getByTestId('tree-entry'), 'data-name')).toEqual(['c.png', 'd.png']);
    await page.getByTestId('tree-up').click();
    await eventually(() => attributes(page.getByTestId('tree-entry'), 'data-name')).toEqual(['cats', 'dogs']);
    await page.locator('[data-testid="tree-crumb"][data-path=""]').click();
    await eventually(() => urlParam(page, 'path')).toBe(null);

    // A tag names the version too, and a deep link opens the folder.
    const tagged = await ui.open('/datasets/pets/versions/train-v2?path=images/cats');
    await eventually(() => treeEntries(tagged)).toEqual([['file', 'a.png', `${CAT_A.length} B`, '']]);
    expect(await tagged.getByTestId('version-number').textContent()).toBe('v2');
    expect(await tagged.getByTestId('version-ref').textContent()).toBe('as “train-v2”');

    // A folder the version lacks says so.
    const missing = await ui.open('/datasets/pets/versions/1?path=images/birds');
    await missing.getByTestId('files-tab').getByRole('alert').waitFor();
    expect(await missing.getByTestId('files-tab').getByRole('alert').textContent()).toContain("no folder 'images/birds'");
  });

  it('links a run’s dataset input to the version, and the version back to the run', async () => {
    const experimentId = await ui.api.createExperiment('pets-training');
    const run = await ui.api.run({ experimentId, name: 'resnet-pets' });
    await datasets.logRunInput(run.runId, v2);

    const page = await ui.open(`/runs/${run.runId}`);
    const link = page.getByTestId('dataset-input-link');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/datasets/pets/versions/2');
    expect(await link.textContent()).toBe('pets@2');
    await ui.shot(page, 'run-dataset-input');
    await link.click();
    await page.getByTestId('version-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/datasets/pets/versions/2');

    await page.getByTestId('tab-runs').click();
    await eventually(() => urlParam(page, 'tab')).toBe('runs');
    await eventually(() => attributes(page.getByTestId('version-run'), 'data-run-id')).toEqual([run.runId]);
    await eventually(() => page.getByTestId('version-run-experiment').textContent()).toBe('pets-training');
    await ui.shot(page, 'version-runs');
    await page.getByTestId('version-run-link').click();
    await page.getByTestId('run-page').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/runs/${run.runId}`);

    // Another version of the same dataset was not used by the run.
    const other = await ui.open('/datasets/pets/versions/1?tab=runs');
    await other.getByTestId('version-runs-empty').waitFor();
  });

  it('profiles a version: its tables’ columns, distributions and first rows, its images and its file types', async () => {
    const page = await ui.open('/datasets/pets/versions/2?tab=profile');
    await page.getByTestId('profile-tab').waitFor({ timeout: 60_000 });
    const table = page.locator('[data-testid="table-profile"][data-path="labels.csv"]');
    expect(await table.getByTestId('table-rows').textContent()).toBe('10 rows');
    expect(await attributes(table.getByTestId('column-row'), 'data-column')).toEqual(['id', 'label', 'weight']);
    const weight = table.locator('[data-testid="column-row"][data-column="weight"]');
    expect(await weight.getByTestId('column-missing').textContent()).toBe('1 (10%)');
    expect(await weight.getByTestId('column-min').textContent()).toBe('0.4');
    expect(await weight.getByTestId('column-max').textContent()).toBe('30');
    expect(await table.locator('[data-column="id"] [data-p="0.5"]').textContent()).toBe('p50 5.5');
    expect(await weight.getByTestId('histogram-bar').count()).toBeGreaterThan(1);
    const counted = (await attributes(weight.getByTestId('histogram-bar'), 'data-count')).reduce((n, c) => n + Number(c), 0);
    expect(counted).toBe(9);
    const label = table.locator('[data-testid="column-row"][data-column="label"]');
    expect(await attributes(label.getByTestId('top-value'), 'data-value')).toEqual(['dog', 'cat', 'bird']);
    expect(await attributes(label.getByTestId('top-value'), 'data-count')).toEqual(['5', '4', '1']);
    expect(await table.getByTestId('sample-row').count()).toBe(10);
    expect(await page.getByTestId('images-count').locator('dd').textContent()).toBe('3');
    expect(await page.getByTestId('images-formats').locator('dd').textContent()).toBe('png 3');
    expect(await page.getByTestId('images-widths').locator('dd').textContent()).toBe('64 px – 100 px (mean 81 px)');
    expect(await attributes(page.getByTestId('file-type'), 'data-extension')).toContain('png');
    await ui.shot(page, 'version-profile');
    await table.getByTestId('sample-rows').scrollIntoViewIfNeeded();
    await ui.shot(page, 'version-profile-sample');
  });

  it('says clearly when the profile cannot be computed', async () => {
    const page = await ui.newPage();
    await page.route('**/api/v1/datasets/*/versions/*/profile', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error_code: 'INTERNAL_ERROR', message: 'DuckDB is not installed' }) }),
    );
    await page.goto('/datasets/pets/versions/1?tab=profile');
    const alert = page.getByTestId('profile-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This version’s profile is not available.');
    expect(await alert.textContent()).toContain('DuckDB is not installed');
    await ui.shot(page, 'version-profile-error');
  });

  it('runs SQL over the version’s files, shows the rows, and shows the error of a bad query', async () => {
    const page = await ui.open('/datasets/pets/versions/2?tab=query');
    await page.getByTestId('query-table').first().waitFor();
    expect(await attributes(page.getByTestId('query-table'), 'data-path')).toEqual(['labels.csv']);
    await page.getByTestId('query-sql').fill("select label, count(*) as n from 'labels.csv' group by label order by n desc, label");
    await page.getByTestId('query-run').click();
    await eventually(() => urlParam(page, 'sql')).toContain('group by label');
    await page.getByTestId('query-result').waitFor({ timeout: 30_000 });
    expect(await texts(page.getByTestId('query-rows').locator('thead th'))).toEqual([expect.stringMatching(/^label /), expect.stringMatching(/^n /)]);
    const rows = await page.getByTestId('query-row').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['dog', '5'],
      ['cat', '4'],
      ['bird', '1'],
    ]);
    expect(await page.getByTestId('query-count').textContent()).toBe('3 rows');
    await ui.shot(page, 'version-query');

    await page.getByTestId('query-sql').fill("select nope from 'labels.csv'");
    await page.getByTestId('query-sql').press('Control+Enter');
    const error = page.getByTestId('query-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/nope/);
    expect(await page.getByTestId('query-result').count()).toBe(0);
    await ui.shot(page, 'version-query-error');
  });
});
