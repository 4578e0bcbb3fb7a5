import type { Run } from '../../sdk/index.js';
import type { CliIo } from '../io.js';

/** A fixed point in time for render tests: 2024-01-01T00:00:00Z. */
export const NOW = Date.UTC(2024, 0, 1);

export interface RunFixture {
  id: string;
  name?: string;
  experimentId?: string;
  status?: Run['info']['status'];
  startedMsAgo?: number;
  durationMs?: number | null;
  params?: Record<string, string>;
  metrics?: Record<string, number>;
  tags?: Record<string, string>;
}

/** A run with a 32-character id made from `id` (repeated), finished unless said otherwise. */
export function makeRun(f: RunFixture): Run {
  const runId = f.id.repeat(Math.ceil(32 / f.id.length)).slice(0, 32);
  const startTime = NOW - (f.startedMsAgo ?? 3_600_000);
  const duration = f.durationMs === undefined ? 60_000 : f.durationMs;
  return {
    info: {
      runId,
      runName: f.name ?? '',
      experimentId: f.experimentId ?? '1',
      userId: 'ada',
      status: f.status ?? 'FINISHED',
      startTime,
      endTime: duration === null ? null : startTime + duration,
      lifecycleStage: 'active',
      artifactUri: `mlflow-artifacts:/1/${runId}/artifacts`,
      jobId: null,
    },
    data: {
      params: Object.entries(f.params ?? {}).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(f.metrics ?? {}).map(([key, value]) => ({ key, value, step: 9, timestamp: startTime })),
      tags: Object.entries(f.tags ?? {}).map(([key, value]) => ({ key, value })),
    },
    inputs: { datasetInputs: [] },
  };
}

/** A CliIo that records what the CLI prints. */
export interface CapturedIo extends CliIo {
  stdout: string;
  stderr: string;
}

export function captureIo(env: NodeJS.ProcessEnv = {}, shutdown: Promise<string> = new Promise(() => {})): CapturedIo {
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    out: (text) => void (io.stdout += text),
    err: (text) => void (io.stderr += text),
    env,
    stdoutIsTTY: false,
    now: () => NOW,
    waitForShutdown: () => shutdown,
  };
  return io;
}
