/**
 * `npm run demo`: trains a small TF.js model on Iris for a few hyperparameter settings,
 * tracks each as a Flywheel run (params, per-epoch metrics, the dataset, the model as
 * artifacts), reads the runs back from the server and prints them best first, then
 * registers the best model and points `iris-classifier@staging` at it.
 *
 * It uses the server at FW_TRACKING_URI (default http://127.0.0.1:5050) when one answers,
 * and otherwise starts an embedded one whose data goes to a new temporary folder.
 * Progress goes to stderr; the results table and where to find the data go to stdout.
 */
import { randomUUID } from 'node:crypto';
import { trackingUri } from '../src/core/config.js';
import { Flywheel, type Dataset, type Run } from '../src/sdk/index.js';
import { ensureServer, type DemoServer } from './demo/ensure-server.js';
import { epochProgress } from './demo/epoch-progress.js';
import { byValAccuracy, latestMetric, renderRunsTable } from './demo/runs-table.js';
import { IRIS_CLASSES, IRIS_FEATURES, loadIris, type IrisDataset } from './iris/load-iris.js';
import { loadModel, useWasmBackend, type ModelFormat } from '../src/serving/runtime/index.js';
import { trainIris, type IrisHyperparameters } from './iris/train.js';

const EXPERIMENT = 'iris-demo';
const MODEL = 'iris-classifier';
const SEED = 42;
const BATCH_SIZE = 16;
/** Chosen to train in well under a second each and to differ visibly (the first underfits). */
const SETTINGS: IrisHyperparameters[] = [
  { hiddenUnits: 8, learningRate: 0.002, epochs: 40 },
  { hiddenUnits: 16, learningRate: 0.01, epochs: 50 },
  { hiddenUnits: 32, learningRate: 0.005, epochs: 60 },
  { hiddenUnits: 32, learningRate: 0.02, epochs: 40 },
];

const note = (message: string): void => void process.stderr.write(`${message}\n`);

async function main(): Promise<number> {
  const server = await ensureServer(trackingUri(), note);
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    note(`\n${signal}: stopping`);
    void server.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  try {
    return await runDemo(server);
  } finally {
    await server.close();
    process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal);
  }
}

async function runDemo(server: DemoServer): Promise<number> {
  const fw = new Flywheel({ trackingUri: server.url });
  const experiment = await fw.setExperiment(EXPERIMENT);
  const data = await loadIris({ seed: SEED });
  const backend = await useWasmBackend(note);
  // Marks this invocation's runs, so a shared server's older iris-demo runs stay out of the table.
  const session = randomUUID();
  note(
    `Training ${SETTINGS.length} settings on Iris (${data.train.labels.length} train / ` +
      `${data.validation.labels.length} validation rows) with the TF.js ${backend} backend`,
  );

  const started = performance.now();
  const runIds: string[] = [];
  let failed = 0;
  for (const hp of SETTINGS) {
    const runName = `mlp-h${hp.hiddenUnits}-lr${hp.learningRate}`;
    const run = await fw.startRun({
      experimentId: experiment.experimentId,
      runName,
      tags: {
        'mlflow.source.name': 'examples/demo.ts',
        'mlflow.source.type': 'LOCAL',
        'tfjs.backend': backend,
        demo_session: session,
      },
    });
    runIds.push(run.runId);
    try {
      await run.logParams({
        hidden_units: hp.hiddenUnits,
        learning_rate: hp.learningRate,
        epochs: hp.epochs,
        batch_size: BATCH_SIZE,
        optimizer: 'adam',
        seed: SEED,
      });
      await run.logInput(irisDataset(data), { 'mlflow.data.context': 'training' });
      const progress = epochProgress(runName, hp.epochs);
      const t0 = performance.now();
      const result = await trainIris(
        data,
        { ...hp, batchSize: BATCH_SIZE, seed: SEED },
        {
          warn: note,
          onEpoch: async (epoch, metrics) => {
            // Buffered and sent in the background; awaiting only waits when the buffer is full.
            await run.logMetrics({ ...metrics }, epoch);
            progress.epoch(epoch, metrics);
          },
        },
      );
      const seconds = (performance.now() - t0) / 1000;
      for (const [file, bytes] of Object.entries(result.model)) await run.logArtifactBytes(`model/${file}`, bytes);
      await run.end('FINISHED');
      progress.done(`val_acc ${result.final.val_acc.toFixed(4)} after ${hp.epochs} epochs in ${seconds.toFixed(2)}s`);
    } catch (err) {
      failed++;
      note(`${runName}: failed: ${(err as Error).message}`);
      await run.end('FAILED').catch(() => undefined);
    }
  }
  const trainingSeconds = (performance.now() - started) / 1000;

  // Read back from the server rather than from memory: the table shows what was stored.
  const page = await fw.searchRuns({
    experimentIds: [experiment.experimentId],
    filter: `tags.demo_session = '${session}'`,
    orderBy: ['metrics.val_acc DESC'],
    maxResults: 100,
  });
  // Sorted again here too, so the table is right even against a server that ignores order_by.
  const runs = page.items.filter((r) => runIds.includes(r.info.runId)).sort(byValAccuracy);

  process.stdout.write(`\nExperiment '${EXPERIMENT}' (id ${experiment.experimentId}), best first, as stored on the server:\n`);
  process.stdout.write(`${renderRunsTable(runs)}\n`);
  process.stdout.write(`Trained ${SETTINGS.length} runs in ${trainingSeconds.toFixed(1)}s (TF.js ${backend} backend).\n\n`);
  const best = runs[0];
  if (best) await registerBest(fw, best, data);
  printWhereTheDataIs(server, runs);

  const missing = runIds.length - runs.length;
  if (missing > 0) note(`error: ${missing} run(s) logged by this demo were not found on the server`);
  return failed > 0 || missing > 0 ? 1 : 0;
}

/**
 * Closes the loop: the best run's model becomes the next version of `iris-classifier` in the
 * registry (format and signature found by loading it), `staging` points at it, and the
 * version, read back from the registry, classifies the first validation rows.
 */
async function registerBest(fw: Flywheel, best: Run, data: IrisDataset): Promise<void> {
  const version = await fw.models.register(MODEL, best.info.runId, { path: 'model', description: `best of ${EXPERIMENT}: ${best.info.runName}` });
  await fw.models.promote(MODEL, 'staging', version.version);
  const model = await loadModel(await fw.models.files(MODEL, version.version), { format: version.format as ModelFormat });
  try {
    const input = model.signature.inputs[0]!;
    const rows = 3;
    const x = Float32Array.from(data.validation.features.slice(0, rows).flat());
    const [probs] = await model.run([{ name: input.name, datatype: 'FP32', shape: [rows, IRIS_FEATURES.length], data: x }]);
    const predicted = [...Array(rows).keys()].map((r) => {
      const p = [...(probs!.data as Float32Array).subarray(r * IRIS_CLASSES.length, (r + 1) * IRIS_CLASSES.length)];
      return IRIS_CLASSES[p.indexOf(Math.max(...p))];
    });
    const truth = data.validation.labels.slice(0, rows).map((l) => IRIS_CLASSES[l]);
    process.stdout.write(
      `Registered ${MODEL} v${version.version} (${version.format}, input ${input.name} ${input.datatype}[${input.shape.join(',')}]) from ${best.info.runName}; ${MODEL}@staging now points at it.\n` +
        `Its first ${rows} validation predictions, read back from the registry: ${predicted.join(', ')} (true: ${truth.join(', ')}).\n` +
        `Serve it with: npx fw serve ${MODEL}@staging --port 8080\n\n`,
    );
  } finally {
    await model.close();
  }
}

/** The dataset as MLflow's log_input records it: a local file, its digest, schema and size. */
function irisDataset(data: IrisDataset): Dataset {
  return {
    name: 'iris',
    digest: data.digest.slice(0, 16),
    sourceType: 'local',
    source: JSON.stringify({ uri: data.source }),
    schema: JSON.stringify({
      mlflow_colspec: [
        ...IRIS_FEATURES.map((name) => ({ type: 'double', name })),
        { type: 'string', name: 'species' },
      ],
    }),
    profile: JSON.stringify({ num_rows: data.rowCount }),
  };
}

function printWhereTheDataIs(server: DemoServer, runs: Run[]): void {
  const lines: string[] = [];
  const best = runs[0];
  const look = `npx fw runs list --experiment ${EXPERIMENT} --sort metrics.val_acc --limit 10`;
  if (server.embedded) {
    lines.push(
      `The runs are stored in ${server.embedded.dataDir}`,
      `  (SQLite metadata in flywheel.db, artifacts under blobs/), served during the demo at ${server.url}.`,
      'The embedded server has stopped; to look further, serve that folder and ask it:',
      `  npx fw server --data-dir ${server.embedded.dataDir}`,
      `  ${look}`,
      `Delete the folder when done: rm -rf ${server.embedded.dataDir}`,
    );
  } else {
    lines.push(`The runs are stored on the Flywheel server at ${server.url}. To look further:`, `  FW_TRACKING_URI=${server.url} ${look}`);
  }
  if (best) {
    lines.push(
      `Best run: ${best.info.runName} (val_acc ${latestMetric(best, 'val_acc').toFixed(4)}), model at ${best.info.artifactUri}/model`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    note(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
