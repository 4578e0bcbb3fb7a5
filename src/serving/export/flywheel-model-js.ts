/**
 * The bundle's flywheel-model.js: the browser API over onnxruntime-web or TF.js. Kept as a
 * string (not a .js file beside this one) because the build compiles TypeScript only and
 * copies no assets; it must stay free of backticks, backslashes and dollar-brace.
 */
export const FLYWHEEL_MODEL_JS = `// flywheel-model.js: runs this bundle's model in the browser, with no server.
//
//   import { loadModel } from './flywheel-model.js';
//   const model = await loadModel();
//   const out = await model.predict({ [model.signature.inputs[0].name]: { data: [0.1, 0.2, 0.3, 0.4], shape: [1, 4] } });
//
// Tensors are row-major with named inputs and outputs, as in the Flywheel inference
// server's Open Inference Protocol: 'data.length' is the product of 'shape'.

const TYPED = {
  FP32: Float32Array, FP64: Float64Array, FP16: Uint16Array,
  INT8: Int8Array, INT16: Int16Array, INT32: Int32Array, INT64: BigInt64Array,
  UINT8: Uint8Array, UINT16: Uint16Array, UINT32: Uint32Array, UINT64: BigUint64Array,
};
const ORT_TYPES = {
  FP32: 'float32', FP64: 'float64', FP16: 'float16', INT8: 'int8', INT16: 'int16', INT32: 'int32', INT64: 'int64',
  UINT8: 'uint8', UINT16: 'uint16', UINT32: 'uint32', UINT64: 'uint64', BOOL: 'bool', BYTES: 'string',
};
const TF_TYPES = { FP32: 'float32', INT32: 'int32', BOOL: 'bool', BYTES: 'string' };

/** An input that does not fit the signature; 'issues' lists each problem as { path, message }. */
export class PredictError extends Error {
  constructor(issues) {
    super(issues.map((i) => i.path + ': ' + i.message).join('; '));
    this.name = 'PredictError';
    this.issues = issues;
  }
}

/**
 * Loads the model of the bundle at 'baseUrl' (default: the folder this file was loaded from).
 * The bundle must be served over HTTP(S): browsers fetch neither .wasm nor modules from file://.
 */
export async function loadModel(baseUrl) {
  const base = folderUrl(baseUrl === undefined ? new URL('./', import.meta.url).href : baseUrl);
  const manifest = await fetchJson(new URL('manifest.json', base));
  const runner = manifest.format === 'onnx' ? await onnxRunner(base, manifest) : await tfjsRunner(base, manifest);
  return new FlywheelModel(manifest, runner);
}

class FlywheelModel {
  constructor(manifest, runner) {
    this.name = manifest.name;
    this.version = manifest.version;
    this.format = manifest.format;
    /** { inputs: [{ name, datatype, shape }], outputs: [...] }; -1 marks a dimension of any size. */
    this.signature = manifest.signature;
    /** Which runtime and backend run the model, e.g. 'onnxruntime-web/wasm' or 'tfjs/wasm'. */
    this.backend = runner.backend;
    this.runner = runner;
  }

  /**
   * Runs the model. 'inputs': { [inputName]: { data: number[] | TypedArray, shape: number[] } },
   * every input of the signature. 'options.outputs': the outputs wanted (default: all).
   * Resolves with { [outputName]: { data: TypedArray | boolean[] | string[], shape, datatype } }.
   */
  async predict(inputs, options) {
    if (this.runner === undefined) throw new Error('the model has been disposed');
    const tensors = prepareInputs(this.signature, inputs);
    const wanted = selectOutputs(this.signature, options && options.outputs);
    return this.runner.run(tensors, wanted);
  }

  /** Frees the model's memory; predict must not be called after. */
  async dispose() {
    const runner = this.runner;
    this.runner = undefined;
    if (runner !== undefined) await runner.dispose();
  }
}

function prepareInputs(signature, inputs) {
  const issues = [];
  if (typeof inputs !== 'object' || inputs === null) throw new PredictError([{ path: 'inputs', message: 'expected an object of named tensors' }]);
  const names = signature.inputs.map((s) => s.name);
  for (const name of Object.keys(inputs)) {
    if (!names.includes(name)) issues.push({ path: name, message: 'the model has no input named ' + name + ' (its inputs: ' + names.join(', ') + ')' });
  }
  const tensors = [];
  for (const spec of signature.inputs) {
    const t = inputs[spec.name];
    if (t === undefined) {
      issues.push({ path: spec.name, message: 'missing (expected shape [' + spec.shape.join(', ') + '])' });
      continue;
    }
    const shape = t.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      issues.push({ path: spec.name + '.shape', message: 'expected an array of whole numbers' });
      continue;
    }
    // A signature without dimensions leaves the rank open (a TF.js placeholder without a shape).
    if (spec.shape.length > 0) {
      if (shape.length !== spec.shape.length) {
        issues.push({ path: spec.name + '.shape', message: 'expected ' + spec.shape.length + ' dimensions ([' + spec.shape.join(', ') + ']), got [' + shape.join(', ') + ']' });
        continue;
      }
      const bad = spec.shape.findIndex((d, i) => d !== -1 && d !== shape[i]);
      if (bad >= 0) {
        issues.push({ path: spec.name + '.shape[' + bad + ']', message: 'expected ' + spec.shape[bad] + ', got ' + shape[bad] });
        continue;
      }
    }
    const size = shape.reduce((n, d) => n * d, 1);
    const data = t.data;
    if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
      issues.push({ path: spec.name + '.data', message: 'expected an array or a typed array' });
      continue;
    }
    if (data.length !== size) {
      issues.push({ path: spec.name + '.data', message: 'has ' + data.length + ' values; shape [' + shape.join(', ') + '] needs ' + size });
      continue;
    }
    try {
      tensors.push({ name: spec.name, datatype: spec.datatype, shape: shape.slice(), data: toData(spec.datatype, data) });
    } catch (e) {
      issues.push({ path: spec.name + '.data', message: e.message });
    }
  }
  if (issues.length > 0) throw new PredictError(issues);
  return tensors;
}

function toData(datatype, data) {
  const Typed = TYPED[datatype];
  if (Typed !== undefined) {
    if (data instanceof Typed) return data;
    if (Typed === BigInt64Array || Typed === BigUint64Array) return Typed.from(data, (v) => BigInt(v));
    return Typed.from(data, (v) => {
      if (typeof v !== 'number' && typeof v !== 'bigint') throw new Error('expected numbers, got ' + JSON.stringify(v));
      return Number(v);
    });
  }
  if (datatype === 'BOOL') return Array.from(data, (v) => v === true || v === 1 || v === 'true');
  if (datatype === 'BYTES') return Array.from(data, String);
  throw new Error('datatype ' + datatype + ' is not supported');
}

function selectOutputs(signature, names) {
  if (names === undefined) return signature.outputs;
  return names.map((name) => {
    const spec = signature.outputs.find((s) => s.name === name);
    if (spec === undefined) throw new PredictError([{ path: 'outputs', message: 'the model has no output named ' + name + ' (its outputs: ' + signature.outputs.map((s) => s.name).join(', ') + ')' }]);
    return spec;
  });
}

async function onnxRunner(base, manifest) {
  const runtime = new URL('runtime/', base).href;
  const ort = await import(runtime + 'ort.wasm.min.mjs');
  // ort imports ort-wasm-simd-threaded.mjs and fetches its .wasm from here, not from a CDN.
  ort.env.wasm.wasmPaths = runtime;
  // One thread needs no SharedArrayBuffer, so the page needs no cross-origin isolation headers.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  const file = manifest.files.find((f) => f.path.startsWith('model/') && f.path.toLowerCase().endsWith('.onnx'));
  if (file === undefined) throw new Error('manifest.json lists no model/*.onnx file');
  const bytes = new Uint8Array(await (await fetchOk(new URL(file.path, base))).arrayBuffer());
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  return {
    backend: 'onnxruntime-web/wasm',
    async run(tensors, outputs) {
      const feeds = {};
      for (const t of tensors) feeds[t.name] = new ort.Tensor(ORT_TYPES[t.datatype], t.data, t.shape);
      const result = await session.run(feeds, outputs.map((o) => o.name));
      const out = {};
      for (const o of outputs) {
        const t = result[o.name];
        out[o.name] = { datatype: o.datatype, shape: Array.from(t.dims, Number), data: fromRuntime(o.datatype, t.data) };
      }
      return out;
    },
    dispose: () => session.release(),
  };
}

async function tfjsRunner(base, manifest) {
  const runtime = new URL('runtime/', base).href;
  // UMD bundles: each attaches itself to globalThis.tf (the backend needs tf there first).
  if (globalThis.tf === undefined || globalThis.tf.loadLayersModel === undefined) await import(runtime + 'tf.min.js');
  if (globalThis.tf.wasm === undefined) await import(runtime + 'tf-backend-wasm.min.js');
  const tf = globalThis.tf;
  let backend = 'wasm';
  try {
    tf.wasm.setWasmPaths(runtime);
    if (!(await tf.setBackend('wasm'))) throw new Error('it did not initialise');
  } catch (e) {
    console.warn('Flywheel: the TF.js WASM backend failed (' + e.message + '); running on the slower cpu backend');
    await tf.setBackend('cpu');
    backend = 'cpu';
  }
  await tf.ready();
  const url = new URL('model/model.json', base).href;
  const layers = manifest.format === 'tfjs-layers';
  const model = layers ? await tf.loadLayersModel(url) : await tf.loadGraphModel(url);
  const outputNames = manifest.signature.outputs.map((s) => s.name);
  let needsAsync = false;
  return {
    backend: 'tfjs/' + backend,
    async run(tensors, outputs) {
      const xs = tensors.map((t) => tf.tensor(t.data, t.shape, TF_TYPES[t.datatype]));
      let ys = [];
      try {
        let picked;
        if (layers) {
          // predictOnBatch runs the rows as one batch, as the server does (predict cuts them into 32s).
          const all = model.predictOnBatch(xs.length === 1 ? xs[0] : xs);
          ys = Array.isArray(all) ? all : [all];
          picked = outputs.map((o) => ys[outputNames.indexOf(o.name)]);
        } else {
          const feeds = {};
          tensors.forEach((t, i) => (feeds[t.name] = xs[i]));
          const names = outputs.map((o) => o.name);
          let result;
          if (!needsAsync) {
            try {
              result = model.execute(feeds, names);
            } catch (e) {
              // Control flow or dynamic shapes: executeAsync from now on.
              needsAsync = true;
            }
          }
          if (needsAsync && result === undefined) result = await model.executeAsync(feeds, names);
          ys = Array.isArray(result) ? result : [result];
          picked = ys;
        }
        const out = {};
        for (let i = 0; i < outputs.length; i++) {
          const y = picked[i];
          out[outputs[i].name] = { datatype: outputs[i].datatype, shape: y.shape.slice(), data: fromRuntime(outputs[i].datatype, await y.data()) };
        }
        return out;
      } finally {
        tf.dispose(xs);
        tf.dispose(ys);
      }
    },
    dispose: async () => model.dispose(),
  };
}

function fromRuntime(datatype, data) {
  // Both runtimes hand booleans back as bytes; the server's protocol says true/false.
  return datatype === 'BOOL' ? Array.from(data, (v) => v !== 0 && v !== false) : data;
}

function folderUrl(url) {
  const href = new URL(url, globalThis.location === undefined ? undefined : globalThis.location.href).href;
  return href.endsWith('/') ? href : href + '/';
}

async function fetchOk(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error('GET ' + url + ': ' + res.status + ' ' + res.statusText);
  return res;
}

async function fetchJson(url) {
  return (await fetchOk(url)).json();
}
`;
