import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeUi, eventually, useUiSession } from '../support/browser.js';

describeUi('the experiments page', () => {
  const ui = useUiSession('experiments');
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const names = { vision: `vision-${tag}`, speech: `speech-${tag}` };
  let visionId: string;
  let speechId: string;

  beforeAll(async () => {
    visionId = await ui.api.createExperiment(names.vision);
    speechId = await ui.api.createExperiment(names.speech);
    for (let i = 0; i < 3; i++) await ui.api.run({ experimentId: visionId, name: `v${i}`, metrics: { acc: [0.5, 0.6] } });
    await ui.api.run({ experimentId: speechId, name: 's0', status: 'RUNNING' });
  });

  const row = (page: Page, id: string) => page.locator(`[data-testid="experiment-row"][data-experiment-id="${id}"]`);
  /** The count cell's own number, without the "N running" badge beside it. */
  const runCount = (page: Page, id: string) => row(page, id).getByTestId('experiment-run-count').evaluate((el) => el.firstChild?.textContent ?? '');

  it('lists the seeded experiments with their run counts', async () => {
    const page = await ui.open('/experiments');
    await row(page, visionId).waitFor();
    expect(await row(page, visionId).getByTestId('experiment-link').textContent()).toBe(names.vision);
    expect(await row(page, speechId).getByTestId('experiment-link').textContent()).toBe(names.speech);
    await eventually(() => runCount(page, visionId)).toBe('3');
    await eventually(() => runCount(page, speechId)).toBe('1');
    expect(await row(page, speechId).getByText('1 running').isVisible()).toBe(true);
    await ui.shot(page, 'experiments-list');
  });

  it('opens an experiment’s runs from its name', async () => {
    const page = await ui.open('/experiments');
    await row(page, visionId).getByTestId('experiment-link').click();
    await page.getByTestId('run-row').first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`/experiments/${visionId}`);
    expect(await page.getByTestId('run-row').count()).toBe(3);
    await ui.shot(page, 'experiments-open-runs');
  });

  it('creates an experiment, renames it and deletes it', async () => {
    const page = await ui.open('/experiments');
    await row(page, visionId).waitFor();
    const created = `created-${tag}`;
    await page.getByTestId('experiment-create-name').fill(created);
    await page.getByTestId('experiment-create-submit').click();
    const link = page.getByTestId('experiment-link').filter({ hasText: created });
    await link.waitFor();
    const newRow = page.locator('[data-testid="experiment-row"]').filter({ has: link });
    const id = (await newRow.getAttribute('data-experiment-id'))!;
    await eventually(() => runCount(page, id)).toBe('0');
    expect(await page.getByTestId('experiment-create-name').inputValue()).toBe('');
    await ui.shot(page, 'experiments-created');

    const renamed = `renamed-${tag}`;
    await row(page, id).getByTestId('experiment-rename').click();
    await row(page, id).getByTestId('experiment-rename-input').fill(renamed);
    await row(page, id).getByTestId('experiment-rename-save').click();
    await eventually(() => row(page, id).getByTestId('experiment-link').textContent()).toBe(renamed);
    const stored = await ui.api.get<{ experiment: { name: string } }>('/api/2.0/mlflow/experiments/get', { experiment_id: id });
    expect(stored.experiment.name).toBe(renamed);
    await ui.shot(page, 'experiments-renamed');

    await row(page, id).getByTestId('experiment-delete').click();
    await row(page, id).getByTestId('experiment-delete-confirm').click();
    await row(page, id).waitFor({ state: 'detached' });
    const deleted = await ui.api.get<{ experiment: { lifecycle_stage: string } }>('/api/2.0/mlflow/experiments/get', { experiment_id: id });
    expect(deleted.experiment.lifecycle_stage).toBe('deleted');
    // Still gone after a reload: the server deleted it, not just the page.
    await page.reload();
    await row(page, visionId).waitFor();
    expect(await row(page, id).count()).toBe(0);
    await ui.shot(page, 'experiments-deleted');
  });

  it('shows the server’s error for a duplicate name next to the field', async () => {
    const refusal = await fetch(`${ui.url}/api/2.0/mlflow/experiments/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: names.vision }),
    });
    expect(refusal.status).toBe(400);
    const { message } = (await refusal.json()) as { message: string };

    const page = await ui.open('/experiments');
    await row(page, visionId).waitFor();
    await page.getByTestId('experiment-create-name').fill(names.vision);
    await page.getByTestId('experiment-create-submit').click();
    const error = page.getByTestId('experiment-create-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(message);
    // The list is unchanged and the form still usable.
    expect(await page.getByTestId('experiment-link').filter({ hasText: names.vision }).count()).toBe(1);
    expect(await page.getByTestId('experiment-create-name').isEditable()).toBe(true);
    await ui.shot(page, 'experiments-duplicate-error');
  });
});
