import { InvalidArgumentError, type Command } from 'commander';
import { readLogLevel, trackingUri } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import type { CliContext } from '../context.js';
import { parsePort, parsePositiveInt } from '../parsers.js';

interface ServeOptions {
  host: string;
  port: number;
  split?: string;
  maxBatchSize?: number;
  maxQueueDelayMs?: number;
  maxQueuedRows?: number;
  batching: boolean;
  pollSeconds: number;
  maxBodyMb?: number;
  accessLog: boolean;
  inProcess?: boolean;
}

const parseNonNegative = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number, 0 or more.');
  return n;
};

/**
 * `fw serve name@ref...`: an inference server (Open Inference Protocol v2 and MLflow's
 * /invocations) for models of the registry of the Flywheel server at FW_TRACKING_URI.
 */
export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve registered models over HTTP (Open Inference Protocol v2, MLflow /invocations) until interrupted')
    .argument('[models...]', 'name@version, name@alias or name@latest (a bare name is name@latest)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on, 0 for any free one', parsePort, 8080)
    .option('--split <name@ref=weight,...>', 'send a model\'s traffic to several versions by weight, e.g. iris@3=90,iris@4=10')
    .option('--max-batch-size <rows>', 'rows a dynamic batch may hold (default 32)', parsePositiveInt)
    .option('--max-queue-delay-ms <ms>', 'longest a request waits for others to batch with while the model is idle (default 0)', parseNonNegative)
    .option('--max-queued-rows <rows>', 'rows queued or running per model version before requests get 503 (default 2048)', parsePositiveInt)
    .option('--no-batching', 'run every request alone')
    .option('--poll-seconds <s>', 'how often aliases and latest are resolved again (0: never)', parseNonNegative, 5)
    .option('--max-body-mb <mb>', 'largest request body in MiB (default 32)', parseNonNegative)
    .option('--no-access-log', 'no log line per request')
    .option('--in-process', 'run models on the main thread instead of a worker thread each')
    .addHelpText(
      'after',
      '\nModels come from the registry of the Flywheel server at FW_TRACKING_URI (default http://127.0.0.1:5050).\n' +
        'When an alias moves, the new version is loaded and swapped in; requests in flight finish on the old one.\n' +
        'Routes: /v2/health/{live,ready}, /v2, /v2/models/<name>[/versions/<v>][/ready|/infer|/invocations],\n' +
        '/invocations[?model=<name>], /ping, /metrics.',
    )
    .action(async (refs: string[], opts: ServeOptions) => {
      const { HttpModelSource, loadModel, loadModelInWorker, parseServeSpecs, startInferenceServer, workerModelsAvailable } = await import('../../serving/index.js');
      const specs = parseServeSpecs(refs, opts.split);
      const baseUrl = trackingUri(ctx.io.env);
      const level = readLogLevel(ctx.io.env);
      const logger = createLogger({ ...(level ? { level } : {}), pretty: ctx.io.stdoutIsTTY });
      const server = await startInferenceServer({
        source: new HttpModelSource({ baseUrl }),
        // A worker thread per model: onnxruntime-node holds the thread it runs on (see worker-model.ts).
        load: (files, version) =>
          !opts.inProcess && workerModelsAvailable() ? loadModelInWorker(files, version.format) : loadModel(files, { format: version.format, logger }),
        specs,
        host: opts.host,
        port: opts.port,
        pollMs: opts.pollSeconds * 1000,
        batching: {
          enabled: opts.batching,
          ...(opts.maxBatchSize !== undefined ? { maxBatchSize: opts.maxBatchSize } : {}),
          ...(opts.maxQueueDelayMs !== undefined ? { maxQueueDelayMs: opts.maxQueueDelayMs } : {}),
          ...(opts.maxQueuedRows !== undefined ? { maxQueuedRows: opts.maxQueuedRows } : {}),
        },
        ...(opts.maxBodyMb !== undefined ? { bodyLimit: Math.round(opts.maxBodyMb * 1024 * 1024) } : {}),
        accessLog: opts.accessLog,
        logger,
      });
      const served = specs.map((s) => `${s.name} (${s.routes.map((r) => `${r.ref}${s.routes.length > 1 ? `=${r.weight}` : ''}`).join(', ')})`);
      ctx.io.out(`Serving ${served.join('; ')} on ${server.url}\n`);
      const signal = await ctx.io.waitForShutdown();
      ctx.io.err(`${signal}: finishing requests in flight, then shutting down\n`);
      await server.close();
    });
}
