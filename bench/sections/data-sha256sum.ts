import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * The hash limit: coreutils sha256sum over the same files, all cores (`find | xargs -P`,
 * a few files per process so the 10 large files spread over the cores) and one process.
 * Seconds, page cache warm (each tree is read once before).
 */
export interface Sha256sumFigures {
  parallelSeconds: number;
  singleSeconds: number;
  cores: number;
}

export function measureSha256sum(dir: string, filesPerProcess: number): Sha256sumFigures {
  const cores = availableParallelism();
  const time = (script: string): number => {
    const started = performance.now();
    execFileSync('sh', ['-c', script], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
    return (performance.now() - started) / 1000;
  };
  const q = `'${dir.replace(/'/g, `'\\''`)}'`;
  // Warm the page cache so both figures, and ours after them, read from memory.
  time(`find ${q} -type f -print0 | xargs -0 cat > /dev/null`);
  const parallelSeconds = time(`find ${q} -type f -print0 | xargs -0 -P${cores} -n${filesPerProcess} sha256sum > /dev/null`);
  const singleSeconds = time(`find ${q} -type f -print0 | xargs -0 sha256sum > /dev/null`);
  return { parallelSeconds, singleSeconds, cores };
}

export function sha256sumAvailable(): boolean {
  try {
    execFileSync('sha256sum', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
