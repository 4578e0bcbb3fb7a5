import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import { safeArtifactPath } from './artifact-paths.js';

describe('artifact path checks', () => {
  it('accepts relative paths and trims trailing slashes', () => {
    expect(safeArtifactPath('1/abc/artifacts/model/MLmodel')).toBe('1/abc/artifacts/model/MLmodel');
    expect(safeArtifactPath('dir/')).toBe('dir');
    expect(safeArtifactPath('name with spaces/é.txt')).toBe('name with spaces/é.txt');
  });

  it('accepts the root only where a listing allows it', () => {
    expect(safeArtifactPath('', { allowEmpty: true })).toBe('');
    expect(() => safeArtifactPath('')).toThrow(FlywheelError);
  });

  it.each(['..', 'a/../b', '../x', '%2e%2e/x', '%252e%252e/x', 'a/./b', '.', 'a//b', '/etc/passwd', 'C:/x', 'a\\b', 'a\0b', '%2Fetc', 'a%00b'])(
    'refuses %j with INVALID_ARGUMENT',
    (path) => {
      expect(() => safeArtifactPath(path, { allowEmpty: true })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    },
  );
});
