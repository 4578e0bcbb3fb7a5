import { describe, expect, it } from 'vitest';
import {
  collectEnv,
  collectLabel,
  collectStates,
  parseDurationSeconds,
  parseInteger,
  parseMemoryMb,
  parseNonNegativeInt,
} from './job-parsers.js';

describe('job option parsers', () => {
  describe('memory', () => {
    it.each([
      ['4G', 4096],
      ['4g', 4096],
      ['4GB', 4096],
      ['4GiB', 4096],
      ['512M', 512],
      ['512', 512],
      ['1.5G', 1536],
      ['2T', 2 * 1024 * 1024],
      ['1024K', 1],
      ['1500k', 2],
      ['0', 0],
    ])('reads %s as %i MiB', (text, mib) => {
      expect(parseMemoryMb(text)).toBe(mib);
    });

    it('refuses negative sizes with a message that says so', () => {
      expect(() => parseMemoryMb('-4G')).toThrow('memory cannot be negative.');
    });

    it.each(['4X', 'G', '', '4 G B', '1e3'])('refuses %j', (text) => {
      expect(() => parseMemoryMb(text)).toThrow(/expected a size like 512M, 4G/);
    });
  });

  describe('durations', () => {
    it.each([
      ['90s', 90],
      ['30m', 1800],
      ['2h', 7200],
      ['1.5h', 5400],
      ['1d', 86_400],
      ['45', 45],
    ])('reads %s as %i seconds', (text, seconds) => {
      expect(parseDurationSeconds(text)).toBe(seconds);
    });

    it('refuses negative, zero and unitless garbage', () => {
      expect(() => parseDurationSeconds('-5m')).toThrow('cannot be negative');
      expect(() => parseDurationSeconds('0')).toThrow('at least 1 second');
      expect(() => parseDurationSeconds('5w')).toThrow(/like 90s, 30m/);
    });
  });

  it('reads counts and priorities', () => {
    expect(parseNonNegativeInt('0')).toBe(0);
    expect(() => parseNonNegativeInt('-1')).toThrow('cannot be negative');
    expect(() => parseNonNegativeInt('1.5')).toThrow();
    expect(parseInteger('-5')).toBe(-5);
    expect(() => parseInteger('high')).toThrow();
  });

  it('collects labels and keeps everything after the first = in the value', () => {
    expect(collectLabel('b=x=y', collectLabel('team=vision'))).toEqual({ team: 'vision', b: 'x=y' });
    expect(collectLabel('empty=')).toEqual({ empty: '' });
    expect(() => collectLabel('novalue')).toThrow('expected KEY=VALUE');
    expect(() => collectLabel('=v')).toThrow('expected KEY=VALUE');
  });

  it('collects environment variables with shell-safe names', () => {
    expect(collectEnv('B=2', collectEnv('A_1=1'))).toEqual({ A_1: '1', B: '2' });
    expect(() => collectEnv('1A=x')).toThrow("'1A' is not a variable name");
  });

  it('collects states from repeated and comma-separated values', () => {
    expect(collectStates('queued', collectStates('running, Failed'))).toEqual(['running', 'failed', 'queued']);
    expect(() => collectStates('runing')).toThrow("unknown state 'runing'");
  });
});
