import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irisLikeMlp, mlpTfjsLayersFiles } from '../src/serving/test-support/test-models.js';
import { parseServeSpecs, type RunningInferenceServer } from '../src/serving/server/index.js';
import { MemoryModelSource, offsetModel, startTestInferenceServer } from './support/serving.js';

/*
 * The inference routes under malformed and random input: every answer is a success or a
 * 4xx with a message in the protocol's own shape (OIP `{error}`, MLflow `{error_code,
 * message}`), never a 5xx, and the server still answers a good request afterwards. One ONNX
 * model (batching, FP32) and one TF.js model are served, so both runtimes see the garbage.
 */

let server: RunningInferenceServer;

beforeAll(async () => {
  const source = new MemoryModelSource().add('offset', '1', offsetModel(100)).add('iris', '1', await mlpTfjsLayersFiles(irisLikeMlp()), 'tfjs-layers');
  server = await startTestInferenceServer({ source, specs: parseServeSpecs(['offset@1', 'iris@1']) });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

const DATATYPES = ['FP32', 'FP64', 'FP16', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT64', 'BOOL', 'BYTES', 'fp32', 'COMPLEX', ''];
const NAMES = ['input', 'dense1_input', 'x', '', 'INPUT', '../etc'];
const scalar = fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.string({ maxLength: 5 }), fc.constant(null), fc.constantFrom('NaN', 'Infinity', '1e400'));
const data = fc.oneof(
  fc.array(scalar, { maxLength: 20 }),
  fc.array(fc.array(fc.double({ noNaN: true }), { maxLength: 5 }), { maxLength: 5 }),
  fc.array(fc.double({ noNaN: true, min: -10, max: 10 }), { minLength: 4, maxLength: 4 }),
  scalar,
  fc.jsonValue({ maxDepth: 3 }),
);
const shape = fc.oneof(
  fc.constantFrom([1, 4], [2, 4], [4], [1, 3], [0, 4], [-1, 4], [1e9, 4], [1, 4, 1]),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 6 }), fc.double(), fc.string({ maxLength: 2 })), { maxLength: 4 }),
);
const tensor = fc.record(
  { name: fc.constantFrom(...NAMES), shape, datatype: fc.constantFrom(...DATATYPES), data, parameters: fc.jsonValue({ maxDepth: 2 }) },
  { requiredKeys: [] },
);
const oipBody = fc.oneof(
  fc.record({ id: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), inputs: fc.oneof(fc.array(tensor, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })), outputs: fc.array(fc.record({ name: fc.constantFrom('output', 'nope', '') }), { maxLength: 2 }) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 3 }),
);
const mlflowBody = fc.oneof(
  fc.record({ inputs: fc.oneof(data, fc.dictionary(fc.constantFrom(...NAMES), data)) }, { requiredKeys: ['inputs'] }),
  fc.record({ instances: fc.array(fc.oneof(fc.array(fc.double({ noNaN: true }), { maxLength: 6 }), fc.dictionary(fc.constantFrom(...NAMES), data)), { maxLength: 4 }) }),
  fc.record({ dataframe_split: fc.record({ columns: fc.array(fc.string({ maxLength: 4 }), { maxLength: 5 }), data: fc.array(fc.array(scalar, { maxLength: 5 }), { maxLength: 3 }) }, { requiredKeys: [] }) }),
  fc.record({ dataframe_records: fc.array(fc.dictionary(fc.string({ maxLength: 4 }), scalar), { maxLength: 3 }) }),
  fc.jsonValue({ maxDepth: 3 }),
);
const PATHS = ['/v2/models/offset/infer', '/v2/models/iris/infer', '/v2/models/offset/versions/1/infer', '/v2/models/offset/versions/9/infer', '/v2/models/nope/infer'];
const MLFLOW_PATHS = ['/invocations?model=offset', '/invocations?model=iris', '/invocations', '/v2/models/iris/invocations', '/invocations?model=nope&version=x'];

async function post(path: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

function expectSane(answer: { status: number; json: any; text: string }, protocol: 'oip' | 'mlflow', what: string): void {
  expect(answer.status, `${what} → ${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.json, `${what}: error body ${answer.text.slice(0, 200)}`).toBeDefined();
    if (protocol === 'oip' || answer.json.error !== undefined) expect(typeof answer.json.error, `${what}: ${answer.text}`).toBe('string');
    else expect(typeof answer.json.message, `${what}: ${answer.text}`).toBe('string');
  }
}

describe('the inference routes under malformed and random input', () => {
  it('answer OIP infer requests with a success or a 4xx {error}, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), oipBody, async (path, body) => {
        const text = JSON.stringify(body) ?? 'null';
        expectSane(await post(path, text), 'oip', `POST ${path} ${text.slice(0, 200)}`);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('answer MLflow scoring requests with a success or a 4xx {error_code, message}, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MLFLOW_PATHS), mlflowBody, async (path, body) => {
        const text = JSON.stringify(body) ?? 'null';
        expectSane(await post(path, text), 'mlflow', `POST ${path} ${text.slice(0, 200)}`);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('refuse bodies that are not JSON, or not JSON at all, with a 4xx, and still serve afterwards', async () => {
    const bodies = ['', '{', '[]', 'null', '"x"', '{"inputs": [', '\u0000', '{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}'.repeat(2)];
    for (const path of [...PATHS, ...MLFLOW_PATHS]) {
      for (const body of bodies) expectSane(await post(path, body), path.includes('invocations') ? 'mlflow' : 'oip', `POST ${path} ${JSON.stringify(body)}`);
      expectSane(await post(path, 'a=b', 'application/x-www-form-urlencoded'), path.includes('invocations') ? 'mlflow' : 'oip', `POST ${path} form`);
    }
    const good = await post('/v2/models/offset/infer', JSON.stringify({ inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }));
    expect(good.status).toBe(200);
    expect(good.json.outputs[0].data).toEqual([101, 102, 103]);
  }, 60_000);
});
