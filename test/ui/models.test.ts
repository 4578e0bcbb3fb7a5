import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { attributes, describeUi, eventually, texts, useUiSession } from '../support/browser.js';
import type { SeededVersion } from '../support/datasets-seed.js';
import { ModelsSeed, type SeededModelVersion } from '../support/models-seed.js';

describeUi('the model registry pages', () => {
  const ui = useUiSession('models');
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const name = `iris-clf-${suffix}`;
  const other = `other-model-${suffix}`;
  let seed: ModelsSeed;
  let dataset: SeededVersion;
  const v: SeededModelVersion[] = [];

  // Three versions of one model: v1 and v3 pass @production's gate (val_acc >= 0.9), v2 does
  // not; @production starts on v1. A second model, without versions, for the name filter.
  beforeAll(async () => {
    seed = new ModelsSeed(ui.api);
    dataset = await seed.addDataset(`iris-train-${suffix}`);
    await seed.createModel(name, 'Classifies irises from four measurements.', { team: 'vision' });
    await seed.createModel(other, '');
    v.push(await seed.register(name, { valAcc: 0.95, seed: 1, dataset }));
    v.push(await seed.register(name, { valAcc: 0.8, seed: 2 }));
    v.push(await seed.register(name, { valAcc: 0.97, seed: 3 }));
    await seed.setAlias(name, 'production', '1');
    await seed.setGates(name, 'production', [{ metric: 'val_acc >= 0.9' }]);
  });

  const openModel = async (): Promise<Page> => {
    const page = await ui.open(`/models/${name}`);
    await page.getByTestId('model-name').waitFor();
    return page;
  };
  const aliasRow = (page: Page, alias: string) => page.locator(`[data-testid="model-alias"][data-alias="${alias}"]`);

  it('lists the models with their latest version, aliases and version count, and filters by name in the URL', async () => {
    const page = await ui.open('/experiments');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Models' }).click();
    await page.getByTestId('models-page').waitFor();
    const row = page.locator(`[data-testid="model-row"][data-name="${name}"]`);
    await row.waitFor();
    expect(await texts(row.getByTestId('model-latest'))).toEqual(['v3']);
    expect(await texts(row.getByTestId('alias-chip'))).toEqual(['production → v1']);
    expect(await texts(row.getByTestId('model-version-count'))).toEqual(['3']);
    expect(await texts(row.getByTestId('model-description'))).toEqual(['Classifies irises from four measurements.']);
    const otherRow = page.locator(`[data-testid="model-row"][data-name="${other}"]`);
    expect(await texts(otherRow.getByTestId('model-latest'))).toEqual(['none']);
    expect(await texts(otherRow.getByTestId('model-version-count'))).toEqual(['0']);
    await ui.shot(page, 'models-page');

    // Any case, any part of the name; the filter is in the URL.
    await page.getByTestId('models-search').fill(`CLF-${suffix}`);
    await eventually(() => new URL(page.url()).searchParams.get('q')).toBe(`CLF-${suffix}`);
    await eventually(() => attributes(page.getByTestId('model-row'), 'data-name')).toEqual([name]);
    await page.getByTestId('models-search').fill(`no-such-model_%-${suffix}`);
    await page.getByTestId('models-empty').waitFor();

    // A shared link opens with the filter applied.
    const linked = await ui.open(`/models?q=${encodeURIComponent(`other-model-${suffix}`)}`);
    await eventually(() => attributes(linked.getByTestId('model-row'), 'data-name')).toEqual([other]);
    await linked.getByTestId('model-link').click();
    await eventually(() => linked.getByTestId('model-name').textContent()).toBe(other);
  });

  it('shows the model: description, tags, aliases, gates, versions and history', async () => {
    const page = await openModel();
    expect(await page.getByTestId('model-page-description').textContent()).toBe('Classifies irises from four measurements.');
    expect(await attributes(page.getByTestId('model-tags').locator('[data-key]'), 'data-key')).toEqual(['team']);
    expect(await attributes(page.getByTestId('model-alias'), 'data-version')).toEqual(['1']);
    expect(await texts(page.getByTestId('gate-line'))).toEqual(['- metric: val_acc >= 0.9']);

    expect(await attributes(page.getByTestId('version-row'), 'data-version')).toEqual(['3', '2', '1']);
    const v1 = page.locator('[data-testid="version-row"][data-version="1"]');
    expect(await attributes(v1.getByTestId('version-alias'), 'data-alias')).toEqual(['production']);
    expect(await v1.getByTestId('version-format').textContent()).toBe('onnx');
    expect(await v1.getByTestId('version-signature').textContent()).toBe('features FP32[-1,4] → probs FP32[-1,3]');
    expect(await v1.getByTestId('version-metrics').textContent()).toBe('acc 0.96 · loss 0.1 · val_acc 0.95');
    expect(await v1.getByTestId('version-run-link').getAttribute('href')).toBe(`/runs/${v[0]!.runId}`);

    expect(await attributes(page.getByTestId('alias-event'), 'data-to')).toEqual(['1']);
    expect(await texts(page.getByTestId('alias-event-move'))).toEqual(['set to v1 (view)']);
    await ui.shot(page, 'model-page');
  });

  it('moves an alias once its gates pass, showing each gate first', async () => {
    const page = await openModel();
    await aliasRow(page, 'production').getByTestId('move-alias').click();
    const form = page.getByTestId('move-alias-form');
    await form.getByTestId('move-alias-version').selectOption('3');
    // Nothing moves before the gates have been checked.
    expect(await form.getByTestId('move-alias-confirm').isDisabled()).toBe(true);
    await form.getByTestId('move-alias-check').click();
    await eventually(() => attributes(form.getByTestId('gate-result'), 'data-passed')).toEqual(['true']);
    expect(await texts(form.getByTestId('gate-detail'))).toEqual(['val_acc 0.97 >= 0.9']);
    await ui.shot(page, 'model-move-alias-check');
    await form.getByTestId('move-alias-confirm').click();

    await eventually(() => attributes(page.getByTestId('model-alias'), 'data-version')).toEqual(['3']);
    expect(await seed.aliasVersion(name, 'production')).toBe('3');
    await eventually(() => texts(page.getByTestId('alias-event-move'))).toEqual(['v1 → v3 (view)', 'set to v1 (view)']);
    expect(await attributes(page.locator('[data-testid="version-row"][data-version="3"] [data-testid="version-alias"]'), 'data-alias')).toEqual(['production']);
    expect(await page.getByTestId('move-alias-form').count()).toBe(0);
  });

  it('shows a failed gate and moves only when forced, with a warning', async () => {
    const page = await openModel();
    await aliasRow(page, 'production').getByTestId('move-alias').click();
    const form = page.getByTestId('move-alias-form');
    await form.getByTestId('move-alias-version').selectOption('2');
    await form.getByTestId('move-alias-check').click();
    await eventually(() => attributes(form.getByTestId('gate-result'), 'data-passed')).toEqual(['false']);
    expect(await texts(form.getByTestId('gate-detail'))).toEqual(['val_acc 0.8 not >= 0.9']);
    expect(await form.getByTestId('move-alias-confirm').isDisabled()).toBe(true);

    await form.getByTestId('move-alias-force').check();
    await form.getByTestId('move-alias-force-warning').waitFor();
    await ui.shot(page, 'model-move-alias-force');
    await form.getByTestId('move-alias-confirm').click();
    await eventually(() => attributes(page.getByTestId('model-alias'), 'data-version')).toEqual(['2']);
    expect(await seed.aliasVersion(name, 'production')).toBe('2');
    await eventually(() => attributes(page.getByTestId('alias-event'), 'data-from')).toEqual(['3', '1', '']);
  });

  it("shows the server's refusal when the gates fail at the move itself, and moves nothing", async () => {
    const page = await openModel();
    await aliasRow(page, 'production').getByTestId('move-alias').click();
    const form = page.getByTestId('move-alias-form');
    await form.getByTestId('move-alias-version').selectOption('1');
    await form.getByTestId('move-alias-check').click();
    await eventually(() => attributes(form.getByTestId('gate-result'), 'data-passed')).toEqual(['true']);
    // The gate is tightened between the check and the move: the server checks again and refuses.
    await seed.setGates(name, 'production', [{ metric: 'val_acc >= 0.96' }]);
    await form.getByTestId('move-alias-confirm').click();
    const error = form.getByTestId('move-alias-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(`version 1 of ${name} may not take @production: metric gate failed: val_acc 0.95 not >= 0.96`);
    expect(await seed.aliasVersion(name, 'production')).toBe('2');
    expect(await attributes(page.getByTestId('model-alias'), 'data-version')).toEqual(['2']);

    // A new alias with no gates: the check says so and the alias is set.
    await form.getByTestId('move-alias-cancel').click();
    await page.getByTestId('add-alias').click();
    const add = page.getByTestId('move-alias-form');
    await add.getByTestId('move-alias-name').fill('staging');
    await add.getByTestId('move-alias-version').selectOption('3');
    await add.getByTestId('move-alias-check').click();
    await add.getByTestId('gate-check-none').waitFor();
    await add.getByTestId('move-alias-confirm').click();
    await eventually(() => attributes(page.getByTestId('model-alias'), 'data-alias')).toEqual(['production', 'staging']);
    expect(await seed.aliasVersion(name, 'staging')).toBe('3');

    // Removing an alias asks first.
    await aliasRow(page, 'staging').getByTestId('remove-alias').click();
    await aliasRow(page, 'staging').getByTestId('remove-alias-confirm').click();
    await eventually(() => attributes(page.getByTestId('model-alias'), 'data-alias')).toEqual(['production']);
    expect(await attributes(page.getByTestId('alias-event').first(), 'data-action')).toEqual(['delete']);
  });

  it('shows a version: facts, signature, metrics, lineage, files and how to serve it', async () => {
    const page = await ui.open(`/models/${name}`);
    await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-link').click();
    await page.getByTestId('model-version-page').waitFor();
    await eventually(() => page.getByTestId('model-version-title').textContent()).toBe(`${name} v1`);

    const facts = page.getByTestId('version-facts');
    expect(await facts.getByTestId('fact-format').locator('dd').textContent()).toBe('onnx');
    expect(await facts.getByTestId('fact-files').locator('dd').textContent()).toBe('1');
    expect(await facts.getByTestId('fact-user').locator('dd').textContent()).toBe('ann');
    expect(await facts.getByTestId('version-run-link').getAttribute('href')).toBe(`/runs/${v[0]!.runId}`);

    expect(await attributes(page.getByTestId('signature-row'), 'data-name')).toEqual(['features', 'probs']);
    expect(await attributes(page.getByTestId('signature-row'), 'data-kind')).toEqual(['input', 'output']);
    expect(await texts(page.getByTestId('signature-datatype'))).toEqual(['FP32', 'FP32']);
    expect(await texts(page.getByTestId('signature-shape'))).toEqual(['[-1, 4]', '[-1, 3]']);

    expect(await attributes(page.getByTestId('metric-row'), 'data-key')).toEqual(['acc', 'loss', 'val_acc']);
    expect(await texts(page.getByTestId('metric-value'))).toEqual(['0.96', '0.1', '0.95']);

    // Lineage: the Flywheel dataset links to its version (found by digest); the other input is named only.
    const ours = page.locator(`[data-testid="lineage-row"][data-name="${dataset.dataset}"]`);
    expect(await ours.getAttribute('data-digest')).toBe(dataset.digest);
    await eventually(() => ours.getByTestId('lineage-link').getAttribute('href')).toBe(`/datasets/${dataset.dataset}/versions/${dataset.version}`);
    const elsewhere = page.locator('[data-testid="lineage-row"][data-name="iris"]');
    expect(await elsewhere.getAttribute('data-digest')).toBe('d1g3st');
    expect(await elsewhere.getByTestId('lineage-link').count()).toBe(0);

    await page.getByTestId('file-row').first().waitFor();
    expect(await attributes(page.getByTestId('file-row'), 'data-path')).toEqual(['model.onnx']);
    expect(await page.getByTestId('file-sha256').textContent()).toBe(v[0]!.sha256);
    expect(await page.getByTestId('file-size').getAttribute('title')).toBe(`${v[0]!.onnx.length} bytes`);
    // The file downloads from the registry.
    const href = (await page.getByTestId('file-row').locator('a').getAttribute('href'))!;
    const downloaded = new Uint8Array(await (await fetch(new URL(href, ui.url))).arrayBuffer());
    expect(downloaded).toEqual(v[0]!.onnx);

    expect(await page.getByTestId('serve-command').textContent()).toBe(`fw serve ${name}@1 --port 8080`);
    const curl = (await page.getByTestId('serve-curl').textContent())!;
    expect(curl).toContain(`http://127.0.0.1:8080/v2/models/${name}/infer`);
    expect(curl).toContain('{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[0,0,0,0]}]}');
    expect(await page.getByTestId('serve-export').textContent()).toBe(`fw models export ${name}/1 --target web --out ./bundle`);
    await ui.shot(page, 'model-version-page');

    // A version an alias points at is served by the alias.
    const v2 = await ui.open(`/models/${name}/versions/2`);
    await eventually(() => v2.getByTestId('serve-command').textContent()).toBe(`fw serve ${name}@production --port 8080`);
  });

  it('says so when the model or version does not exist', async () => {
    const page = await ui.open(`/models/no-such-model-${suffix}`);
    await page.getByTestId('model-page').getByRole('alert').waitFor();
    expect(await page.getByTestId('model-name').count()).toBe(0);
    const version = await ui.open(`/models/${name}/versions/99`);
    await version.getByTestId('model-version-page').getByRole('alert').waitFor();
  });
});
