import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExitRecord, workerFiles } from './worker-files.js';
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
