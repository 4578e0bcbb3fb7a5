import { beforeAll, expect, it } from 'vitest';
import { describeUi, useUiSession } from '../support/browser.js';

describeUi('the UI when something is wrong', () => {
  const ui = useUiSession('errors');
  let experimentId: string;
  const missingRun = '0123456789abcdef0123456789abcdef';

  beforeAll(async () => {
    experimentId = await ui.api.createExperiment(`errors-${process.pid}-${Date.now().toString(36)}`);
    await ui.api.run({ experimentId, name: 'only-run' });
  });

  const serverMessage = async (path: string): Promise<string> => {
    const res = await fetch(`${ui.url}${path}`);
    expect(res.status).toBe(404);
    return ((await res.json()) as { message: string }).message;
  };

  it('shows the server’s message for an unknown run id, not a blank page', async () => {
    const message = await serverMessage(`/api/2.0/mlflow/runs/get?run_id=${missingRun}`);
    const page = await ui.open(`/runs/${missingRun}`);
    const alert = page.getByTestId('run-page').getByRole('alert').filter({ hasText: message });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(message);
    await ui.shot(page, 'error-unknown-run');
  });

  it('shows the server’s message for an unknown experiment id', async () => {
    const message = await serverMessage('/api/2.0/mlflow/experiments/get?experiment_id=987654');
    const page = await ui.open('/experiments/987654');
    const alert = page.getByRole('alert').filter({ hasText: message });
    await alert.waitFor();
    expect(await page.getByTestId('experiment-name').textContent()).toBe('987654');
    await ui.shot(page, 'error-unknown-experiment');
  });

  it('offers no edits on a deleted run, which the server would refuse', async () => {
    const run = await ui.api.run({ experimentId, name: 'deleted-run', tags: { team: 'vision' } });
    await ui.api.deleteRun(run.runId);
    const page = await ui.open(`/runs/${run.runId}`);
    await page.getByTestId('run-name').waitFor();
    await page.getByTestId('tags-table').waitFor();
    expect(await page.getByTestId('run-name-edit').count()).toBe(0);
    expect(await page.getByTestId('tag-add-form').count()).toBe(0);
    expect(await page.getByTestId('tag-edit').count()).toBe(0);
    await ui.shot(page, 'deleted-run-read-only');
  });

  // Last in the file: it stops the server.
  it('says it cannot reach the server once the server is gone', async () => {
    const page = await ui.open('/experiments', { allowPageErrors: true });
    const link = page.locator(`[data-testid="experiment-row"][data-experiment-id="${experimentId}"] [data-testid="experiment-link"]`);
    await link.waitFor();
    await ui.stopServer();
    // The app is loaded; moving to another page fetches from the API, which is gone.
    await link.click();
    const alert = page.getByRole('alert').filter({ hasText: 'Cannot reach the Flywheel server' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Cannot reach the Flywheel server. Is `fw server` running?');
    expect(await alert.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await ui.shot(page, 'error-server-unreachable');
  });
});
