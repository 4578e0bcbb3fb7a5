import { describe, expect, it } from 'vitest';
import { curlSnippet, exportCommand, inferRequestBody, sampleInput, serveCommand } from './serve-snippets';

const sig = {
  inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 4] }],
  outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }],
};

describe('how-to-serve snippets', () => {
  it('build a sample input with one row for each dynamic dimension', () => {
    expect(sampleInput(sig.inputs[0]!)).toEqual({ name: 'features', shape: [1, 4], datatype: 'FP32', data: [0, 0, 0, 0] });
    expect(sampleInput({ name: 'ok', datatype: 'BOOL', shape: [2] }).data).toEqual([false, false]);
    expect(sampleInput({ name: 'text', datatype: 'BYTES', shape: [-1] }).data).toEqual(['']);
  });
  it('leave a big tensor empty and say how many values it needs', () => {
    expect(sampleInput({ name: 'image', datatype: 'FP32', shape: [-1, 28, 28] })).toEqual({ name: 'image', shape: [1, 28, 28], datatype: 'FP32', data: [], fill: 784 });
  });
  it('write an OIP v2 infer request for the signature', () => {
    expect(JSON.parse(inferRequestBody(sig))).toEqual({ inputs: [{ name: 'features', shape: [1, 4], datatype: 'FP32', data: [0, 0, 0, 0] }] });
  });
  it('call the served model with curl on the serve port', () => {
    const curl = curlSnippet('iris', sig);
    expect(curl).toContain('curl -s http://127.0.0.1:8080/v2/models/iris/infer');
    expect(curl).toContain(`-d '{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[0,0,0,0]}]}'`);
    const big = curlSnippet('mnist', { inputs: [{ name: 'image', datatype: 'FP32', shape: [-1, 28, 28] }], outputs: [] }, 9000);
    expect(big.split('\n')[0]).toBe('# fill "image" with 784 values (shape [1, 28, 28])');
    expect(big).toContain(':9000/v2/models/mnist/infer');
  });
  it('quote a single quote inside the shell string', () => {
    expect(curlSnippet('m', { inputs: [{ name: "it's", datatype: 'FP32', shape: [1] }], outputs: [] })).toContain(`"name":"it'\\''s"`);
  });
  it('serve by alias and export a version as a web bundle', () => {
    expect(serveCommand('iris', 'production')).toBe('fw serve iris@production --port 8080');
    expect(exportCommand('iris', '3')).toBe('fw models export iris/3 --target web --out ./bundle');
  });
});
