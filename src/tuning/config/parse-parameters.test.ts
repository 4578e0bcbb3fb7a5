import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import type { Parameter } from '../space/space-types.js';
import { parseSweepConfig } from './sweep-config.js';

/** A random sweep around the given `parameters:` block (indented by two spaces). */
function sweep(parameters: string, command = 'python train.py', method = 'random'): string {
  return `name: s\ncommand: ${command}\nmetric: { name: loss, goal: minimize }\nmethod: ${method}\nmax_trials: 10\nparameters:\n${parameters}`;
}

const parametersOf = (parameters: string, method?: string): Parameter[] =>
  parseSweepConfig(sweep(parameters, undefined, method)).space.parameters;

function issuesOf(text: string): { path: string; message: string }[] {
  try {
    parseSweepConfig(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FlywheelError);
    return (e as FlywheelError).issues;
  }
  throw new Error('expected parseSweepConfig to throw');
}

describe('parameters', () => {
  describe('when no distribution is given', () => {
    it('infers it as W&B does', () => {
      expect(
        parametersOf(
          [
            '  a: { value: adam }',
            '  b: { values: [x, y], probabilities: [0.25, 0.75] }',
            '  c: { min: 1, max: 8 }',
            '  d: { min: 1.0, max: 8 }',
            '  e: { min: 0.1, max: 0.9 }',
          ].join('\n'),
        ),
      ).toEqual([
        { name: 'a', spec: { kind: 'constant', value: 'adam' } },
        { name: 'b', spec: { kind: 'categorical', values: ['x', 'y'], probabilities: [0.25, 0.75] } },
        { name: 'c', spec: { kind: 'int_uniform', min: 1, max: 8 } },
        { name: 'd', spec: { kind: 'uniform', min: 1, max: 8 } },
        { name: 'e', spec: { kind: 'uniform', min: 0.1, max: 0.9 } },
      ]);
    });
  });

  describe('when a distribution is given', () => {
    it('reads q_uniform, normal (with W&B defaults), and the log_uniform_values synonym', () => {
      expect(
        parametersOf(
          [
            '  q: { distribution: q_uniform, min: 0, max: 1, q: 0.25 }',
            '  n: { distribution: normal, mu: 2 }',
            '  l: { distribution: log_uniform_values, min: 1e-5, max: 1e-1 }',
          ].join('\n'),
        ),
      ).toEqual([
        { name: 'q', spec: { kind: 'q_uniform', min: 0, max: 1, q: 0.25 } },
        { name: 'n', spec: { kind: 'normal', mu: 2, sigma: 1 } },
        { name: 'l', spec: { kind: 'log_uniform', min: 1e-5, max: 0.1 } },
      ]);
    });

    it('reports keys that do not belong to it', () => {
      const issues = issuesOf(sweep('  a: { distribution: uniform, min: 0, max: 1, q: 0.1 }'));
      expect(issues).toEqual([{ path: 'parameters.a.q', message: 'line 7: q does not apply to distribution uniform' }]);
    });

    it('reports an unknown distribution with a suggestion', () => {
      const issues = issuesOf(sweep('  a: { distribution: log_unifrom, min: 0.1, max: 1 }'));
      expect(issues[0]).toEqual({
        path: 'parameters.a.distribution',
        message: expect.stringContaining('line 7: distribution must be one of') as unknown as string,
      });
      expect(issues[0]!.message).toContain('(did you mean "log_uniform"?)');
    });

    it('reports int_uniform with fractional bounds, q_uniform without q, and sigma <= 0', () => {
      const issues = issuesOf(
        sweep(
          [
            '  a: { distribution: int_uniform, min: 0.5, max: 3 }',
            '  b: { distribution: q_uniform, min: 0, max: 1 }',
            '  c: { distribution: normal, sigma: 0 }',
          ].join('\n'),
        ),
      );
      expect(issues).toEqual([
        { path: 'parameters.a.min', message: 'line 7: int_uniform needs integer min and max' },
        { path: 'parameters.b.q', message: 'line 8: q is required' },
        { path: 'parameters.c.sigma', message: 'line 9: sigma must be greater than 0' },
      ]);
    });

    it('reports a parameter with nothing to sample', () => {
      expect(issuesOf(sweep('  a: { distribution: categorical }'))).toEqual([
        { path: 'parameters.a.values', message: 'line 7: values is required' },
      ]);
      expect(issuesOf(sweep('  a: {}'))[0]!.message).toBe(
        'line 7: a parameter needs value, values, min and max, or parameters (a group)',
      );
    });
  });

  describe('when parameters are nested in a group', () => {
    it('names each member group.member', () => {
      const text = sweep(
        ['  optimizer:', '    parameters:', '      lr: { min: 0.001, max: 0.1 }', '      momentum: { values: [0.9, 0.99] }', '  batch: { value: 32 }'].join('\n'),
        'python train.py --lr ${optimizer.lr} --m ${optimizer.momentum}',
      );
      expect(parseSweepConfig(text).space.parameters.map((p) => p.name)).toEqual(['optimizer.lr', 'optimizer.momentum', 'batch']);
    });

    it('reports a bad member with its full path and line', () => {
      const text = sweep(['  optimizer:', '    parameters:', '      lr: { min: 0.1, max: 0.001 }'].join('\n'));
      expect(issuesOf(text)).toEqual([{ path: 'parameters.optimizer.parameters.lr.max', message: 'line 9: max must be greater than min' }]);
    });

    it('reports a group that also has a distribution', () => {
      const text = sweep(['  optimizer:', '    values: [1]', '    parameters:', '      lr: { value: 1 }'].join('\n'));
      expect(issuesOf(text)).toEqual([{ path: 'parameters.optimizer.values', message: 'line 8: values does not apply to a group (a mapping with parameters)' }]);
    });
  });

  describe('when a parameter is conditional', () => {
    const conditional = [
      '  momentum:',
      '    condition: { parameter: optimizer, values: [sgd] }',
      '    min: 0.5',
      '    max: 0.99',
      '  optimizer: { values: [adam, sgd] }',
      '  adam:',
      '    condition: { parameter: optimizer, values: [adam] }',
      '    parameters:',
      '      beta1: { values: [0.9, 0.95] }',
    ].join('\n');

    it('records the condition and orders the parameter after the one it depends on', () => {
      expect(parametersOf(conditional)).toEqual([
        { name: 'optimizer', spec: { kind: 'categorical', values: ['adam', 'sgd'] } },
        { name: 'momentum', spec: { kind: 'uniform', min: 0.5, max: 0.99 }, condition: { parameter: 'optimizer', values: ['sgd'] } },
        { name: 'adam.beta1', spec: { kind: 'categorical', values: [0.9, 0.95] }, condition: { parameter: 'optimizer', values: ['adam'] } },
      ]);
    });

    it('reports a condition on an unknown parameter or value', () => {
      const text = sweep(
        [
          '  optimizer: { values: [adam, sgd] }',
          '  a: { value: 1, condition: { parameter: optimiser, values: [sgd] } }',
          '  b: { value: 1, condition: { parameter: optimizer, values: [rmsprop] } }',
        ].join('\n'),
      );
      expect(issuesOf(text)).toEqual([
        { path: 'parameters.a.condition.parameter', message: 'line 8: condition names an unknown parameter "optimiser" (use the full dotted name)' },
        { path: 'parameters.b.condition.values[0]', message: "line 9: rmsprop is not one of optimizer's values (adam, sgd)" },
      ]);
    });

    it('reports a condition on a continuous parameter and a cycle', () => {
      const text = sweep(
        [
          '  lr: { min: 0.1, max: 1 }',
          '  a: { value: 1, condition: { parameter: lr, values: [0.5] } }',
          '  x: { values: [1, 2], condition: { parameter: y, values: [1] } }',
          '  y: { values: [1, 2], condition: { parameter: x, values: [1] } }',
        ].join('\n'),
      );
      expect(issuesOf(text)).toEqual([
        { path: 'parameters.a.condition.parameter', message: 'line 8: condition must name a parameter with value or values; lr is uniform' },
        { path: 'parameters.x.condition.parameter', message: 'line 9: conditions form a cycle: x -> y -> x' },
      ]);
    });

    it('reports a conditional parameter used as a command placeholder', () => {
      const issues = issuesOf(sweep(conditional, 'python train.py --momentum ${momentum}'));
      expect(issues).toEqual([
        { path: 'command', message: 'line 2: ${momentum} is conditional and may have no value in a trial; read it from FW_PARAM_MOMENTUM instead' },
      ]);
    });
  });

  describe('when the method is grid', () => {
    it('accepts finite parameters (values, int_uniform, q_uniform)', () => {
      const text = sweep(['  a: { values: [1, 2] }', '  b: { min: 1, max: 3 }', '  c: { distribution: q_uniform, min: 0, max: 1, q: 0.5 }'].join('\n'), undefined, 'grid');
      expect(parseSweepConfig(text).space.parameters).toHaveLength(3);
    });
  });

  it('reports two parameters that map to the same environment variable', () => {
    const text = sweep(['  a_b: { value: 1 }', '  a:', '    parameters:', '      b: { value: 2 }'].join('\n'));
    expect(issuesOf(text)).toEqual([{ path: 'parameters', message: 'line 7: parameters a_b and a.b both map to environment variable FW_PARAM_A_B' }]);
  });
});
