import type { Page } from 'playwright-core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { attributes, describeUi, eventually, texts, useUiSession } from '../support/browser.js';
import { JobsSeed } from '../support/jobs-seed.js';

describeUi('the jobs pages', () => {
  const ui = useUiSession('jobs');
  const suite = `jobs-${process.pid}-${Date.now().toString(36)}`;
  let jobs: JobsSeed;

  beforeAll(() => {
    jobs = new JobsSeed(ui.api, suite);
  });
  // The server leaves running jobs running when it stops: each test's sleepers go with it.
  afterEach(async () => {
    await jobs.cancelActive();
  });

  const openJobs = async (labels: string, query = ''): Promise<Page> => {
    const page = await ui.open(`/jobs?${new URLSearchParams({ label: labels })}${query}`);
    await page.getByTestId('jobs-page').waitFor();
    return page;
  };
  const rowIds = (page: Page, table: string) => attributes(page.getByTestId(table).getByTestId('job-row'), 'data-job-id');
  const row = (page: Page, jobId: string) => page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`);

  it('lists the queue in priority order, the running job and the finished ones, with host use', async () => {
    const labels = { case: 'list' };
    const ok = await jobs.submit({ name: 'quick-ok', command: ['sh', '-c', 'echo ok'], labels });
    const bad = await jobs.submit({ name: 'exits-3', command: ['sh', '-c', 'exit 3'], labels });
    await jobs.waitFor(ok.job_id);
    await jobs.waitFor(bad.job_id);
    // One job holding every CPU keeps the next ones queued.
    const cpus = await jobs.hostCpus();
    const hog = await jobs.submit({ name: 'all-cpus', command: ['sh', '-c', 'echo hog; sleep 60'], resources: { cpus }, labels });
    await jobs.waitFor(hog.job_id, ['running']);
    const low = await jobs.submit({ name: 'waits-low', command: ['sh', '-c', 'echo low'], labels });
    const high = await jobs.submit({ name: 'waits-high', command: ['sh', '-c', 'echo high'], priority: 5, labels });

    const page = await ui.open('/experiments');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByTestId('jobs-page').waitFor();
    await page.getByTestId('label-filter').fill(`suite=${suite} case=list`);
    await page.getByTestId('label-filter').press('Enter');
    await eventually(() => new URL(page.url()).searchParams.get('label')).toBe(`suite=${suite} case=list`);

    await eventually(() => rowIds(page, 'jobs-queued')).toEqual([high.job_id, low.job_id]);
    await eventually(() => rowIds(page, 'jobs-running')).toEqual([hog.job_id]);
    await eventually(() => rowIds(page, 'jobs-finished')).toEqual([bad.job_id, ok.job_id]);
    expect(await row(page, ok.job_id).getAttribute('data-state')).toBe('succeeded');
    expect(await row(page, bad.job_id).getAttribute('data-state')).toBe('failed');
    expect(await row(page, bad.job_id).getByTestId('job-exit-code').textContent()).toBe('3 ');
    expect(await texts(row(page, hog.job_id).getByTestId('job-state'))).toEqual(['running']);
    expect(await row(page, hog.job_id).getByTestId('job-run-link').getAttribute('href')).toMatch(/^\/runs\/[0-9a-f]+$/);
    // The hog holds every CPU of the host, and the panel says so.
    await eventually(() => page.getByTestId('host-cpus').first().getAttribute('data-used')).toBe(String(cpus));
    await ui.shot(page, 'jobs-page');

    // A state filter shows only the matching section, and lives in the URL.
    await page.getByTestId('state-filter-failed').check();
    await eventually(() => new URL(page.url()).searchParams.get('state')).toBe('failed');
    await eventually(() => rowIds(page, 'jobs-finished')).toEqual([bad.job_id]);
    expect(await page.getByTestId('jobs-queued').count()).toBe(0);

    // A label filter that is not key=value is refused next to the field.
    await page.getByTestId('label-filter').fill('vision');
    await page.getByTestId('label-filter').press('Enter');
    expect(await page.getByTestId('label-filter-error').textContent()).toBe('“vision” is not key=value');
  });

  it('shows the job’s output as it is written, without a reload', async () => {
    const job = await jobs.submit({ name: 'talker', command: ['sh', '-c', 'echo first-line; sleep 3; echo second-line; sleep 60'], labels: { case: 'log' } });
    const page = await ui.open(`/jobs/${job.job_id}`);
    expect(await page.getByTestId('job-name').textContent()).toBe('talker');
    const log = page.getByTestId('job-log');
    await eventually(() => log.textContent()).toContain('first-line');
    await page.evaluate('window.__notReloaded = true');
    await eventually(() => log.textContent()).toBe('first-line\nsecond-line\n');
    expect(await page.evaluate('window.__notReloaded')).toBe(true);
    expect(await page.getByTestId('job-state').first().textContent()).toBe('running');
    expect(await page.getByTestId('log-live').textContent()).toBe('live');
    await eventually(() => attributes(page.getByTestId('job-event'), 'data-state')).toEqual(['queued', 'starting', 'running']);
    expect(await page.getByTestId('job-command').locator('dd').textContent()).toBe(`sh -c 'echo first-line; sleep 3; echo second-line; sleep 60'`);
    await ui.shot(page, 'job-page-live');
  });

  it('reads only the end of a huge log and follows it until the user scrolls up', async () => {
    // 4 MB of numbered lines, then a last line: far more than the page fetches or keeps.
    const script = 'seq -f "line %08g ......................................" 1 100000; echo the-end; sleep 60';
    const job = await jobs.submit({ name: 'chatty', command: ['sh', '-c', script], labels: { case: 'huge' } });
    await jobs.waitFor(job.job_id, ['running']);
    // All of it is written before the page opens, so the server's size is the end to start near.
    const logUrl = `${ui.api.baseUrl}/api/v1/jobs/${job.job_id}/logs`;
    const logSize = async () => Number((await fetch(`${logUrl}?limit=1`)).headers.get('x-log-size'));
    const lastBytes = async () => {
      const size = await logSize();
      return size < 8 ? '' : (await fetch(`${logUrl}?offset=${size - 8}`)).text();
    };
    await eventually(lastBytes, 30_000).toBe('the-end\n');
    const size = await logSize();
    const page = await ui.newPage();
    const reads: { offset: number; limit: number }[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.endsWith('/logs')) reads.push({ offset: Number(u.searchParams.get('offset')), limit: Number(u.searchParams.get('limit')) });
    });
    await page.goto(`/jobs/${job.job_id}`);
    const log = page.getByTestId('job-log');
    await eventually(() => log.textContent(), 30_000).toMatch(/the-end\n$/);
    // One small read of the start, whose x-log-size sends the page to about 512 KiB before the
    // end; after that one or two offsets near the end (the jump, then polls at the end), and
    // nothing of the middle.
    expect(reads[0]).toEqual({ offset: 0, limit: expect.any(Number) });
    expect(reads[0]!.limit).toBeLessThanOrEqual(64 * 1024);
    const rest = new Set(reads.slice(1).map((r) => r.offset));
    expect(rest.size).toBeGreaterThanOrEqual(1);
    expect(rest.size).toBeLessThanOrEqual(2);
    for (const offset of rest) expect(offset).toBeGreaterThanOrEqual(size - 600 * 1024);
    const text = (await log.textContent()) ?? '';
    expect(text.length).toBeLessThan(1_000_000);
    expect(text).toMatch(/^line \d{8} \.+\n/);
    expect(await page.getByTestId('log-trimmed').textContent()).toContain('are not shown here');

    type Box = { scrollTop: number; scrollHeight: number; clientHeight: number };
    const gapToEnd = () => log.evaluate((el) => ((b: Box) => b.scrollHeight - b.scrollTop - b.clientHeight)(el as unknown as Box));
    await eventually(gapToEnd).toBeLessThan(30);
    expect(await page.getByTestId('log-follow').count()).toBe(0);
    await log.evaluate((el) => void ((el as unknown as Box).scrollTop = 0));
    await page.getByTestId('log-follow').waitFor();
    await page.getByTestId('log-follow').click();
    await eventually(gapToEnd).toBeLessThan(30);
    expect(await page.getByTestId('log-follow').count()).toBe(0);
    await ui.shot(page, 'job-page-huge-log');
  });

  it('cancels a running job from the jobs page', async () => {
    const job = await jobs.submit({ name: 'sleeper', command: ['sh', '-c', 'echo zzz; sleep 60'], labels: { case: 'cancel' } });
    await jobs.waitFor(job.job_id, ['running']);
    const page = await openJobs(`suite=${suite} case=cancel`);
    await eventually(() => rowIds(page, 'jobs-running')).toEqual([job.job_id]);
    await row(page, job.job_id).getByTestId('job-cancel').click();
    await row(page, job.job_id).getByTestId('job-cancel-confirm').click();
    await eventually(() => rowIds(page, 'jobs-finished')).toEqual([job.job_id]);
    expect(await row(page, job.job_id).getAttribute('data-state')).toBe('cancelled');
    expect(await page.getByTestId('jobs-section-running').textContent()).toContain('No running job matches.');
    expect((await jobs.get(job.job_id)).state).toBe('cancelled');
  });

  it('links a job to its run and the run back to the job', async () => {
    const job = await jobs.submit({ name: 'linked', command: ['sh', '-c', 'echo linked-output'], labels: { case: 'link' } });
    await jobs.waitFor(job.job_id, ['succeeded']);
    const page = await ui.open(`/jobs/${job.job_id}`);
    // An ended job's log is read to its end, once.
    await eventually(() => page.getByTestId('job-log').getAttribute('data-complete')).toBe('true');
    expect(await page.getByTestId('job-log').textContent()).toBe('linked-output\n');
    expect(await page.getByTestId('log-live').textContent()).toBe('ended');

    await page.getByTestId('job-run-link').click();
    await page.getByTestId('run-page').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/runs/${job.run_id}`);
    const back = page.getByTestId('run-job-link');
    expect(await back.textContent()).toBe(`Job ${job.job_id}`);
    await back.click();
    await page.getByTestId('job-name').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/jobs/${job.job_id}`);
  });

  it('retries a failed job and keeps each attempt’s output', async () => {
    const job = await jobs.submit({ name: 'flaky', command: ['sh', '-c', 'echo try-output; exit 1'], labels: { case: 'retry' } });
    await jobs.waitFor(job.job_id, ['failed']);
    const page = await ui.open(`/jobs/${job.job_id}`);
    await eventually(() => page.getByTestId('job-log').textContent()).toBe('try-output\n');
    expect(await page.getByTestId('log-attempt').count()).toBe(0);

    await page.getByTestId('job-retry').click();
    await eventually(() => texts(page.getByTestId('log-attempt').locator('option'))).toEqual(['2 (latest)', '1']);
    await eventually(async () => (await jobs.get(job.job_id)).state).toBe('failed');
    await eventually(() => page.getByTestId('job-state').first().textContent()).toBe('failed');
    await eventually(() => page.getByTestId('job-log').getAttribute('data-complete')).toBe('true');
    expect(await page.getByTestId('job-log').textContent()).toBe('try-output\n');
    await eventually(() => attributes(page.getByTestId('job-event'), 'data-state')).toContain('failed');

    await page.getByTestId('log-attempt').selectOption('1');
    await eventually(() => new URL(page.url()).searchParams.get('attempt')).toBe('1');
    await eventually(() => page.getByTestId('job-log').textContent()).toBe('try-output\n');
    await ui.shot(page, 'job-page-retried');
  });
});
