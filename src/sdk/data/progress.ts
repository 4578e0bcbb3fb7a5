/** What a long data operation is doing: `hash` and `upload` for add and status, `checkout` and `download` for checkout. */
export type DataPhase = 'hash' | 'upload' | 'checkout';

/** Files and bytes done of the phase's total, reported as work completes (at most ~10 times a second). */
export interface DataProgress {
  phase: DataPhase;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export type ProgressCallback = (progress: DataProgress) => void;

const INTERVAL_MS = 100;

/** Counts one phase's work and tells the callback, throttled; `finish()` always reports the end. */
export class ProgressCounter {
  filesDone = 0;
  bytesDone = 0;
  private last = 0;

  constructor(
    readonly phase: DataPhase,
    public filesTotal: number,
    public bytesTotal: number,
    private readonly callback: ProgressCallback | undefined,
  ) {}

  add(files: number, bytes: number): void {
    this.filesDone += files;
    this.bytesDone += bytes;
    if (!this.callback) return;
    const now = Date.now();
    if (now - this.last >= INTERVAL_MS) {
      this.last = now;
      this.report();
    }
  }

  /** Reports now (at the start, or when a total changed). */
  report(): void {
    this.callback?.({ phase: this.phase, filesDone: this.filesDone, filesTotal: this.filesTotal, bytesDone: this.bytesDone, bytesTotal: this.bytesTotal });
  }

  finish(): void {
    this.report();
  }
}
