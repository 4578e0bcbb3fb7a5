import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactProxyRoot, artifactUrlPath, joinArtifactPath, listFilesRecursive } from './artifact-paths.js';

describe('artifact paths', () => {
  describe('artifactProxyRoot', () => {
    it("takes the path of MLflow's mlflow-artifacts:/ URI", () => {
      expect(artifactProxyRoot('mlflow-artifacts:/3/abc/artifacts')).toBe('3/abc/artifacts');
    });

    it('drops the authority of an mlflow-artifacts:// URI', () => {
      expect(artifactProxyRoot('mlflow-artifacts://localhost:5050/3/abc/artifacts')).toBe('3/abc/artifacts');
    });

    it('refuses a location the proxy does not serve', () => {
      expect(() => artifactProxyRoot('s3://bucket/3/abc')).toThrow(expect.objectContaining({ code: 'FAILED_PRECONDITION' }));
    });
  });

  it('joins segments and refuses .. so uploads stay inside the run', () => {
    expect(joinArtifactPath(undefined, 'model/', './weights.bin')).toBe('model/weights.bin');
    expect(() => joinArtifactPath('model', '../x')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('escapes each segment of the proxy URL but keeps the slashes', () => {
    expect(artifactUrlPath('1/r/artifacts/my model/a#b.txt')).toBe(
      '/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/my%20model/a%23b.txt',
    );
  });

  it('lists the files of a folder recursively with / separators, sorted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fw-sdk-artifacts-'));
    try {
      await mkdir(join(dir, 'sub', 'deeper'), { recursive: true });
      await writeFile(join(dir, 'b.txt'), 'b');
      await writeFile(join(dir, 'sub', 'a.txt'), 'a');
      await writeFile(join(dir, 'sub', 'deeper', 'c.bin'), 'c');
      expect(await listFilesRecursive(dir)).toEqual(['b.txt', 'sub/a.txt', 'sub/deeper/c.bin']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
