import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import { parseSweepConfig } from './sweep-config.js';

const ISSUE_EXAMPLE = `# sweep.yaml
name: iris-mlp
command: node examples/iris/train.js --lr \${lr} --hidden \${hidden} --epochs 50
metric: { name: val_acc, goal: maximize }
method: tpe                 # grid | random | tpe
max_trials: 60
parallel: 4
resources: { cpus: 1 }
parameters:
  lr: { distribution: log_uniform, min: 0.0001, max: 0.1 }
  hidden: { values: [16, 32, 64, 128] }
early_stop: { type: asha, time_metric: epoch, min_t: 2, max_t: 50, reduction_factor: 3 }
`;

/** The issues of the FlywheelError that parsing `text` throws. */
function issuesOf(text: string): { path: string; message: string }[] {
  try {
    parseSweepConfig(text, 'sweep.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(FlywheelError);
    expect((e as FlywheelError).code).toBe('INVALID_ARGUMENT');
    return (e as FlywheelError).issues;
  }
  throw new Error('expected parseSweepConfig to throw');
}

/** The issue's example with `line` replaced by `replacement` (matched by its start). */
function exampleWith(start: string, replacement: string): string {
  const lines = ISSUE_EXAMPLE.split('\n');
  const i = lines.findIndex((l) => l.startsWith(start));
  if (i < 0) throw new Error(`no line starts with ${start}`);
  lines.splice(i, 1, ...(replacement === '' ? [] : [replacement]));
  return lines.join('\n');
}

describe('parseSweepConfig', () => {
  describe("when given the issue's example", () => {
    it('leaves command out for a sweep driven from code (ask/tell)', () => {
      const config = parseSweepConfig(exampleWith('command', ''), 'sweep.yaml');
      expect(config.command).toBeUndefined();
      expect(config.name).toBe('iris-mlp');
    });

    it('returns the config with defaults filled in', () => {
      expect(parseSweepConfig(ISSUE_EXAMPLE, 'sweep.yaml')).toEqual({
        name: 'iris-mlp',
        command: ['node', 'examples/iris/train.js', '--lr', '${lr}', '--hidden', '${hidden}', '--epochs', '50'],
        metric: { name: 'val_acc', goal: 'maximize' },
        method: 'tpe',
        maxTrials: 60,
        parallel: 4,
        maxRetries: 1,
        resources: { cpus: 1 },
        space: {
          parameters: [
            { name: 'lr', spec: { kind: 'log_uniform', min: 0.0001, max: 0.1 } },
            { name: 'hidden', spec: { kind: 'categorical', values: [16, 32, 64, 128] } },
          ],
        },
        earlyStop: { type: 'asha', timeMetric: 'epoch', minT: 2, maxT: 50, reductionFactor: 3 },
        tpe: { startupTrials: 10, candidates: 24 },
      });
    });

    it("leaves tpe's gamma out, so the sampler applies Optuna's split", () => {
      expect(parseSweepConfig(ISSUE_EXAMPLE).tpe).not.toHaveProperty('gamma');
    });
  });

  describe('when optional settings are given', () => {
    it('reads seed, time budget, retries, resources, executor, target and tpe options', () => {
      const config = parseSweepConfig(
        `name: s
command: [python, train.py, --lr, "\${lr}", --epochs, 10]
metric: { name: loss, goal: minimize, target: 0.05 }
method: tpe
max_trials: 20
seed: 7
time_budget: 1h30m
max_retries: 0
resources: { cpus: 2, memory: 4G, gpus: 1, nodes: 2 }
executor: slurm
tpe: { startup_trials: 5, gamma: 0.15, candidates: 48 }
parameters:
  lr: { min: 0.001, max: 0.1 }
early_stop: { type: median, grace_t: 3 }
`,
      );
      expect(config).toMatchObject({
        command: ['python', 'train.py', '--lr', '${lr}', '--epochs', '10'],
        metric: { name: 'loss', goal: 'minimize', target: 0.05 },
        seed: 7,
        timeBudgetSeconds: 5400,
        maxRetries: 0,
        resources: { cpus: 2, memoryMb: 4096, gpus: 1, nodes: 2 },
        executor: 'slurm',
        tpe: { startupTrials: 5, gamma: 0.15, candidates: 48 },
        earlyStop: { type: 'median', timeMetric: 'epoch', graceT: 3, minTrials: 3 },
      });
    });

    it('lets a grid run its whole grid when max_trials is absent', () => {
      const config = parseSweepConfig(exampleWith('method', 'method: grid').replace('max_trials: 60\n', '').replace(
        'lr: { distribution: log_uniform, min: 0.0001, max: 0.1 }',
        'lr: { values: [0.001, 0.01] }',
      ));
      expect(config.method).toBe('grid');
      expect(config.maxTrials).toBeUndefined();
      expect(config.tpe).toBeUndefined();
    });
  });

  describe('when the file is invalid', () => {
    it('reports a missing metric on the first line of the mapping that lacks it', () => {
      expect(issuesOf(exampleWith('metric', ''))).toEqual([{ path: 'metric', message: 'line 2: metric is required' }]);
    });

    it('reports a bad goal with its line and the allowed values', () => {
      const issues = issuesOf(exampleWith('metric', 'metric: { name: val_acc, goal: maximise }'));
      expect(issues).toEqual([
        { path: 'metric.goal', message: 'line 4: goal must be one of minimize, maximize, not "maximise" (did you mean "maximize"?)' },
      ]);
    });

    it('reports min >= max on the line of max', () => {
      const issues = issuesOf(exampleWith('  lr:', '  lr: { distribution: log_uniform, min: 0.1, max: 0.1 }'));
      expect(issues).toEqual([{ path: 'parameters.lr.max', message: 'line 10: max must be greater than min' }]);
    });

    it('reports log_uniform with min 0', () => {
      const issues = issuesOf(exampleWith('  lr:', '  lr: { distribution: log_uniform, min: 0, max: 0.1 }'));
      expect(issues).toEqual([{ path: 'parameters.lr.min', message: 'line 10: log_uniform needs min > 0' }]);
    });

    it('reports an unknown key with a suggestion', () => {
      const issues = issuesOf(exampleWith('max_trials', 'max_trails: 60'));
      expect(issues).toContainEqual({ path: 'max_trails', message: 'line 6: unknown key "max_trails" (did you mean "max_trials"?)' });
      // ...and, since the real key is then absent, that it is missing.
      expect(issues).toContainEqual({ path: 'max_trials', message: 'line 2: max_trials is required' });
    });

    it('reports an unknown key inside a parameter with a suggestion', () => {
      const issues = issuesOf(exampleWith('  lr:', '  lr: { distribusion: log_uniform, min: 0.0001, max: 0.1 }'));
      expect(issues).toContainEqual({
        path: 'parameters.lr.distribusion',
        message: 'line 10: unknown key "distribusion" (did you mean "distribution"?)',
      });
    });

    it('reports probabilities that do not sum to 1', () => {
      const issues = issuesOf(exampleWith('  hidden:', '  hidden: { values: [16, 32], probabilities: [0.5, 0.4] }'));
      expect(issues).toEqual([{ path: 'parameters.hidden.probabilities', message: 'line 11: probabilities must sum to 1 (they sum to 0.9)' }]);
    });

    it('reports a command placeholder that names no parameter, with a suggestion', () => {
      const issues = issuesOf(exampleWith('command', 'command: node train.js --lr ${lrr} --hidden ${hidden}'));
      expect(issues).toEqual([{ path: 'command', message: 'line 3: unknown placeholder ${lrr}: no such parameter (did you mean ${lr}?)' }]);
    });

    it('reports a continuous parameter in a grid, naming the parameter', () => {
      const issues = issuesOf(exampleWith('method', 'method: grid'));
      expect(issues).toHaveLength(1);
      expect(issues[0]!.path).toBe('parameters.lr');
      expect(issues[0]!.message).toMatch(/^line 10: method grid needs a finite set of values, but lr is continuous \(log_uniform\)/);
    });

    it('reports every problem at once', () => {
      const text = exampleWith('metric', 'metric: { name: val_acc, goal: up }').replace('min: 0.0001', 'min: 0');
      const issues = issuesOf(text.replace('parallel: 4', 'parallel: 0'));
      expect(issues.map((i) => i.path)).toEqual(['metric.goal', 'parallel', 'parameters.lr.min']);
    });

    it('puts the file name and every issue in the message', () => {
      expect(() => parseSweepConfig(exampleWith('metric', ''), 'sweep.yaml')).toThrow(
        'sweep.yaml is not a valid sweep config (1 problem):\n  metric: line 2: metric is required',
      );
    });

    it('reports YAML syntax errors with their line', () => {
      const issues = issuesOf('name: x\nparameters:\n  lr: { min: 1, max: 2\n');
      expect(issues[0]!.message).toMatch(/^line \d+: /);
    });

    it('reports an empty file', () => {
      expect(issuesOf('')).toEqual([{ path: '', message: 'line 1: the config must be a mapping' }]);
    });

    it('reports a bad memory size and time budget', () => {
      const issues = issuesOf(exampleWith('resources', 'resources: { cpus: 1, memory: 4 gigs }\ntime_budget: soon'));
      expect(issues.map((i) => i.path)).toEqual(['time_budget', 'resources.memory']);
    });

    it('reports a tpe gamma outside (0, 1)', () => {
      const issues = issuesOf(exampleWith('method', 'method: tpe\ntpe: { gamma: 1.5 }'));
      expect(issues).toEqual([{ path: 'tpe.gamma', message: 'line 6: gamma must be between 0 and 1 (exclusive)' }]);
    });

    it('reports tpe options given to another method', () => {
      const issues = issuesOf(exampleWith('method', 'method: random\ntpe: { gamma: 0.2 }'));
      expect(issues).toEqual([{ path: 'tpe', message: 'line 6: tpe options apply only to method tpe, not random' }]);
    });

    it('reports ASHA settings that cannot make rungs', () => {
      const issues = issuesOf(exampleWith('early_stop', 'early_stop: { type: asha, min_t: 5, max_t: 5, reduction_factor: 1, min_trials: 2 }'));
      expect(issues.map((i) => i.path)).toEqual(['early_stop.min_trials', 'early_stop.max_t', 'early_stop.reduction_factor']);
    });
  });
});
