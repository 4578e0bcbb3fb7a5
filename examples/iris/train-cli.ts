/**
 * Trains the Iris MLP once, with hyperparameters from the command line, and logs to the
 * run named by FW_RUN_ID / MLFLOW_RUN_ID (as set for Flywheel jobs), or to a new run in
 * the `iris` experiment when run by hand. The training script jobs and sweeps launch:
 *
 *   fw jobs submit --cpus 1 -- node dist/examples/iris/train-cli.js --lr 0.01 --hidden 16 --epochs 50
 *
 * Prints one line per epoch to stdout (the job's log) and exits non-zero on failure.
 */
import { parseArgs } from 'node:util';
import { Flywheel } from '../../src/sdk/index.js';
import { loadIris } from './load-iris.js';
import { useWasmBackend } from '../../src/serving/runtime/index.js';
import { trainIris } from './train.js';

const { values } = parseArgs({
  options: {
    lr: { type: 'string', default: '0.01' },
    hidden: { type: 'string', default: '16' },
    epochs: { type: 'string', default: '50' },
    'batch-size': { type: 'string', default: '16' },
    seed: { type: 'string', default: '42' },
  },
  strict: true,
});
const hp = {
  learningRate: positive('lr', values.lr),
  hiddenUnits: Math.round(positive('hidden', values.hidden)),
  epochs: Math.round(positive('epochs', values.epochs)),
  batchSize: Math.round(positive('batch-size', values['batch-size'])),
  seed: Math.round(Number(values.seed)),
};

const fw = new Flywheel();
const run = (await fw.activeRunFromEnv()) ?? (await fw.startRun({ experimentName: 'iris', runName: `mlp-h${hp.hiddenUnits}-lr${hp.learningRate}` }));
try {
  await run.logParams({ learning_rate: hp.learningRate, hidden_units: hp.hiddenUnits, epochs: hp.epochs, batch_size: hp.batchSize, seed: hp.seed });
  const data = await loadIris({ seed: hp.seed });
  const backend = await useWasmBackend((m) => process.stderr.write(`${m}\n`));
  const result = await trainIris(data, hp, {
    onEpoch: async (epoch, m) => {
      await run.logMetrics({ ...m, epoch }, epoch);
      process.stdout.write(`epoch ${epoch + 1}/${hp.epochs} loss ${m.loss.toFixed(4)} val_acc ${m.val_acc.toFixed(4)}\n`);
    },
  });
  for (const [file, bytes] of Object.entries(result.model)) await run.logArtifactBytes(`model/${file}`, bytes);
  await run.end('FINISHED');
  process.stdout.write(`done (${backend}): val_acc ${result.final.val_acc.toFixed(4)} run ${run.runId}\n`);
} catch (e) {
  await run.end('FAILED').catch(() => undefined);
  process.stderr.write(`training failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${name} must be a positive number, got '${text}'\n`);
    process.exit(2);
  }
  return n;
}
