import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isTerminalJobState, type Job } from '../../core/compute-types.js';
import { invalidArgument } from '../../core/index.js';
import type { TrackingApi } from '../../tracking/index.js';
import type { LogChunk } from '../compute-api.js';

export const MAX_LOG_READ = 1024 * 1024;

/** The log file of one worker, by the executors' naming rule (see `Launch.dir`). */
export const logFileName = (rank: number, workers: number): string => (workers === 1 ? 'output.log' : `rank-${rank}.log`);

/**
 * Reads a worker's log from `offset`: from the attempt's folder while it is there, else
 * from the run's artifacts (where logs are kept when the attempt ends).
 */
export async function readJobLog(
  job: Job,
  req: { rank: number; attempt: number; offset: number; limit: number; dir: string },
  tracking: TrackingApi,
): Promise<LogChunk> {
  const { rank, attempt, offset } = req;
  if (!Number.isInteger(rank) || rank < 0 || rank >= job.resources.nodes) {
    throw invalidArgument(`rank must be from 0 to ${job.resources.nodes - 1} for this job`);
  }
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > job.attempt) throw invalidArgument(`attempt must be from 1 to ${job.attempt}`);
  if (!Number.isInteger(offset) || offset < 0) throw invalidArgument('offset must be a non-negative integer');
  const limit = Math.min(Math.max(1, req.limit), MAX_LOG_READ);
  const name = logFileName(rank, job.resources.nodes);
  const ended = attempt < job.attempt || isTerminalJobState(job.state);
  const read = (await readRange(join(req.dir, name), offset, limit)) ?? (ended ? await readArtifactRange(job, attempt, name, offset, limit, tracking) : undefined);
  const data = read?.data ?? Buffer.alloc(0);
  return {
    data,
    nextOffset: offset + data.length,
    state: job.state,
    complete: ended && data.length < limit,
    size: read?.size ?? 0,
  };
}

interface Read {
  data: Buffer;
  size: number;
}

async function readRange(path: string, offset: number, limit: number): Promise<Read | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.max(0, Math.min(limit, size - offset)));
    const { bytesRead } = buffer.length > 0 ? await handle.read(buffer, 0, buffer.length, offset) : { bytesRead: 0 };
    return { data: buffer.subarray(0, bytesRead), size: Math.max(size, offset + bytesRead) };
  } finally {
    await handle.close();
  }
}

async function readArtifactRange(job: Job, attempt: number, name: string, offset: number, limit: number, tracking: TrackingApi): Promise<Read | undefined> {
  const root = await tracking.runArtifactRoot(job.runId);
  const folder = attempt === 1 ? 'logs' : `logs/attempt-${attempt}`;
  const found = await tracking.getArtifact(`${root}/${folder}/${name}`);
  if (!found) return undefined;
  if (offset >= found.size) {
    found.stream.destroy();
    return { data: Buffer.alloc(0), size: found.size };
  }
  return { data: await sliceStream(found.stream, offset, limit), size: found.size };
}

async function sliceStream(stream: Readable, offset: number, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let pos = 0;
  let taken = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const start = Math.max(0, offset - pos);
    pos += chunk.length;
    if (start >= chunk.length) continue;
    const piece = chunk.subarray(start, start + (limit - taken));
    parts.push(piece);
    taken += piece.length;
    if (taken >= limit) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(parts);
}
