import type { Assignment, SearchSpace } from '../../src/tuning/space/space-types.js';

/**
 * The benchmark's test functions. Each is minimized; the learning-curve one also has a
 * curve per configuration, so early stopping can be judged on its compute.
 * bench/tuning/optuna_compare.py holds the same definitions: change both together.
 */
export interface TestFunction {
  name: string;
  space: SearchSpace;
  /** Known global minimum, for the table. */
  optimum: number;
  value(params: Assignment): number;
}

const num = (params: Assignment, name: string): number => params[name] as number;
const uniform = (name: string, min: number, max: number) => ({ name, spec: { kind: 'uniform' as const, min, max } });

/** Branin-Hoo on [-5, 10] x [0, 15]; three global minima of 0.397887. */
export const branin: TestFunction = {
  name: 'branin',
  space: { parameters: [uniform('x1', -5, 10), uniform('x2', 0, 15)] },
  optimum: 0.397887,
  value(params) {
    const x1 = num(params, 'x1');
    const x2 = num(params, 'x2');
    const b = 5.1 / (4 * Math.PI ** 2);
    const c = 5 / Math.PI;
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  },
};

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

/** Hartmann-6 on [0, 1]^6; global minimum -3.32237. */
export const hartmann6: TestFunction = {
  name: 'hartmann6',
  space: { parameters: Array.from({ length: 6 }, (_, i) => uniform(`x${i + 1}`, 0, 1)) },
  optimum: -3.32237,
  value(params) {
    let sum = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += H_A[i]![j]! * (num(params, `x${j + 1}`) - H_P[i]![j]!) ** 2;
      sum += H_ALPHA[i]! * Math.exp(-inner);
    }
    return -sum;
  },
};

export const LC_MAX_EPOCHS = 27;

/**
 * A synthetic training run: four hyperparameters (a log-scale learning rate, width,
 * dropout, weight decay); the loss at epoch t is `final + c / t^a`. The final loss is a
 * smooth bowl with its minimum of 0.1 at lr 10^-2.5, width 0.7, dropout 0.2, decay 0.3. The
 * speed `a` grows with the learning rate, so high rates look good early and end worse:
 * early rankings are informative but not exact, which is where stopping rules are tested.
 */
export const learningCurve = {
  name: 'learning-curve',
  space: {
    parameters: [
      { name: 'lr', spec: { kind: 'log_uniform' as const, min: 1e-5, max: 1 } },
      uniform('width', 0, 1),
      uniform('dropout', 0, 1),
      uniform('decay', 0, 1),
    ],
  } satisfies SearchSpace,
  optimum: 0.1,
  maxEpochs: LC_MAX_EPOCHS,
  final(params: Assignment): number {
    const l = Math.log10(num(params, 'lr'));
    return 0.1 + 0.15 * (l + 2.5) ** 2 + 2 * (num(params, 'width') - 0.7) ** 2
      + 1.5 * (num(params, 'dropout') - 0.2) ** 2 + (num(params, 'decay') - 0.3) ** 2;
  },
  /** Loss after `epoch` epochs (1-based); decreasing in epoch, equal to `final` in the limit. */
  at(params: Assignment, epoch: number): number {
    const l = Math.log10(num(params, 'lr'));
    const a = 0.3 + 1.2 * (l + 5) / 5;
    const c = 1.0 + 0.5 * num(params, 'dropout');
    return this.final(params) + c / epoch ** a;
  },
};
