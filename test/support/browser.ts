import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, type TestContext } from 'vitest';
import { loadServerConfig, silentLogger } from '../../src/core/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { requireOrSkip, skipNote } from './requirements.js';
import { SeedApi } from './seed-api.js';

/*
 * The web UI's end-to-end harness: a real server in this process on a temp data dir (vitest
 * runs the TypeScript source; the server serves the built UI from dist/web), data seeded over
 * its HTTP API, and Debian's Chromium driven by playwright-core. One browser per test file;
 * each test gets its own browser context (own localStorage, so the theme of one test never
 * leaks into another).
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Without the networking flags Chromium keeps trying Google's services, which this closed network refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results');
const BUILT_UI = join(REPO_ROOT, 'dist/web/index.html');

/** How long a locator waits for the page: generous, as CI runs on 2 shared cores. */
export const UI_TIMEOUT_MS = 15_000;
/** Per test and per hook (a hook starts the server and Chromium). */
const TEST_TIMEOUT_MS = 90_000;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * `describe` for browser tests. Without Chromium it skips with what to install; in CI (`CI`
 * set, where .ci/run installs it) a missing Chromium is an error, not a skip.
 */
export function describeUi(name: string, body: () => void): void {
  const skip = requireOrSkip(existsSync(CHROMIUM_PATH) ? undefined : `no Chromium at ${CHROMIUM_PATH}; apt-get install chromium, or run .ci/run`);
  if (skip) {
    describe.skip(`${name}${skipNote(skip)}`, body);
    return;
  }
  describe(name, { timeout: TEST_TIMEOUT_MS }, body);
}

/**
 * Throws, with what to do, when the UI has not been built into dist/web; warns when web/src
 * has changed since the build (the tests would check the old UI).
 */
export function requireBuiltUi(): void {
  if (!existsSync(BUILT_UI)) {
    throw new Error(
      `The web UI is not built (${relative(REPO_ROOT, BUILT_UI)} is missing): run \`npm run build\` ` +
        '(npm ci runs it through the prepare script). The server would serve its "not built" page instead.',
    );
  }
  const builtAt = statSync(BUILT_UI).mtimeMs;
  const newer = newerFiles(join(REPO_ROOT, 'web'), builtAt, 3);
  if (newer.length > 0) {
    console.warn(`The web UI build is older than ${newer.join(', ')}: these tests check the built UI in dist/web; run \`npm run build\` to test the current source.`);
  }
}

function newerFiles(dir: string, than: number, limit: number): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (found.length >= limit) return;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.test.ts') && statSync(path).mtimeMs > than) found.push(relative(REPO_ROOT, path));
    }
  };
  walk(join(dir, 'src'));
  if (existsSync(join(dir, 'index.html')) && statSync(join(dir, 'index.html')).mtimeMs > than) found.push('web/index.html');
  return found;
}

/** Page errors that come from the browser, not from our code. */
const IGNORED_PAGE_ERRORS = [/ResizeObserver loop/];

export interface UiPage {
  page: Page;
  /** Uncaught exceptions in the page so far (an unhandled error in a React handler, a failed render). */
  errors: string[];
}

export interface UiSession {
  /** The server's base URL (the UI lives at `/`). */
  readonly url: string;
  readonly api: SeedApi;
  readonly browser: Browser;
  /**
   * A fresh page in its own browser context. Uncaught page errors fail the test unless
   * `allowPageErrors` (for tests that take the server away on purpose).
   */
  newPage(options?: { allowPageErrors?: boolean; colorScheme?: 'light' | 'dark' }): Promise<Page>;
  /** newPage + goto `path` (relative to the server). */
  open(path: string, options?: { allowPageErrors?: boolean; colorScheme?: 'light' | 'dark' }): Promise<Page>;
  /** Saves `test-results/<name>.png` (full page) and returns its path. */
  shot(page: Page, name: string): Promise<string>;
  /** Stops the server (for the "cannot reach" test); the session's afterAll copes with it being gone. */
  stopServer(): Promise<void>;
}

/**
 * Registers beforeAll/afterEach/afterAll hooks for one test file (call it at the top of a
 * `describeUi` block) and returns the session the tests use.
 *
 * @example
 * describeUi('the runs table', () => {
 *   const ui = useUiSession('runs');
 *   it('lists the runs', async () => {
 *     const page = await ui.open(`/experiments/${id}`);
 *     await page.getByTestId('run-row').first().waitFor();
 *     await ui.shot(page, 'runs-table');
 *   });
 * });
 */
export function useUiSession(name: string): UiSession {
  let server: RunningServer | undefined;
  let serverStopped = false;
  let dataDir: string | undefined;
  let browser: Browser | undefined;
  let api: SeedApi | undefined;
  const open: { context: BrowserContext; ui: UiPage; allowPageErrors: boolean }[] = [];

  const need = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`the UI session has no ${what}: did beforeAll fail?`);
    return x;
  };

  beforeAll(async () => {
    requireBuiltUi();
    dataDir = await mkdtemp(join(tmpdir(), `fw-ui-${name}-`));
    // `{}` as the environment: the test means a fresh SQLite file, whatever FW_* the shell has set.
    server = await startServer(loadServerConfig({ port: 0, host: '127.0.0.1', dataDir }, {}), { logger: silentLogger });
    api = new SeedApi(server.url);
    browser = await launchChromium();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  });

  afterEach(async (context: TestContext) => {
    const failed = context.task.result?.state === 'fail';
    const pages = open.splice(0);
    const unexpected: string[] = [];
    for (const [i, { context: browserContext, ui, allowPageErrors }] of pages.entries()) {
      if (failed && !ui.page.isClosed()) {
        const file = join(SCREENSHOT_DIR, `failed-${name}-${slug(context.task.name)}${pages.length > 1 ? `-${i + 1}` : ''}.png`);
        await ui.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      }
      if (!allowPageErrors) unexpected.push(...ui.errors);
      await browserContext.close().catch(() => undefined);
    }
    if (unexpected.length === 0) return;
    // A failed test's own error says more; the page's errors are printed beside it.
    if (failed) console.warn(`uncaught errors in the page during "${context.task.name}":\n${unexpected.join('\n')}`);
    else throw new Error(`uncaught errors in the page:\n${unexpected.join('\n')}`);
  });

  afterAll(async () => {
    await browser?.close();
    if (!serverStopped) await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const session: UiSession = {
    get url() {
      return need(server, 'server').url;
    },
    get api() {
      return need(api, 'server');
    },
    get browser() {
      return need(browser, 'browser');
    },
    async newPage(options = {}) {
      const context = await need(browser, 'browser').newContext({
        baseURL: need(server, 'server').url,
        viewport: { width: 1280, height: 800 },
        colorScheme: options.colorScheme ?? 'light',
      });
      context.setDefaultTimeout(UI_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(UI_TIMEOUT_MS * 2);
      const page = await context.newPage();
      const ui: UiPage = { page, errors: [] };
      page.on('pageerror', (e) => {
        if (!IGNORED_PAGE_ERRORS.some((re) => re.test(e.message))) ui.errors.push(`${e.name}: ${e.message}`);
      });
      open.push({ context, ui, allowPageErrors: options.allowPageErrors ?? false });
      return page;
    },
    async open(path, options = {}) {
      const page = await session.newPage(options);
      await page.goto(path);
      return page;
    },
    async shot(page, shotName) {
      const file = join(SCREENSHOT_DIR, `${slug(shotName)}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async stopServer() {
      serverStopped = true;
      await server?.close();
    },
  };
  return session;
}

const slug = (s: string): string => s.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-|-$/g, '').slice(0, 120);

/**
 * Retries `read` until the assertion holds (vitest's expect.poll), with the UI's timeout:
 * the way to check a value the page fills in asynchronously, without fixed sleeps.
 *
 * @example await eventually(() => rowIds(page)).toEqual(['a', 'b']);
 */
export function eventually<T>(read: () => Promise<T> | T, timeout = UI_TIMEOUT_MS): ReturnType<typeof expect.poll<Promise<T> | T>> {
  return expect.poll(read, { timeout, interval: 100 });
}

/** The values of `attribute` on every element the locator matches, in document order. */
export async function attributes(locator: Locator, attribute: string): Promise<string[]> {
  return locator.evaluateAll((els, attr) => els.map((el) => el.getAttribute(attr) ?? ''), attribute);
}

/** The trimmed text of every element the locator matches, in document order. */
export async function texts(locator: Locator): Promise<string[]> {
  return (await locator.allTextContents()).map((t) => t.trim());
}
