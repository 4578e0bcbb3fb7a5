import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportWebBundle } from '../../src/serving/export/index.js';
import { loadModel, type LoadedModel, type ModelFiles, type ModelFormat } from '../../src/serving/runtime/index.js';
import { irisLikeMlp, mlpOnnxFiles, mlpTfjsGraphFiles, mlpTfjsLayersFiles, randomInputs, randomMlp } from '../../src/serving/test-support/test-models.js';
import { describeUi, launchChromium, UI_TIMEOUT_MS } from '../support/browser.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';

/*
 * An exported web bundle, served by a plain static server, in headless Chromium: it must load
 * with nothing but its own files and give the outputs the server's runtime (Node) gives.
 */

interface BrowserTensor {
  data: number[];
  shape: number[];
}
/** What the test reads back from window.flywheel (the tests compile without the DOM library). */
interface FlywheelGlobal {
  flywheel: {
    error?: string;
    model: {
      backend: string;
      signature: unknown;
      predict(inputs: Record<string, { data: number[]; shape: number[] }>): Promise<Record<string, { data: ArrayLike<number>; shape: number[] }>>;
    };
  };
}

const ROWS = 16;

interface Case {
  format: ModelFormat;
  files: () => Promise<ModelFiles>;
  tolerance: number;
  backend: string;
}

const CASES: Case[] = [
  { format: 'onnx', files: async () => mlpOnnxFiles(randomMlp([4, 16, 8, 3], ['relu', 'tanh', 'softmax'], 5)), tolerance: 1e-5, backend: 'onnxruntime-web/wasm' },
  // TF.js on WASM in the browser against TF.js on WASM in Node.
  { format: 'tfjs-layers', files: () => mlpTfjsLayersFiles(irisLikeMlp(3)), tolerance: 1e-4, backend: 'tfjs/wasm' },
  { format: 'tfjs-graph', files: async () => mlpTfjsGraphFiles(irisLikeMlp(4)), tolerance: 1e-4, backend: 'tfjs/wasm' },
];

describeUi('an exported web bundle', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe.each(CASES)('of a $format model', ({ format, files: makeFiles, tolerance, backend }) => {
    let dir: string;
    let server: StaticServer;
    let node: LoadedModel;
    let context: BrowserContext;
    let page: Page;
    const blocked: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      const files = await makeFiles();
      dir = await mkdtemp(join(tmpdir(), `fw-edge-${format}-`));
      await exportWebBundle({ name: 'edge-mlp', version: '1', format, files }, dir);
      node = await loadModel(files, { format });
      server = await startStaticServer(dir);
      context = await browser.newContext();
      context.setDefaultTimeout(UI_TIMEOUT_MS);
      // Anything but the static server is refused, so a runtime file fetched from a CDN fails the load.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(server.url)) return route.continue();
        blocked.push(url);
        return route.abort('blockedbyclient');
      });
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
      await page.goto(server.url);
      await page.locator('body[data-state="ready"], body[data-state="error"]').waitFor({ timeout: UI_TIMEOUT_MS * 2 });
    });

    afterAll(async () => {
      await context?.close();
      await server?.close();
      await node?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const predictInPage = (inputs: Record<string, BrowserTensor>) =>
      page.evaluate(async (request) => {
        const result = await (globalThis as unknown as FlywheelGlobal).flywheel.model.predict(request);
        return Object.fromEntries(Object.entries(result).map(([name, t]) => [name, { data: Array.from(t.data), shape: t.shape }]));
      }, inputs);

    it('loads from its own files alone, on the WASM backend', async () => {
      expect(await page.evaluate(() => (globalThis as unknown as FlywheelGlobal).flywheel.error ?? null)).toBeNull();
      expect(await page.evaluate(() => (globalThis as unknown as FlywheelGlobal).flywheel.model.backend)).toBe(backend);
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
      // The blocker is live: a request elsewhere fails (and would have failed the load).
      const probe = 'https://cdn.jsdelivr.net/npm/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm';
      expect(await page.evaluate(async (url) => fetch(url).then(() => 'fetched', () => 'refused'), probe)).toBe('refused');
      expect(blocked).toEqual([probe]);
      blocked.length = 0;
      expect(server.requests).toContain('/manifest.json');
      expect(server.requests.some((p) => p.endsWith('.wasm'))).toBe(true);
    });

    it('has the signature the server sees', async () => {
      expect(await page.evaluate(() => (globalThis as unknown as FlywheelGlobal).flywheel.model.signature)).toEqual(node.signature);
      expect(await page.locator('#signature tbody tr').count()).toBe(node.signature.inputs.length + node.signature.outputs.length);
    });

    it(`gives the outputs of the server's runtime, within ${tolerance}, for one row and for a batch`, async () => {
      const input = node.signature.inputs[0]!;
      const width = input.shape[1]!;
      for (const [rows, seed] of [[1, 11], [ROWS, 12], [3, 13]] as const) {
        const x = randomInputs(rows, width, seed);
        const [expected] = await node.run([{ name: input.name, datatype: 'FP32', shape: [rows, width], data: x }]);
        const got = await predictInPage({ [input.name]: { data: Array.from(x), shape: [rows, width] } });
        const out = got[expected!.name]!;
        expect(out.shape).toEqual(expected!.shape);
        const want = expected!.data as Float32Array;
        const worst = out.data.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i]!)), 0);
        expect(worst).toBeLessThanOrEqual(tolerance);
      }
    });

    it('rejects inputs that do not fit the signature, listing the problems', async () => {
      const name = node.signature.inputs[0]!.name;
      const issues = await page.evaluate(async (input) => {
        try {
          await (globalThis as unknown as FlywheelGlobal).flywheel.model.predict({ [input]: { data: [1, 2, 3], shape: [1, 3] }, extra: { data: [1], shape: [1] } });
          return null;
        } catch (e) {
          return (e as { issues: { path: string; message: string }[] }).issues;
        }
      }, name);
      expect(issues).toEqual([
        { path: 'extra', message: expect.stringContaining('no input named extra') },
        { path: `${name}.shape[1]`, message: 'expected 4, got 3' },
      ]);
    });

    it('runs the row typed into the page and shows the prediction', async () => {
      const input = node.signature.inputs[0]!;
      const row = [0.3, -0.2, 0.9, 0.1];
      await page.locator(`textarea[name="${input.name}"]`).fill(`${row.join(', ')}\n${row.map((v) => -v).join(' ')}`);
      await page.getByRole('button', { name: 'Predict' }).click();
      const table = page.locator(`#outputs table[data-output="${node.signature.outputs[0]!.name}"]`);
      await table.locator('tr').nth(1).waitFor();
      const [expected] = await node.run([{ name: input.name, datatype: 'FP32', shape: [2, 4], data: Float32Array.from([...row, ...row.map((v) => -v)]) }]);
      const shown = (await table.locator('tr td:nth-child(2)').allTextContents()).map((t) => t.split(', ').map(Number));
      expect(shown).toHaveLength(2);
      const want = expected!.data as Float32Array;
      shown.flat().forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-5 + tolerance));
      expect(await page.locator('#status').textContent()).toMatch(/^Ran in .* ms on /);
    });
  });
});
