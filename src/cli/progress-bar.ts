import cliProgress from 'cli-progress';
import type { DataProgress, ProgressCallback } from '../sdk/index.js';
import type { CliIo } from './io.js';
import { formatBytes } from './render/format.js';

export interface ProgressBar {
  /** Hand to the SDK's `onProgress`. */
  onProgress: ProgressCallback;
  /** Removes the bar (call before printing the result, also on failure). */
  stop(): void;
}

const LABELS: Record<DataProgress['phase'], string> = { hash: 'hashing  ', upload: 'uploading', checkout: 'writing  ' };

/**
 * A progress bar on stderr with files/s and MB/s, one bar per phase (hashing, uploading,
 * writing), drawn only when stderr is a terminal so that pipes and logs stay clean.
 */
export function progressBar(io: CliIo): ProgressBar {
  if (!io.stderrIsTTY) return { onProgress: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  let phase: DataProgress['phase'] | undefined;
  // Rates count from the bar's start: work done before it (uploads that ran while hashing) is not a rate.
  let base = { at: 0, files: 0, bytes: 0 };
  const stop = (): void => {
    bar?.stop();
    bar = undefined;
  };
  const onProgress = (p: DataProgress): void => {
    // Nothing to do in this phase (every file already hashed, every object already stored).
    if (p.filesTotal === 0 && p.bytesTotal === 0) return;
    if (p.phase !== phase) {
      stop();
      phase = p.phase;
      base = { at: Date.now(), files: p.filesDone, bytes: p.bytesDone };
      bar = new cliProgress.SingleBar(
        {
          format: `${LABELS[p.phase]} [{bar}] {percentage}% | {files} files | {bytes} | {fps} files/s | {mbps} MB/s | eta {eta_formatted}`,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(1, p.bytesTotal), 0, payload(p, base));
    }
    bar?.setTotal(Math.max(1, p.bytesTotal));
    bar?.update(p.bytesTotal === 0 ? (p.filesTotal === 0 ? 1 : p.filesDone / p.filesTotal) : p.bytesDone, payload(p, base));
  };
  return { onProgress, stop };
}

function payload(p: DataProgress, base: { at: number; files: number; bytes: number }): Record<string, string> {
  const seconds = (Date.now() - base.at) / 1000;
  const rate = (n: number): number => (seconds < 0.2 ? 0 : n / seconds);
  return {
    files: `${p.filesDone}/${p.filesTotal}`,
    bytes: `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}`,
    fps: String(Math.round(rate(p.filesDone - base.files))),
    mbps: (rate(p.bytesDone - base.bytes) / 1e6).toFixed(1),
  };
}

/** Runs `work` with a bar, which is removed before the result (or the error) is printed. */
export async function withProgress<T>(io: CliIo, work: (onProgress: ProgressCallback) => Promise<T>): Promise<T> {
  const bar = progressBar(io);
  try {
    return await work(bar.onProgress);
  } finally {
    bar.stop();
  }
}

export interface CountBar {
  /** Draws `done` of `total` (a total of null draws a bar of `done` of `done`), with `status` after it. */
  update(done: number, total: number | null, status: string): void;
  stop(): void;
}

/**
 * A bar counting things done (`fw sweeps create --wait`: trials ended of max_trials) on
 * stderr, drawn only when stderr is a terminal, like the data bars above.
 */
export function countBar(io: CliIo, label: string): CountBar {
  if (!io.stderrIsTTY) return { update: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total, status) {
      const max = Math.max(1, total ?? done);
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {value}/{total} | {status}`, stream: process.stderr, hideCursor: true, clearOnComplete: true, fps: 10 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(max, 0, { status });
      }
      bar.setTotal(max);
      bar.update(Math.min(done, max), { status });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
