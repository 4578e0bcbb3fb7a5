import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExitRecord, pidFileTime, readExitRecord, workerFiles } from './worker-files.js';
import { shellQuote, wrapperScript } from './wrapper-script.js';

describe('the worker wrapper shell', () => {
  it('records its pid, passes arguments through untouched, and records the exit status and CPU time', () => {
    const dir = mkdtempSync(join(tmpdir(), "fw-wrapper-it's "));
    try {
      const files = workerFiles(dir, 0, 1);
      let status = 0;
      let out = '';
      try {
        out = execFileSync('/bin/sh', ['-c', wrapperScript(files), 'fw-job', 'sh', '-c', 'printf "%s|" "$@"; exit 5', 'x', 'a b', "it's", '$HOME'], {
          encoding: 'utf8',
        });
      } catch (e) {
        status = (e as { status: number }).status;
        out = (e as { stdout: string }).stdout;
      }
      expect(status).toBe(5);
      expect(out).toBe("a b|it's|$HOME|");
      expect(Number(readFileSync(files.pid, 'utf8'))).toBeGreaterThan(0);
      const record = parseExitRecord(readFileSync(files.exit, 'utf8'));
      expect(record?.code).toBe(5);
      expect(record?.cpuUserSeconds).toBeGreaterThanOrEqual(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("dates the worker's start and end by its pid and exit files, which keep their times when renamed", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-wrapper-times-'));
    try {
      const files = workerFiles(dir, 0, 1);
      execFileSync('/bin/sh', ['-c', wrapperScript(files), 'fw-job', 'true']);
      const exitRecord = await readExitRecord(files.exit);
      expect(exitRecord).toMatchObject({ code: 0, endedAt: Math.round(statSync(files.exit).mtimeMs) });
      expect(await pidFileTime(files.pid)).toBe(Math.round(statSync(files.pid).mtimeMs));
      // A record written long ago (the server was down) reads as then, not as now.
      const then = new Date('2026-01-02T03:04:05.678Z');
      utimesSync(files.exit, then, then);
      expect((await readExitRecord(files.exit))?.endedAt).toBe(then.getTime());
      expect(await readExitRecord(join(dir, 'missing.exit'))).toBeUndefined();
      expect(await pidFileTime(join(dir, 'missing.pid'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not start the command once the stop marker is written, and records 143 as a SIGTERM would have', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-wrapper-stop-'));
    try {
      const files = workerFiles(dir, 0, 1);
      writeFileSync(files.stop, '');
      const run = spawnSync('/bin/sh', ['-c', wrapperScript(files), 'fw-job', 'sh', '-c', 'echo ran'], { encoding: 'utf8' });
      expect(run.status).toBe(143);
      expect(run.stdout).toBe('');
      expect(parseExitRecord(readFileSync(files.exit, 'utf8'))?.code).toBe(143);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the exit record when a stop comes as the command ends: the mv that writes it ignores SIGTERM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-wrapper-late-stop-'));
    try {
      const files = workerFiles(dir, 0, 1);
      // An mv that is sent SIGTERM as it starts, as by a stop that comes just then.
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'mv'), `#!/bin/sh\nkill -TERM $$\nexec ${execFileSync('sh', ['-c', 'command -v mv'], { encoding: 'utf8' }).trim()} "$@"\n`, { mode: 0o755 });
      const run = spawnSync('/bin/sh', ['-c', wrapperScript(files), 'fw-job', 'sh', '-c', 'exit 7'], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` } });
      expect(run.status).toBe(7);
      expect(parseExitRecord(readFileSync(files.exit, 'utf8'))?.code).toBe(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quotes for the shell', () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });

  it('parses the exit record of dash and bash `times` output', () => {
    expect(parseExitRecord('0\n0m0.001000s 0m0.002000s\n1m2.500000s 0m0.250000s\n')).toEqual({
      code: 0,
      cpuUserSeconds: 62.5,
      cpuSystemSeconds: 0.25,
    });
    expect(parseExitRecord('')).toBeUndefined();
    expect(parseExitRecord('143\n')).toEqual({ code: 143, cpuUserSeconds: null, cpuSystemSeconds: null });
  });

  it('names logs by rank only for distributed jobs', () => {
    expect(workerFiles('/d', 0, 1).logName).toBe('output.log');
    expect(workerFiles('/d', 1, 2).logName).toBe('rank-1.log');
  });
});
