import { notFound, silentLogger } from '../../src/core/index.js';
import type { ModelSource, ServableVersion } from '../../src/serving/model-source.js';
import { mlpToOnnx } from '../../src/serving/onnx/index.js';
import { loadModel } from '../../src/serving/runtime/index.js';
import type { LoadedModel, ModelFiles, ModelFormat } from '../../src/serving/runtime/runtime-types.js';
import { startInferenceServer, type InferenceServerOptions, type RunningInferenceServer } from '../../src/serving/server/index.js';

/**
 * A registry in memory for the inference server's tests: versions with their files, and
 * aliases a test moves. The server under test is real (HTTP, runtime, batching).
 */
export class MemoryModelSource implements ModelSource {
  private readonly versions = new Map<string, Map<string, { format: ModelFormat; files: ModelFiles }>>();
  private readonly aliases = new Map<string, string>();
  resolveCalls = 0;

  add(name: string, version: string, files: ModelFiles, format: ModelFormat = 'onnx'): this {
    const byVersion = this.versions.get(name) ?? new Map();
    byVersion.set(version, { format, files });
    this.versions.set(name, byVersion);
    return this;
  }

  setAlias(name: string, alias: string, version: string): void {
    this.aliases.set(`${name}@${alias}`, version);
  }

  async resolve(name: string, ref: string): Promise<ServableVersion> {
    this.resolveCalls++;
    const byVersion = this.versions.get(name);
    if (!byVersion) throw notFound(`no model ${name}`);
    const version = ref === 'latest' ? [...byVersion.keys()].sort((a, b) => Number(b) - Number(a))[0]! : (this.aliases.get(`${name}@${ref}`) ?? ref);
    const found = byVersion.get(version);
    if (!found) throw notFound(`no ${name}@${ref}`);
    return { name, version, format: found.format };
  }

  async files(name: string, version: string): Promise<ModelFiles> {
    const found = this.versions.get(name)?.get(version);
    if (!found) throw notFound(`no ${name} version ${version}`);
    return found.files;
  }
}

/**
 * A 4 → 3 linear ONNX model whose output is `x[0..2] + offset`: an answer shows which
 * input it was computed from and (with the offset) which version computed it.
 */
export function offsetModel(offset: number, names: { inputName?: string; outputName?: string } = {}): ModelFiles {
  const weights = new Float32Array(12);
  for (let j = 0; j < 3; j++) weights[j * 3 + j] = 1;
  return new Map([['model.onnx', mlpToOnnx({ layers: [{ weights, bias: new Float32Array(3).fill(offset), activation: 'linear' }], ...names })]]);
}

/** Loads with the real runtime; `wrap` may slow a model down or watch it close. */
export function realLoader(wrap?: (model: LoadedModel, version: ServableVersion) => LoadedModel): InferenceServerOptions['load'] {
  return async (files, version) => {
    const model = await loadModel(files, { format: version.format });
    return wrap ? wrap(model, version) : model;
  };
}

/** The model with `delayMs` added to every run; records its closing in `closed`. */
export function slowed(model: LoadedModel, delayMs: number, closed?: string[], label?: string): LoadedModel {
  return {
    format: model.format,
    signature: model.signature,
    batchable: model.batchable,
    run: async (inputs, outputs) => {
      await new Promise((r) => setTimeout(r, delayMs));
      return model.run(inputs, outputs);
    },
    close: async () => {
      closed?.push(label ?? '');
      await model.close();
    },
  };
}

/**
 * A gate for model runs: a model wrapped by `wrap` holds every run until `open()`, and
 * `reached` resolves once a run waits there. Lets a test act while a request is certainly in
 * flight (close the server, fill the queue) without guessing how long a run takes.
 */
export function runGate(): {
  reached: Promise<void>;
  open(): void;
  wrap(model: LoadedModel, closed?: string[], label?: string): LoadedModel;
} {
  let arrive!: () => void;
  const reached = new Promise<void>((r) => (arrive = r));
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return {
    reached,
    open,
    wrap: (model, closed, label) => ({
      format: model.format,
      signature: model.signature,
      batchable: model.batchable,
      run: async (inputs, outputs) => {
        arrive();
        await opened;
        return model.run(inputs, outputs);
      },
      close: async () => {
        closed?.push(label ?? '');
        await model.close();
      },
    }),
  };
}

export async function startTestInferenceServer(options: Partial<InferenceServerOptions> & Pick<InferenceServerOptions, 'source' | 'specs'>): Promise<RunningInferenceServer> {
  return startInferenceServer({ port: 0, pollMs: 0, logger: silentLogger, load: realLoader(), accessLog: false, ...options });
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** An OIP request for one row of 4 features. */
export const oipRow = (x: readonly number[], extra: Record<string, unknown> = {}) => ({
  inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: x }],
  ...extra,
});

/** GET and parse JSON (typed loosely: tests assert on the shape). */
export async function getJson(url: string): Promise<any> {
  return (await fetch(url)).json();
}
