import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.js';
import type { ModelFiles } from './runtime-types.js';
import { irisLikeMlp, mlpOnnxFiles, mlpTfjsGraphFiles, mlpTfjsLayersFiles } from '../test-support/test-models.js';

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const files = (entries: Record<string, Uint8Array>): ModelFiles => new Map(Object.entries(entries));
const bytes = new Uint8Array([1, 2, 3]);

describe('detectFormat', () => {
  describe('for ONNX', () => {
    it('recognises a single .onnx file, whatever it is called', () => {
      expect(detectFormat(mlpOnnxFiles(irisLikeMlp()))).toBe('onnx');
      expect(detectFormat(files({ 'iris.ONNX': bytes, 'README.md': bytes }))).toBe('onnx');
    });

    it('gives up on two .onnx files, which would be a guess', () => {
      expect(detectFormat(files({ 'a.onnx': bytes, 'b.onnx': bytes }))).toBeUndefined();
    });
  });

  describe('for TF.js', () => {
    it('recognises a saved layers model', async () => {
      expect(detectFormat(await mlpTfjsLayersFiles(irisLikeMlp()))).toBe('tfjs-layers');
    });

    it('recognises a graph model', () => {
      expect(detectFormat(mlpTfjsGraphFiles(irisLikeMlp()))).toBe('tfjs-graph');
    });

    it('reads the topology when model.json has no format field', () => {
      expect(detectFormat(files({ 'model.json': json({ modelTopology: { class_name: 'Sequential', config: {} } }) }))).toBe('tfjs-layers');
      expect(detectFormat(files({ 'model.json': json({ modelTopology: { model_config: { class_name: 'Model', config: {} } } }) }))).toBe('tfjs-layers');
      expect(detectFormat(files({ 'model.json': json({ modelTopology: { node: [] } }) }))).toBe('tfjs-graph');
    });

    it('ignores a model.json that is not at the root', () => {
      expect(detectFormat(files({ 'tfjs/model.json': json({ format: 'layers-model' }) }))).toBeUndefined();
    });
  });

  it('gives undefined for files that are no model', () => {
    expect(detectFormat(files({}))).toBeUndefined();
    expect(detectFormat(files({ 'model.pkl': bytes }))).toBeUndefined();
    expect(detectFormat(files({ 'model.json': new TextEncoder().encode('not json') }))).toBeUndefined();
    expect(detectFormat(files({ 'model.json': json({ format: 'something-else' }) }))).toBeUndefined();
    expect(detectFormat(files({ 'model.json': json([1, 2]) }))).toBeUndefined();
  });
});
