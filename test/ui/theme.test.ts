import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeUi, eventually, useUiSession } from '../support/browser.js';
import type { SeededRun } from '../support/seed-api.js';

describeUi('the dark theme', () => {
  const ui = useUiSession('theme');
  let run: SeededRun;

  beforeAll(async () => {
    const experimentId = await ui.api.createExperiment(`theme-${process.pid}-${Date.now().toString(36)}`);
    run = await ui.api.run({ experimentId, name: 'themed', params: { lr: 0.1 }, metrics: { loss: [1, 0.5, 0.3, 0.2], acc: [0.2, 0.5, 0.7, 0.8] } });
  });

  // Expressions evaluated in the page (the tests compile without the DOM library).
  const theme = (page: Page) => page.evaluate<string | undefined>('document.documentElement.dataset.theme');
  const background = (page: Page) => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  const toggle = (page: Page) => page.getByRole('button', { name: 'Toggle dark mode' });

  it('switches the whole page, charts included, and remembers the choice', async () => {
    const page = await ui.open(`/runs/${run.runId}?tab=charts`);
    const canvas = page.locator('[data-testid="metric-chart"][data-key="loss"] canvas').first();
    await canvas.waitFor();
    await eventually(() => page.locator('[data-testid="metric-chart"][data-key="loss"] [data-testid="chart-legend"] .value').textContent()).toBe('0.2');
    expect(await theme(page)).toBe('light');
    expect(await background(page)).toBe('rgb(255, 255, 255)');
    expect(await toggle(page).textContent()).toBe('Dark');
    await ui.shot(page, 'theme-light');

    // Canvas drawing cannot follow CSS variables: the chart is drawn anew in the dark colours.
    await canvas.evaluate((el) => el.setAttribute('data-drawn-in', 'light'));
    await toggle(page).click();
    await eventually(() => theme(page)).toBe('dark');
    expect(await background(page)).toBe('rgb(20, 24, 31)');
    expect(await toggle(page).textContent()).toBe('Light');
    await eventually(() => canvas.getAttribute('data-drawn-in')).toBeNull();
    await ui.shot(page, 'theme-dark');

    await page.goto('/experiments');
    await page.getByTestId('experiments-list').waitFor();
    expect(await theme(page)).toBe('dark');
    await ui.shot(page, 'theme-dark-experiments');

    await toggle(page).click();
    await eventually(() => theme(page)).toBe('light');
    expect(await background(page)).toBe('rgb(255, 255, 255)');
  });

  it('starts dark when the system prefers it and nothing is saved', async () => {
    const page = await ui.open('/experiments', { colorScheme: 'dark' });
    await page.getByTestId('experiments-list').waitFor();
    expect(await theme(page)).toBe('dark');
    expect(await background(page)).toBe('rgb(20, 24, 31)');
    await ui.shot(page, 'theme-dark-by-system-preference');
  });
});
