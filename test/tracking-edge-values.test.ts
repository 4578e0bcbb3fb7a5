import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameDouble } from './support/tracking-contract.js';
import { serverTargets } from './support/tracking-servers.js';

/*
 * Edge values through every tracking write route, over HTTP against a real server on each
 * engine, read back through every read route that returns them. Doubles go as MLflow's
 * protobuf JSON writes them: NaN and ±Infinity as strings, and come back the same way.
 * The JSON text is written by hand where JSON.stringify cannot (it writes -0 as 0).
 */

/** A double as its JSON text in a request, and the number the server must read from it. */
const EDGE_DOUBLES: ReadonlyArray<{ json: string; value: number }> = [
  { json: '"NaN"', value: Number.NaN },
  { json: '"Infinity"', value: Number.POSITIVE_INFINITY },
  { json: '"-Infinity"', value: Number.NEGATIVE_INFINITY },
  { json: '-0', value: -0 },
  { json: '-0.0', value: -0 },
  { json: '1e308', value: 1e308 },
  { json: '-1e308', value: -1e308 },
  { json: '1.7976931348623157e308', value: Number.MAX_VALUE },
  { json: '5e-324', value: 5e-324 },
  { json: '-5e-324', value: -5e-324 },
  { json: '2.2250738585072014e-308', value: 2.2250738585072014e-308 },
  { json: '0.1', value: 0.1 },
  { json: '9007199254740993', value: 9007199254740992 },
  // protobuf's JSON mapping also allows a double as a numeric string
  { json: '"1e308"', value: 1e308 },
  { json: '"-2.5"', value: -2.5 },
];

/** Strings every text field must keep as sent (within the field's own rules). */
const EDGE_STRINGS: readonly string[] = [
  'héllo wörld',
  '日本語のテキスト',
  '🚀🔥 astral plane',
  'e\u0301 combining accent',
  'עברית right to left',
  'NaN',
  'Infinity',
  'null',
  '-0',
  ' padded  ',
  'line\nbreak\ttab\r\n',
  'quote " backslash \\ slash /',
  '{"json": [1, 2]}',
  "'; drop table runs; --",
  '\u2028\u2029 separators',
  '\uFEFF byte order mark',
];

/** The wire form a double must come back in: the number, or protobuf's string for NaN and ±Infinity. */
function expectWireDouble(got: unknown, want: number, where: string): void {
  if (Number.isNaN(want)) expect(got, where).toBe('NaN');
  else if (want === Number.POSITIVE_INFINITY) expect(got, where).toBe('Infinity');
  else if (want === Number.NEGATIVE_INFINITY) expect(got, where).toBe('-Infinity');
  else {
    expect(typeof got, where).toBe('number');
    expect(sameDouble(got as number, want), `${where}: got ${String(got)}, want ${want}`).toBe(true);
  }
}

interface Answer {
  status: number;
  body: any;
}

for (const server of serverTargets()) {
  const suite = server.skip ? describe.skip : describe;
  suite(`edge values through every tracking write route on ${server.name}${server.skip ? ` (skipped: ${server.skip})` : ''}`, () => {
    let url: string;
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ url, close } = await server.start());
    });
    afterAll(async () => {
      await close?.();
    });

    /** POSTs a JSON body; a string is sent as the JSON text it is. */
    const post = async (path: string, body: unknown): Promise<Answer> => {
      const res = await fetch(`${url}${path.startsWith('/') ? path : `/api/2.0/mlflow/${path}`}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const get = async (path: string, query: Record<string, string>): Promise<Answer> => {
      const res = await fetch(`${url}/api/2.0/mlflow/${path}?${new URLSearchParams(query)}`);
      return { status: res.status, body: await res.json() };
    };
    const ok = async (answer: Promise<Answer>, what: string): Promise<any> => {
      const { status, body } = await answer;
      expect(status, `${what}: ${JSON.stringify(body)}`).toBe(200);
      return body;
    };

    let counter = 0;
    const newExperiment = async (): Promise<string> =>
      (await ok(post('experiments/create', { name: `edge-${server.name}-${++counter}` }), 'experiments/create')).experiment_id;
    const newRun = async (experimentId: string, extra: Record<string, unknown> = {}): Promise<any> =>
      (await ok(post('runs/create', { experiment_id: experimentId, start_time: 1, ...extra }), 'runs/create')).run;

    describe('doubles', () => {
      let experimentId: string;
      let runId: string;
      beforeAll(async () => {
        experimentId = await newExperiment();
        runId = (await newRun(experimentId)).info.run_id;
        for (const [i, { json }] of EDGE_DOUBLES.entries()) {
          // Two points per key, so the edge value is also the one that advances the latest point.
          await ok(post('runs/log-metric', `{"run_id":"${runId}","key":"single-${i}","value":1,"timestamp":1,"step":0}`), 'log-metric');
          await ok(post('runs/log-metric', `{"run_id":"${runId}","key":"single-${i}","value":${json},"timestamp":2,"step":1}`), `log-metric ${json}`);
        }
        const metrics = EDGE_DOUBLES.map(({ json }, i) => `{"key":"batch-${i}","value":${json},"timestamp":"3","step":"2"}`);
        await ok(post('runs/log-batch', `{"run_id":"${runId}","metrics":[${metrics.join(',')}]}`), 'log-batch');
      });

      const keys = () => EDGE_DOUBLES.flatMap(({ value }, i) => [{ key: `single-${i}`, value }, { key: `batch-${i}`, value }]);

      it('answers the latest point of each in runs/get and in both run searches', async () => {
        const got = (await ok(get('runs/get', { run_id: runId }), 'runs/get')).run;
        const searched = (await ok(post('runs/search', { experiment_ids: [experimentId] }), 'runs/search')).runs[0];
        const native = (await ok(post('/api/v1/runs/search', { experiment_ids: [experimentId] }), '/api/v1/runs/search')).runs[0];
        for (const [where, run] of [['runs/get', got], ['runs/search', searched], ['/api/v1/runs/search', native]] as const) {
          for (const { key, value } of keys()) {
            const metric = run.data.metrics.find((m: { key: string }) => m.key === key);
            expectWireDouble(metric?.value, value, `${where} ${key}`);
          }
        }
      });

      it('answers every point in metrics/get-history', async () => {
        for (const { key, value } of keys()) {
          const history = (await ok(get('metrics/get-history', { run_id: runId, metric_key: key }), 'get-history')).metrics;
          expectWireDouble(history.at(-1).value, value, `get-history ${key}`);
        }
      });

      it('answers every point in the bulk history and the tail', async () => {
        const all = keys();
        const bulk = (await ok(post('/api/v1/metrics/history-bulk', { run_ids: [runId], keys: all.map((k) => k.key) }), 'history-bulk')).series;
        const tail = (await ok(post('/api/v1/metrics/tail', { run_ids: [runId], cursor: 0 }), 'tail')).points;
        for (const { key, value } of all) {
          expectWireDouble(bulk.find((s: { key: string }) => s.key === key).values.at(-1), value, `history-bulk ${key}`);
          expectWireDouble(tail.findLast((p: { key: string }) => p.key === key).value, value, `tail ${key}`);
        }
      });

      it('finds a run by an infinite metric and orders runs by one', async () => {
        const found = await ok(post('runs/search', { experiment_ids: [experimentId], filter: 'metrics.`single-1` > 1e308' }), 'search filter');
        expect(found.runs.map((r: any) => r.info.run_id)).toEqual([runId]);
      });
    });

    describe('strings', () => {
      const values = EDGE_STRINGS;
      let experimentId: string;
      beforeAll(async () => {
        experimentId = await newExperiment();
      });

      /** A run's params or tags as a map; protobuf JSON may omit an empty value. */
      const asMap = (items: Array<{ key: string; value?: string }> | undefined): Map<string, string> =>
        new Map((items ?? []).map((kv) => [kv.key, kv.value ?? '']));

      it('keeps params and tags from log-parameter, set-tag, log-batch and runs/create, in runs/get and runs/search', async () => {
        const tags = values.map((value, i) => ({ key: `create-${i}`, value }));
        const runId = (await newRun(experimentId, { tags })).info.run_id;
        for (const [i, value] of values.entries()) {
          await ok(post('runs/log-parameter', { run_id: runId, key: `param-${i}`, value }), `log-parameter ${JSON.stringify(value)}`);
          await ok(post('runs/set-tag', { run_id: runId, key: `tag-${i}`, value }), `set-tag ${JSON.stringify(value)}`);
        }
        await ok(
          post('runs/log-batch', {
            run_id: runId,
            params: values.map((value, i) => ({ key: `batch-param-${i}`, value })),
            tags: values.map((value, i) => ({ key: `batch-tag-${i}`, value })),
          }),
          'log-batch',
        );
        const got = (await ok(get('runs/get', { run_id: runId }), 'runs/get')).run;
        const searched = (await ok(post('runs/search', { experiment_ids: [experimentId], filter: `attributes.run_id = '${runId}'` }), 'runs/search')).runs[0];
        for (const [where, run] of [['runs/get', got], ['runs/search', searched]] as const) {
          const params = asMap(run.data.params);
          const runTags = asMap(run.data.tags);
          for (const [i, value] of values.entries()) {
            expect(params.get(`param-${i}`), `${where} log-parameter`).toBe(value);
            expect(params.get(`batch-param-${i}`), `${where} log-batch param`).toBe(value);
            expect(runTags.get(`tag-${i}`), `${where} set-tag`).toBe(value);
            expect(runTags.get(`batch-tag-${i}`), `${where} log-batch tag`).toBe(value);
            expect(runTags.get(`create-${i}`), `${where} runs/create tag`).toBe(value);
          }
        }
      });

      it('keeps empty values, and the longest values MLflow allows counted in code points (regression: the service counted UTF-16 units and refused 6000 emoji)', async () => {
        const runId = (await newRun(experimentId)).info.run_id;
        const longParam = '🚀'.repeat(6000);
        const longTag = 'é'.repeat(4999) + '🔥';
        await ok(post('runs/log-parameter', { run_id: runId, key: 'empty', value: '' }), 'empty param');
        await ok(post('runs/log-parameter', { run_id: runId, key: 'long', value: longParam }), 'long param');
        await ok(post('runs/set-tag', { run_id: runId, key: 'empty', value: '' }), 'empty tag');
        await ok(post('runs/log-batch', { run_id: runId, tags: [{ key: 'long', value: longTag }] }), 'long tag');
        await ok(post('experiments/set-experiment-tag', { experiment_id: experimentId, key: 'long', value: longTag }), 'long experiment tag');
        const run = (await ok(get('runs/get', { run_id: runId }), 'runs/get')).run;
        expect(asMap(run.data.params)).toEqual(new Map([['empty', ''], ['long', longParam]]));
        expect(asMap(run.data.tags).get('empty')).toBe('');
        expect(asMap(run.data.tags).get('long')).toBe(longTag);
        const experiment = (await ok(get('experiments/get', { experiment_id: experimentId }), 'experiments/get')).experiment;
        expect(asMap(experiment.tags).get('long')).toBe(longTag);
        const tooLong = await post('runs/log-parameter', { run_id: runId, key: 'too-long', value: '🚀'.repeat(6001) });
        expect(tooLong.status).toBe(400);
      });

      it('keeps experiment names and tags from experiments/create, set-experiment-tag and experiments/update (regression: a padded name was stored trimmed but looked up as sent, so get-by-name missed it)', async () => {
        for (const [i, value] of values.entries()) {
          const name = `edge-name-${server.name}-${i} ${value}`;
          const id = (
            await ok(post('experiments/create', { name, tags: [{ key: 'created', value }] }), `experiments/create ${JSON.stringify(value)}`)
          ).experiment_id;
          await ok(post('experiments/set-experiment-tag', { experiment_id: id, key: 'set', value }), 'set-experiment-tag');
          const byId = (await ok(get('experiments/get', { experiment_id: id }), 'experiments/get')).experiment;
          const byName = (await ok(get('experiments/get-by-name', { experiment_name: name }), 'get-by-name')).experiment;
          for (const experiment of [byId, byName]) {
            // Flywheel trims experiment names (and looks them up trimmed); nothing else is changed.
            expect(experiment.name).toBe(name.trim());
            expect(asMap(experiment.tags)).toEqual(new Map([['created', value], ['set', value]]));
          }
          const renamed = `${name} renamed`;
          await ok(post('experiments/update', { experiment_id: id, new_name: renamed }), 'experiments/update');
          expect((await ok(get('experiments/get-by-name', { experiment_name: renamed }), 'get-by-name renamed')).experiment.experiment_id).toBe(id);
        }
      });

      it('keeps run names from runs/create, runs/update and an mlflow.runName tag', async () => {
        for (const value of values) {
          const created = await newRun(experimentId, { run_name: value });
          expect(created.info.run_name).toBe(value);
          const runId = created.info.run_id;
          const updated = (await ok(post('runs/update', { run_id: runId, run_name: `${value} updated` }), 'runs/update')).run_info;
          expect(updated.run_name).toBe(`${value} updated`);
          await ok(post('runs/set-tag', { run_id: runId, key: 'mlflow.runName', value: `${value} tagged` }), 'set-tag runName');
          expect((await ok(get('runs/get', { run_id: runId }), 'runs/get')).run.info.run_name).toBe(`${value} tagged`);
        }
      });

      it('refuses a NUL or an unpaired surrogate with 400 on every route and engine alike (regression: PostgreSQL answered 500 for a NUL that SQLite stored, and both engines stored U+FFFD for a lone surrogate)', async () => {
        const runId = (await newRun(experimentId)).info.run_id;
        for (const bad of ['a\u0000b', 'x\uD800y', '\uDC00 low half']) {
          const requests: Array<[string, unknown]> = [
            ['runs/log-parameter', { run_id: runId, key: 'p', value: bad }],
            ['runs/set-tag', { run_id: runId, key: 't', value: bad }],
            ['runs/log-batch', { run_id: runId, params: [{ key: 'bp', value: bad }] }],
            ['runs/log-batch', { run_id: runId, tags: [{ key: 'bt', value: bad }] }],
            ['runs/create', { experiment_id: experimentId, run_name: bad }],
            ['runs/create', { experiment_id: experimentId, tags: [{ key: 'ct', value: bad }] }],
            ['runs/update', { run_id: runId, run_name: bad }],
            ['experiments/create', { name: `bad ${bad}` }],
            ['experiments/create', { name: `bad tag ${counter++}`, tags: [{ key: 'et', value: bad }] }],
            ['experiments/set-experiment-tag', { experiment_id: experimentId, key: 'et', value: bad }],
            ['experiments/update', { experiment_id: experimentId, new_name: bad }],
            ['runs/log-inputs', { run_id: runId, datasets: [{ tags: [], dataset: { name: bad, digest: 'd', source_type: 'local', source: 's' } }] }],
          ];
          for (const [path, body] of requests) {
            const answer = await post(path, body);
            expect(answer.status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`).toBe(400);
            expect(answer.body.error_code).toBe('INVALID_PARAMETER_VALUE');
          }
        }
        const run = (await ok(get('runs/get', { run_id: runId }), 'runs/get')).run;
        expect(run.data.params ?? []).toEqual([]);
      });

      it('keeps dataset inputs from runs/log-inputs', async () => {
        const runId = (await newRun(experimentId)).info.run_id;
        const datasets = values.map((value, i) => ({
          tags: [{ key: 'mlflow.data.context', value }],
          dataset: { name: `set-${i} ${value}`, digest: `d${i}`, source_type: 'local', source: value, schema: value, profile: value },
        }));
        await ok(post('runs/log-inputs', { run_id: runId, datasets }), 'log-inputs');
        const inputs = (await ok(get('runs/get', { run_id: runId }), 'runs/get')).run.inputs.dataset_inputs;
        for (const sent of datasets) {
          const got = inputs.find((d: any) => d.dataset.name === sent.dataset.name);
          expect(got, sent.dataset.name).toBeDefined();
          expect({ ...got.dataset }).toMatchObject(sent.dataset);
          expect(got.tags).toEqual(sent.tags);
        }
      });
    });
  });
}
