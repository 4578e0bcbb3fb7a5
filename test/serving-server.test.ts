import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irisLikeMlp, mlpForward, mlpOnnxFiles, mlpTfjsLayersFiles } from '../src/serving/test-support/test-models.js';
import { parseServeSpecs, type RunningInferenceServer } from '../src/serving/server/index.js';
import { getJson, MemoryModelSource, offsetModel, oipRow, postJson, realLoader, runGate, slowed, startTestInferenceServer } from './support/serving.js';
import { waitUntil } from './support/wait.js';

const iris = irisLikeMlp(3);

describe('inference server (real HTTP, onnxruntime and TF.js)', () => {
  let server: RunningInferenceServer;
  const source = new MemoryModelSource()
    .add('offset', '1', offsetModel(100))
    .add('offset', '2', offsetModel(200))
    .add('iris', '1', mlpOnnxFiles(iris));

  beforeAll(async () => {
    source.add('iris', '2', await mlpTfjsLayersFiles(iris), 'tfjs-layers');
    source.setAlias('offset', 'production', '1');
    server = await startTestInferenceServer({ source, specs: parseServeSpecs(['offset@production'], 'iris@1=1,iris@2=1') });
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('Open Inference Protocol', () => {
    it('answers health, server metadata and model metadata', async () => {
      const live = await fetch(`${server.url}/v2/health/live`);
      expect(live.status).toBe(200);
      expect(await getJson(live.url)).toEqual({ live: true });
      expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(200);
      expect(await getJson(`${server.url}/v2`)).toEqual({ name: 'flywheel', version: '0.1.0', extensions: [] });
      const meta = await getJson(`${server.url}/v2/models/offset`);
      expect(meta).toEqual({
        name: 'offset',
        versions: ['1'],
        platform: 'onnxruntime_onnx',
        inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [{ name: 'output', datatype: 'FP32', shape: [-1, 3] }],
      });
      expect((await getJson(`${server.url}/v2/models/offset/versions/1`)).versions).toEqual(['1']);
    });

    it('answers model readiness, and 404 for what is not served', async () => {
      const ready = await fetch(`${server.url}/v2/models/offset/ready`);
      expect([ready.status, await getJson(ready.url)]).toEqual([200, { name: 'offset', ready: true }]);
      expect((await fetch(`${server.url}/v2/models/offset/versions/1/ready`)).status).toBe(200);
      const missing = await fetch(`${server.url}/v2/models/nope/ready`);
      expect(missing.status).toBe(404);
      expect((await getJson(missing.url)).error).toMatch(/Model nope is not served/);
      expect((await fetch(`${server.url}/v2/models/offset/versions/9`)).status).toBe(404);
    });

    it('infers with flat or nested data, echoes the id, and says which version answered', async () => {
      const flat = await postJson(`${server.url}/v2/models/offset/infer`, oipRow([1, 2, 3, 4], { id: 'abc' }));
      expect(flat.status).toBe(200);
      expect(flat.headers.get('x-model-version')).toBe('1');
      expect(flat.body).toEqual({ model_name: 'offset', model_version: '1', id: 'abc', outputs: [{ name: 'output', datatype: 'FP32', shape: [1, 3], data: [101, 102, 103] }] });
      const nested = await postJson(`${server.url}/v2/models/offset/versions/1/infer`, {
        inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP32', data: [[1, 1, 1, 1], [2, 2, 2, 2]] }],
        outputs: [{ name: 'output' }],
      });
      expect(nested.body.outputs[0]).toMatchObject({ shape: [2, 3], data: [101, 101, 101, 102, 102, 102] });
    });

    it('serves a TF.js model and an ONNX model of the same network alike', async () => {
      const x = [0.1, -0.2, 0.3, 0.4];
      const want = Array.from(mlpForward(iris, x, 1));
      for (const version of ['1', '2']) {
        const meta = await getJson(`${server.url}/v2/models/iris/versions/${version}`);
        const r = await postJson(`${server.url}/v2/models/iris/versions/${version}/infer`, {
          inputs: [{ name: meta.inputs[0].name, shape: [1, 4], datatype: 'FP32', data: x }],
        });
        expect(r.status).toBe(200);
        expect(r.body.model_version).toBe(version);
        r.body.outputs[0].data.forEach((v: number, i: number) => expect(v).toBeCloseTo(want[i]!, 5));
      }
      const meta = await getJson(`${server.url}/v2/models/iris/versions/2`);
      expect(meta.platform).toBe('tensorflowjs_layers');
    });

    it('answers bad requests with 400 and {"error"}', async () => {
      const wrongType = await postJson(`${server.url}/v2/models/offset/infer`, { inputs: [{ name: 'input', shape: [1, 4], datatype: 'INT32', data: [1, 2, 3, 4] }] });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body).toEqual({ error: expect.stringMatching(/input must be FP32, not INT32/) });
      const wrongShape = await postJson(`${server.url}/v2/models/offset/infer`, { inputs: [{ name: 'input', shape: [1, 5], datatype: 'FP32', data: [1, 2, 3, 4, 5] }] });
      expect(wrongShape.status).toBe(400);
      const badOutput = await postJson(`${server.url}/v2/models/offset/infer`, oipRow([1, 2, 3, 4], { outputs: [{ name: 'nope' }] }));
      expect([badOutput.status, badOutput.body.error]).toEqual([400, expect.stringMatching(/no output named nope/)]);
      const badJson = await postJson(`${server.url}/v2/models/offset/infer`, '{"inputs": [');
      expect([badJson.status, badJson.body.error]).toEqual([400, expect.stringMatching(/not valid JSON/)]);
      const unknown = await postJson(`${server.url}/v2/models/nope/infer`, oipRow([1, 2, 3, 4]));
      expect(unknown.status).toBe(404);
      // Bodies are JSON whatever the Content-Type (curl -d sends a form type).
      const form = await fetch(`${server.url}/v2/models/offset/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: JSON.stringify(oipRow([1, 2, 3, 4])),
      });
      expect(form.status).toBe(200);
    });
  });

  describe('MLflow scoring protocol', () => {
    const want = [[101, 102, 103], [105, 106, 107]];
    const rows = [[1, 2, 3, 4], [5, 6, 7, 8]];
    it.each([
      ['inputs', { inputs: rows }],
      ['named inputs', { inputs: { input: rows } }],
      ['instances', { instances: rows }],
      ['dataframe_split', { dataframe_split: { columns: ['a', 'b', 'c', 'd'], data: rows } }],
      ['dataframe_records', { dataframe_records: rows.map(([a, b, c, d]) => ({ a, b, c, d })) }],
    ])('answers %s with predictions', async (_format, body) => {
      const r = await postJson(`${server.url}/invocations?model=offset`, body);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ predictions: want });
      expect(r.headers.get('x-model-version')).toBe('1');
    });

    it('answers per model by path, and asks which model when several are served', async () => {
      expect((await postJson(`${server.url}/v2/models/offset/invocations`, { inputs: rows })).body).toEqual({ predictions: want });
      const which = await postJson(`${server.url}/invocations`, { inputs: rows });
      expect(which.status).toBe(400);
      expect(which.body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/\?model=/) });
      expect((await fetch(`${server.url}/ping`)).status).toBe(200);
    });
  });

  describe('with many concurrent clients', () => {
    it('batches their requests and never mixes up the answers', async () => {
      const clients = 64;
      const perClient = 10;
      const answers = await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          const bad: string[] = [];
          for (let i = 0; i < perClient; i++) {
            const x = [c, i, c * 1000 + i, 0];
            const r = await postJson(`${server.url}/v2/models/offset/infer`, oipRow(x, { id: `${c}-${i}` }));
            const data = r.body.outputs?.[0]?.data;
            if (r.status !== 200 || r.body.id !== `${c}-${i}` || JSON.stringify(data) !== JSON.stringify([c + 100, i + 100, c * 1000 + i + 100])) {
              bad.push(`${c}-${i}: ${r.status} ${JSON.stringify(r.body)}`);
            }
          }
          return bad;
        }),
      );
      expect(answers.flat()).toEqual([]);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      // Some runs held several requests: the batch-size histogram has counts above 1 row.
      const single = Number(/fw_inference_batch_size_bucket\{le="1",model="offset",version="1"\} (\d+)/.exec(metrics)?.[1]);
      const total = Number(/fw_inference_batch_size_count\{model="offset",version="1"\} (\d+)/.exec(metrics)?.[1]);
      expect(total).toBeGreaterThan(0);
      expect(single).toBeLessThan(total);
    });
  });

  describe('/metrics', () => {
    it('exposes requests, latency, queue time, batch size, errors and loaded models', async () => {
      await postJson(`${server.url}/v2/models/offset/infer`, oipRow([1, 2, 3, 4]));
      await postJson(`${server.url}/invocations?model=offset`, { inputs: [[1, 2, 3, 4]] });
      await postJson(`${server.url}/v2/models/offset/infer`, { inputs: [] });
      const res = await fetch(`${server.url}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await res.text();
      expect(text).toMatch(/fw_inference_requests_total\{model="offset",version="1",protocol="oip",status="200"\} \d+/);
      expect(text).toMatch(/fw_inference_requests_total\{model="offset",version="1",protocol="mlflow",status="200"\} \d+/);
      expect(text).toMatch(/fw_inference_request_duration_seconds_bucket\{le="0.005",model="offset",version="1",protocol="oip"\}/);
      expect(text).toMatch(/fw_inference_queue_duration_seconds_count\{model="offset",version="1"\} \d+/);
      expect(text).toMatch(/fw_inference_batch_size_sum/);
      expect(text).toMatch(/fw_inference_errors_total\{model="offset",version="1",protocol="oip",status="400"\} \d+/);
      expect(text).toMatch(/fw_inference_models_loaded\{model="offset",version="1"\} 1/);
      expect(text).toMatch(/fw_inference_models_loaded\{model="iris",version="1"\} 1/);
    });
  });
});

describe('inference server following an alias', () => {
  it('switches to the new version without dropping a request, and closes the old one once drained', async () => {
    const source = new MemoryModelSource().add('offset', '1', offsetModel(100)).add('offset', '2', offsetModel(200));
    source.setAlias('offset', 'production', '1');
    const closed: string[] = [];
    const server = await startTestInferenceServer({
      source,
      specs: parseServeSpecs(['offset@production']),
      load: realLoader((model, v) => slowed(model, 2, closed, v.version)),
    });
    try {
      let stop = false;
      const seen: Record<string, number> = {};
      const failures: string[] = [];
      const client = async (c: number) => {
        for (let i = 0; !stop || i < 5; i++) {
          const r = await postJson(`${server.url}/v2/models/offset/infer`, oipRow([c, i, 0, 0]));
          const offset = r.body.model_version === '2' ? 200 : 100;
          if (r.status !== 200 || r.body.outputs[0].data[0] !== c + offset || r.headers.get('x-model-version') !== r.body.model_version) {
            failures.push(`${r.status} ${JSON.stringify(r.body)}`);
          } else {
            seen[r.body.model_version] = (seen[r.body.model_version] ?? 0) + 1;
          }
        }
      };
      const clients = Array.from({ length: 16 }, (_, c) => client(c));
      // Traffic on version 1 (or a failure, which the assertions below report).
      await waitUntil(() => failures.length > 0 || (seen['1'] ?? 0) >= 16, '16 answers from version 1');
      source.setAlias('offset', 'production', '2');
      await server.models.poll();
      await waitUntil(() => failures.length > 0 || (seen['2'] ?? 0) >= 16, '16 answers from version 2');
      stop = true;
      await Promise.all(clients);
      expect(failures).toEqual([]);
      // Requests that began on version 1 finished there; then it was closed.
      await waitUntil(() => closed.length > 0, 'version 1 to close once drained');
      expect(closed).toEqual(['1']);
      const meta = await getJson(`${server.url}/v2/models/offset`);
      expect(meta.versions).toEqual(['2']);
      const metrics = await server.metrics.text();
      expect(metrics).toMatch(/fw_inference_model_switches_total\{model="offset"\} 1/);
      expect(metrics).not.toMatch(/fw_inference_models_loaded\{model="offset",version="1"\}/);
    } finally {
      await server.close();
    }
    expect(closed.sort()).toEqual(['1', '2']);
  });

  it('polls on its own every pollMs', async () => {
    const source = new MemoryModelSource().add('offset', '1', offsetModel(100)).add('offset', '2', offsetModel(200));
    source.setAlias('offset', 'production', '1');
    const server = await startTestInferenceServer({ source, specs: parseServeSpecs(['offset@production']), pollMs: 20 });
    try {
      source.setAlias('offset', 'production', '2');
      await expect.poll(async () => (await postJson(`${server.url}/v2/models/offset/infer`, oipRow([0, 0, 0, 0]))).body.model_version, { timeout: 30_000 }).toBe('2');
    } finally {
      await server.close();
    }
  });
});

/**
 * A stand-in for Math.random whose every `n` draws land once in each of the `n` equal slots of
 * [0, 1), in a scrambled order (617 shares no factor with 1000): a split's counts over `n`
 * requests are then exact, whatever order the requests arrive in.
 */
function evenDraws(n: number): () => number {
  let k = 0;
  return () => (((k++ * 617) % n) + 0.5) / n;
}

describe('inference server with a traffic split', () => {
  it('sends traffic to each version by weight and says which answered', async () => {
    const source = new MemoryModelSource().add('offset', '3', offsetModel(300)).add('offset', '4', offsetModel(400));
    const n = 1000;
    // Production draws from Math.random, as KServe's and Seldon's weighted splits do; the test
    // draws evenly so that 90/10 weights must give exactly 900 and 100 answers.
    const server = await startTestInferenceServer({ source, specs: parseServeSpecs([], 'offset@3=90,offset@4=10'), random: evenDraws(n) });
    try {
      const counts: Record<string, number> = {};
      for (let batch = 0; batch < n / 50; batch++) {
        const rs = await Promise.all(Array.from({ length: 50 }, () => postJson(`${server.url}/v2/models/offset/infer`, oipRow([1, 0, 0, 0]))));
        for (const r of rs) {
          expect(r.body.outputs[0].data[0]).toBe(r.body.model_version === '3' ? 301 : 401);
          expect(r.headers.get('x-model-version')).toBe(r.body.model_version);
          counts[r.body.model_version] = (counts[r.body.model_version] ?? 0) + 1;
        }
      }
      expect(counts).toEqual({ '3': 900, '4': 100 });
      // A version asked for by path is answered by that version.
      const pinned = await postJson(`${server.url}/v2/models/offset/versions/4/infer`, oipRow([1, 0, 0, 0]));
      expect(pinned.body.model_version).toBe('4');
      expect((await getJson(`${server.url}/v2/models/offset`)).versions).toEqual(['4', '3']);
    } finally {
      await server.close();
    }
  });
});

describe('inference server limits and shutdown', () => {
  it('answers 413 with a message for a body over the limit', async () => {
    const source = new MemoryModelSource().add('offset', '1', offsetModel(100));
    const server = await startTestInferenceServer({ source, specs: parseServeSpecs(['offset@1']), bodyLimit: 1000 });
    try {
      const big = { inputs: [{ name: 'input', shape: [100, 4], datatype: 'FP32', data: new Array(400).fill(0.123456) }] };
      const oip = await postJson(`${server.url}/v2/models/offset/infer`, big);
      expect(oip.status).toBe(413);
      expect(oip.body).toEqual({ error: 'Request body is larger than the limit of 1000 bytes' });
      const mlflow = await postJson(`${server.url}/invocations`, { inputs: new Array(100).fill([0.123456, 1, 2, 3]) });
      expect(mlflow.status).toBe(413);
      expect(mlflow.body.message).toMatch(/limit of 1000 bytes/);
    } finally {
      await server.close();
    }
  });

  it('answers 503 when the model queue is full', async () => {
    const source = new MemoryModelSource().add('offset', '1', offsetModel(100));
    // Runs wait at the gate, so the two requests the queue takes stay in it while four more arrive.
    const gate = runGate();
    const server = await startTestInferenceServer({
      source,
      specs: parseServeSpecs(['offset@1']),
      load: realLoader((m) => gate.wrap(m)),
      batching: { enabled: true, maxQueuedRequests: 2 },
    });
    try {
      let answered = 0;
      const requests = Array.from({ length: 6 }, () => postJson(`${server.url}/v2/models/offset/infer`, oipRow([1, 2, 3, 4])).finally(() => answered++));
      await gate.reached;
      await waitUntil(() => answered >= 4, 'the four requests over the limit to be answered');
      gate.open();
      const rs = await Promise.all(requests);
      const statuses = rs.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 503, 503, 503, 503]);
      expect(rs.find((r) => r.status === 503)!.body.error).toMatch(/queue is full/);
    } finally {
      await server.close();
    }
  });

  it('finishes a request in flight when shut down, then closes the model', async () => {
    const closed: string[] = [];
    const source = new MemoryModelSource().add('offset', '1', offsetModel(100));
    const gate = runGate();
    const server = await startTestInferenceServer({ source, specs: parseServeSpecs(['offset@1']), load: realLoader((m) => gate.wrap(m, closed, 'offset')) });
    const inFlight = postJson(`${server.url}/v2/models/offset/infer`, oipRow([1, 2, 3, 4]));
    await gate.reached;
    const closing = server.close();
    gate.open();
    const r = await inFlight;
    expect(r.status).toBe(200);
    expect(r.body.outputs[0].data).toEqual([101, 102, 103]);
    await closing;
    expect(closed).toEqual(['offset']);
    await expect(fetch(`${server.url}/v2/health/live`)).rejects.toThrow();
  });
});
