import { describe, expect, it } from 'vitest';
import { parseModelSource } from './model-source-uri.js';
import { checkAlias, checkModelName, decodeOffsetToken, encodeOffsetToken, parseStage, parseVersion } from './registry-validation.js';

describe('model version sources', () => {
  it('reads runs:/ URIs and artifact URIs of a run', () => {
    expect(parseModelSource('runs:/abc/model')).toEqual({ runId: 'abc', path: 'model' });
    expect(parseModelSource('runs:/abc/')).toEqual({ runId: 'abc', path: '' });
    expect(parseModelSource('runs:/abc')).toEqual({ runId: 'abc', path: '' });
    expect(parseModelSource('runs:/abc/a/./b/')).toEqual({ runId: 'abc', path: 'a/b' });
    expect(parseModelSource('mlflow-artifacts:/1/abc/artifacts/model')).toEqual({ runId: 'abc', path: 'model' });
    expect(parseModelSource('mlflow-artifacts://host:5000/1/abc/artifacts/m/x')).toEqual({ runId: 'abc', path: 'm/x' });
    expect(parseModelSource('mlflow-artifacts:/1/abc/artifacts')).toEqual({ runId: 'abc', path: '' });
  });

  it('refuses other schemes, a missing run id and paths that climb out', () => {
    for (const bad of ['s3://b/k', '/tmp/model', 'runs:/', 'runs:/abc/../x', 'mlflow-artifacts:/1/abc/model', 'models:/iris/1']) {
      expect(() => parseModelSource(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});

describe('registry names and values', () => {
  it('takes model names without / or @ or control characters', () => {
    expect(checkModelName('iris-v2_final.x')).toBe('iris-v2_final.x');
    for (const bad of ['', 'a/b', 'a@b', 'tab\there', 'x'.repeat(257)]) expect(() => checkModelName(bad), bad).toThrow();
  });

  it("follows MLflow's alias rules", () => {
    expect(checkAlias('champion-2')).toBe('champion-2');
    for (const bad of ['', 'latest', 'LATEST', 'v1', 'V12', 'has space', 'a.b']) expect(() => checkAlias(bad), bad).toThrow();
  });

  it('reads versions, stages and page tokens', () => {
    expect(parseVersion('3')).toBe(3);
    expect(parseVersion(4)).toBe(4);
    for (const bad of ['0', '-1', '1.5', 'x', '', '9'.repeat(20)]) expect(() => parseVersion(bad), bad).toThrow();
    expect(parseStage('production')).toBe('Production');
    expect(() => parseStage('live')).toThrow();
    expect(decodeOffsetToken(encodeOffsetToken(40))).toBe(40);
    expect(decodeOffsetToken(undefined)).toBe(0);
    expect(() => decodeOffsetToken('nope')).toThrow();
  });
});
