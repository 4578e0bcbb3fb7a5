import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import type { MlpLayer } from '../onnx/index.js';
import { loadModel } from './load-model.js';
import type { LoadedModel, ModelFiles, ModelFormat, Tensor } from './runtime-types.js';
import { irisLikeMlp, mlpForward, mlpOnnxFiles, mlpTfjsGraphFiles, mlpTfjsLayersFiles, randomInputs } from '../test-support/test-models.js';

const layers: MlpLayer[] = irisLikeMlp(3);

async function expectInvalid(promise: Promise<unknown>, message: string | RegExp): Promise<FlywheelError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FlywheelError);
  expect((err as FlywheelError).code).toBe('INVALID_ARGUMENT');
  expect((err as FlywheelError).message).toMatch(message);
  return err as FlywheelError;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i]! - expected[i]!) > tolerance) throw new Error(`value ${i}: ${actual[i]} is not within ${tolerance} of ${expected[i]}`);
  }
}

interface FormatCase {
  format: ModelFormat;
  files: () => Promise<ModelFiles>;
  input: string;
  output: string;
}

// The same network in each format; every format must pass the same checks.
const cases: FormatCase[] = [
  { format: 'onnx', files: () => Promise.resolve(mlpOnnxFiles(layers)), input: 'input', output: 'output' },
  { format: 'tfjs-layers', files: () => mlpTfjsLayersFiles(layers), input: 'dense1_input', output: 'dense2/dense2' },
  { format: 'tfjs-graph', files: () => Promise.resolve(mlpTfjsGraphFiles(layers)), input: 'x', output: 'Identity' },
];

describe.each(cases)('loadModel for $format', ({ format, files, input, output }) => {
  let model: LoadedModel;
  const features = (rows: number, seed = rows): Tensor => ({ name: input, datatype: 'FP32', shape: [rows, 4], data: randomInputs(rows, 4, seed) });

  beforeAll(async () => {
    model = await loadModel(await files());
  });
  afterAll(() => model.close());

  it('detects the format and reads the signature', () => {
    expect(model.format).toBe(format);
    expect(model.signature).toEqual({
      inputs: [{ name: input, datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: output, datatype: 'FP32', shape: [-1, 3] }],
    });
    expect(model.batchable).toBe(true);
  });

  it.each([1, 3, 64])('computes the network for a batch of %i', async (rows) => {
    const x = features(rows);
    const [y, ...rest] = await model.run([x]);
    expect(rest).toEqual([]);
    expect(y).toMatchObject({ name: output, datatype: 'FP32', shape: [rows, 3] });
    expect(y!.data).toBeInstanceOf(Float32Array);
    expectClose(y!.data as Float32Array, mlpForward(layers, x.data as Float32Array, rows));
  });

  it('returns the outputs asked for and refuses unknown ones', async () => {
    const [y] = await model.run([features(2)], [output]);
    expect(y?.name).toBe(output);
    await expectInvalid(model.run([features(2)], ['nope']), `the model has no output named nope (its outputs: ${output})`);
  });

  it('gives 50 concurrent runs each its own answer', async () => {
    const requests = Array.from({ length: 50 }, (_, i) => features(1 + (i % 7), 100 + i));
    const answers = await Promise.all(requests.map((x) => model.run([x])));
    answers.forEach(([y], i) => {
      const x = requests[i]!;
      expect(y!.shape).toEqual([x.shape[0], 3]);
      expectClose(y!.data as Float32Array, mlpForward(layers, x.data as Float32Array, x.shape[0]!));
    });
  });

  describe('with bad inputs, before the runtime sees them', () => {
    it('refuses a missing input', async () => {
      await expectInvalid(model.run([]), `input ${input} is missing`);
    });

    it('refuses an unknown input', async () => {
      await expectInvalid(model.run([features(1), { ...features(1), name: 'other' }]), 'the model has no input named other');
    });

    it('refuses the wrong datatype', async () => {
      await expectInvalid(model.run([{ name: input, datatype: 'FP64', shape: [1, 4], data: new Float64Array(4) }]), `input ${input} must be FP32, not FP64`);
    });

    it('refuses the wrong rank', async () => {
      await expectInvalid(model.run([{ name: input, datatype: 'FP32', shape: [4], data: new Float32Array(4) }]), `input ${input} must have 2 dimensions`);
    });

    it('refuses the wrong fixed dimension', async () => {
      await expectInvalid(model.run([{ name: input, datatype: 'FP32', shape: [1, 5], data: new Float32Array(5) }]), `input ${input} must have size 4 in dimension 1`);
    });

    it('refuses data that does not fill the shape', async () => {
      await expectInvalid(model.run([{ name: input, datatype: 'FP32', shape: [2, 4], data: new Float32Array(5) }]), `input ${input} has 5 values, but shape [2, 4] holds 8`);
    });
  });

  it('refuses to run once closed', async () => {
    const other = await loadModel(await files());
    await other.close();
    await other.close();
    await expect(other.run([features(1)])).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });
});

describe('loadModel', () => {
  it('says when it cannot tell the format', async () => {
    await expectInvalid(loadModel(new Map([['model.pkl', new Uint8Array(3)]])), "cannot tell the model's format from its files (model.pkl)");
  });

  it('takes the format from the options', async () => {
    await expectInvalid(loadModel(new Map([['weights.bin', new Uint8Array(3)]]), { format: 'tfjs-layers' }), 'the model has no model.json');
  });
});
