import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attributes, describeUi, eventually, texts, useUiSession } from '../support/browser.js';
import { SweepsSeed, type SeededSweep, type SeededTrial } from '../support/sweeps-seed.js';

/** The made-up objective the test "trains": lowest at x = 0.3 with adam. */
const loss = (t: SeededTrial): number => (Number(t.params.x) - 0.3) ** 2 + (t.params.opt === 'sgd' ? 0.1 : 0);
const TOLD = 6;

describeUi('the sweeps pages', () => {
  const ui = useUiSession('sweeps');
  const suite = `sweeps-${process.pid}-${Date.now().toString(36)}`;
  let seed: SweepsSeed;
  let sweep: SeededSweep;
  const told: { trial: SeededTrial; value: number }[] = [];

  // One client-driven sweep, asked and told through the API the way the SDK's ask/tell would.
  beforeAll(async () => {
    seed = new SweepsSeed(ui.api);
    sweep = await seed.create(
      [
        `name: ${suite}`,
        'metric: { name: loss, goal: minimize }',
        'method: random',
        'max_trials: 8',
        'parameters:',
        '  x: { distribution: uniform, min: 0, max: 1 }',
        '  opt: { values: [adam, sgd] }',
        '',
      ].join('\n'),
    );
    for (let i = 0; i < TOLD; i++) {
      const trial = await seed.ask(sweep.sweep_id);
      const value = loss(trial);
      await seed.tell(sweep.sweep_id, trial.number, value);
      told.push({ trial, value });
    }
  });
  afterAll(async () => {
    if (sweep) await seed.cancel(sweep.sweep_id);
  });

  const best = () => told.reduce((a, b) => (b.value < a.value ? b : a));
  const trialNumbers = (page: Page) => attributes(page.getByTestId('trial-row'), 'data-trial');

  it('lists the sweep with its progress and best value, and filters by state in the URL', async () => {
    const page = await ui.open('/experiments');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Sweeps' }).click();
    await page.getByTestId('sweeps-page').waitFor();
    const row = page.locator(`[data-testid="sweep-row"][data-sweep-id="${sweep.sweep_id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('running');
    expect(await texts(row.getByTestId('sweep-progress'))).toEqual([`${TOLD} / 8`]);
    expect(await row.getByTestId('sweep-best').textContent()).not.toBe('—');
    expect(await row.getByTestId('sweep-link').textContent()).toBe(suite);
    await ui.shot(page, 'sweeps-page');

    await page.getByTestId('state-filter-finished').check();
    await eventually(() => new URL(page.url()).searchParams.get('state')).toBe('finished');
    await eventually(() => row.count()).toBe(0);
    await page.getByTestId('state-filter-running').check();
    await eventually(() => new URL(page.url()).searchParams.get('state')).toBe('running,finished');
    await eventually(() => row.count()).toBe(1);
  });

  it('shows the trials, the best trial, the charts and the importance', async () => {
    const page = await ui.open(`/sweeps/${sweep.sweep_id}`);
    expect(await page.getByTestId('sweep-name').textContent()).toBe(suite);
    await eventually(() => trialNumbers(page)).toEqual(told.map((t) => String(t.trial.number)));
    // The best trial: highlighted in the table, in its card with a link to its run.
    const b = best();
    expect(await attributes(page.locator('[data-testid="trial-row"][data-best="true"]'), 'data-trial')).toEqual([String(b.trial.number)]);
    const card = page.getByTestId('sweep-best-trial');
    expect(await card.getAttribute('data-trial')).toBe(String(b.trial.number));
    expect(await card.getByTestId('sweep-best-run-link').getAttribute('href')).toBe(`/runs/${b.trial.run_id}`);
    expect(await attributes(card.locator('[data-param]'), 'data-param')).toEqual(['x', 'opt']);
    // Parameter columns, one per parameter, hold each trial's values.
    const first = page.locator(`[data-testid="trial-row"][data-trial="${told[0]!.trial.number}"]`);
    expect(await first.locator('[data-param="opt"]').textContent()).toBe(String(told[0]!.trial.params.opt));

    // The best-so-far chart draws on a canvas; the parallel coordinates have one line per
    // trial, a linear axis for x, a categorical one for opt, and the metric.
    await page.getByTestId('sweep-best-chart').locator('canvas').first().waitFor();
    await eventually(() => page.getByTestId('sweep-pc-line').count()).toBe(TOLD);
    expect(await attributes(page.getByTestId('sweep-pc-axis'), 'data-kind')).toEqual(['linear', 'categorical', 'linear']);
    expect(await attributes(page.locator('[data-testid="sweep-pc-line"][data-best="true"]'), 'data-trial')).toEqual([String(b.trial.number)]);

    // Six trials with a value are enough for the importance (it needs four).
    await page.getByTestId('sweep-importance').waitFor();
    const params = await attributes(page.getByTestId('sweep-importance-bar'), 'data-param');
    expect(params.length).toBeGreaterThan(0);
    for (const p of params) expect(['x', 'opt']).toContain(p);

    // Sorting by value puts the best first; the order lives in the URL.
    await page.getByTestId('trials-sort-value').click();
    await eventually(() => new URL(page.url()).searchParams.get('sort')).toBe('best');
    const byValue = [...told].sort((p, q) => p.value - q.value || p.trial.number - q.trial.number).map((t) => String(t.trial.number));
    await eventually(() => trialNumbers(page)).toEqual(byValue);

    await page.getByTestId('sweep-config').locator('summary').click();
    expect(await page.getByTestId('sweep-config').locator('pre').textContent()).toContain(`name: ${suite}`);
    await ui.shot(page, 'sweep-page');
  });

  it('says so when the sweep does not exist', async () => {
    const page = await ui.open('/sweeps/s000000000000');
    await page.getByTestId('sweep-page').getByRole('alert').waitFor();
    expect(await page.getByTestId('sweep-name').count()).toBe(0);
  });

  it('pauses and resumes the sweep, and cancels it after asking', async () => {
    const page = await ui.open(`/sweeps/${sweep.sweep_id}`);
    const state = page.getByTestId('sweep-header-state');
    await eventually(() => state.getAttribute('data-state')).toBe('running');

    await page.getByTestId('sweep-pause').click();
    await eventually(() => state.getAttribute('data-state')).toBe('paused');
    expect((await seed.get(sweep.sweep_id)).state).toBe('paused');

    await page.getByTestId('sweep-resume').click();
    await eventually(() => state.getAttribute('data-state')).toBe('running');
    expect((await seed.get(sweep.sweep_id)).state).toBe('running');

    await page.getByTestId('sweep-cancel').click();
    await page.getByTestId('sweep-cancel-keep').click();
    expect((await seed.get(sweep.sweep_id)).state).toBe('running');
    await page.getByTestId('sweep-cancel').click();
    await page.getByTestId('sweep-cancel-confirm').click();
    await eventually(() => state.getAttribute('data-state')).toBe('cancelled');
    expect((await seed.get(sweep.sweep_id)).state).toBe('cancelled');
    expect(await page.getByTestId('sweep-pause').count()).toBe(0);
  });
});
