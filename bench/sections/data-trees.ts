import { randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The two trees the data benchmark measures, written once into `dir`. */
export interface BenchTrees {
  /** 1 GB in 10 files of random bytes. */
  big: string;
  bigBytes: number;
  /** 100,000 files of 1-8 KiB random bytes in 100 folders. */
  small: string;
  smallFiles: number;
  smallBytes: number;
}

export function makeTrees(dir: string, options: { bigFiles: number; bigFileBytes: number; smallFiles: number }): BenchTrees {
  const big = join(dir, 'big');
  mkdirSync(big, { recursive: true });
  const chunk = Buffer.allocUnsafe(4 << 20);
  for (let i = 0; i < options.bigFiles; i++) {
    const fd = openSync(join(big, `part-${i}.bin`), 'w');
    for (let left = options.bigFileBytes; left > 0; left -= chunk.length) {
      const n = Math.min(left, chunk.length);
      randomFillSync(chunk, 0, n);
      writeSync(fd, chunk, 0, n);
    }
    closeSync(fd);
  }
  const small = join(dir, 'small');
  const folders = 100;
  let smallBytes = 0;
  const buf = Buffer.allocUnsafe(8192);
  for (let i = 0; i < options.smallFiles; i++) {
    const folder = join(small, `d${String(i % folders).padStart(3, '0')}`);
    if (i < folders) mkdirSync(folder, { recursive: true });
    const size = 1024 + Math.floor(Math.random() * 7169);
    randomFillSync(buf, 0, size);
    const fd = openSync(join(folder, `f${i}.bin`), 'w');
    writeSync(fd, buf, 0, size);
    closeSync(fd);
    smallBytes += size;
  }
  return { big, bigBytes: options.bigFiles * options.bigFileBytes, small, smallFiles: options.smallFiles, smallBytes };
}
