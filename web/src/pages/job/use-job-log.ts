import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { readJobLog } from '../../api/jobs';
import { isTerminalJobState } from '../../api/jobs-types';
import { usePageVisible } from '../../lib/use-page-visible';
import { sleep } from '../../lib/use-poll';
import { appendLog, EMPTY_LOG, type LogBuffer } from './log-buffer';

/** Pause between reads while a worker runs and has written nothing new. */
export const LOG_POLL_MS = 1000;
/** Bytes asked for per read (the server's cap). A read this long means more is waiting: read on at once. */
const READ_BYTES = 1024 * 1024;
/** Of a log longer than one read, only about this much of its end is fetched when the page opens. */
const TAIL_BYTES = 512 * 1024;
/**
 * Bytes asked for while nothing has been read: enough for most logs in one read, little to
 * throw away when the answer's size says the log is huge and the view jumps to its end.
 */
const HEAD_BYTES = 64 * 1024;
const MAX_BACKOFF_MS = 30_000;

export interface JobLogOptions {
  jobId: string;
  rank: number;
  attempt: number;
  /**
   * The attempt can write no more (a later attempt exists, or the job is in a terminal
   * state). The server's `x-job-state` tells the same sooner for the current attempt.
   */
  ended: boolean;
  /** The job's current attempt. */
  currentAttempt: number;
}

export interface JobLogState {
  buffer: LogBuffer;
  /** Every byte of an ended attempt has been read. */
  complete: boolean;
  /** Nothing read yet. */
  empty: boolean;
  error: Error | undefined;
}

const INITIAL: JobLogState = { buffer: EMPTY_LOG, complete: false, empty: true, error: undefined };

/**
 * Reads one worker's log of one attempt by offset and appends what is new, every second
 * while the attempt runs and the tab is visible, until an ended attempt has nothing more.
 * A log already longer than one read (the answer's `x-log-size` says) is joined near its end,
 * not downloaded from the start.
 */
export function useJobLog(options: JobLogOptions): JobLogState {
  const { jobId, rank, attempt } = options;
  const key = `${jobId}/${rank}/${attempt}`;
  const [state, setState] = useState<JobLogState & { key: string }>({ key: '', ...INITIAL });
  const visible = usePageVisible();
  const live = useRef({ options, visible, wake: () => {} });
  live.current.options = options;
  live.current.visible = visible;
  useEffect(() => {
    if (visible) live.current.wake();
  }, [visible]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setState({ key, ...INITIAL });
    const append = (text: string, skipped = 0) =>
      setState((s) => {
        const buffer = appendLog(skipped > 0 ? { ...s.buffer, dropped: s.buffer.dropped + skipped } : s.buffer, text);
        return { ...s, buffer, empty: s.empty && buffer.chunks.length === 0, error: undefined };
      });
    const ended = (jobState: string | undefined) => {
      const o = live.current.options;
      return o.ended || (o.attempt === o.currentAttempt && jobState !== undefined && isTerminalJobState(jobState));
    };

    void (async () => {
      // Reads end anywhere, also inside a UTF-8 character: one streaming decoder per log.
      let decoder = new TextDecoder();
      let offset = 0;
      let failures = 0;
      let emptyAfterEnd = 0;
      /** After a jump into the middle of the log: drop text up to the first line start. */
      let midLine = false;
      while (!signal.aborted) {
        while (!live.current.visible && !signal.aborted) {
          await new Promise<void>((wake) => {
            live.current.wake = wake;
            signal.addEventListener('abort', () => wake(), { once: true });
          });
        }
        if (signal.aborted) break;
        let pause = LOG_POLL_MS;
        try {
          const limit = offset === 0 ? HEAD_BYTES : READ_BYTES;
          const read = await readJobLog({ jobId, rank, attempt, offset, limit }, signal);
          if (signal.aborted) break;
          failures = 0;
          // Without a size (a proxy that strips the header) the log is read from its start;
          // the buffer's cap still bounds what the page keeps.
          if (offset === 0 && read.size !== undefined && read.size > READ_BYTES) {
            offset = read.size - TAIL_BYTES;
            decoder = new TextDecoder();
            midLine = true;
            append('', offset);
            continue;
          }
          offset = read.nextOffset;
          let text = decoder.decode(read.bytes, { stream: true });
          if (midLine) {
            const newline = text.indexOf('\n');
            if (newline === -1 && read.bytes.length > 0) text = '';
            else if (newline !== -1) {
              text = text.slice(newline + 1);
              midLine = false;
            }
          }
          if (read.bytes.length > 0) {
            emptyAfterEnd = 0;
            append(text);
            if (read.bytes.length >= limit) pause = 0;
          } else if (ended(read.state)) {
            // The state may have been read before the last bytes were flushed: one more
            // empty read after the end settles it.
            if (++emptyAfterEnd >= 2) {
              const rest = decoder.decode();
              setState((s) => ({ ...s, buffer: appendLog(s.buffer, rest), complete: true, error: undefined }));
              break;
            }
            pause = 200;
          } else {
            setState((s) => (s.error ? { ...s, error: undefined } : s));
          }
        } catch (e) {
          if (signal.aborted || (e as Error).name === 'AbortError') break;
          // No log yet (the job has not started) is the normal start of a live view; an
          // attempt that ended without one (cancelled while queued) never gets one.
          if (e instanceof ApiError && e.status === 404) {
            if (live.current.options.ended) {
              setState((s) => ({ ...s, complete: true, error: undefined }));
              break;
            }
          } else {
            failures++;
            pause = Math.min(MAX_BACKOFF_MS, LOG_POLL_MS * 2 ** failures);
            setState((s) => ({ ...s, error: e as Error }));
          }
        }
        if (pause > 0) await sleep(pause, signal);
      }
    })();
    return () => controller.abort();
  }, [key, jobId, rank, attempt]);

  return state.key === key ? state : INITIAL;
}
