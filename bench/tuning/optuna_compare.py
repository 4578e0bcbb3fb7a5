"""Optuna's side of the tuning benchmark (bench/tuning.ts runs this).

Runs Optuna's TPESampler (seeded, defaults otherwise) on Branin and Hartmann-6, and TPE
with its SuccessiveHalvingPruner on the learning-curve benchmark, with the same functions,
trial counts and epoch budget as the TypeScript side (bench/sections/tuning-functions.ts:
change both together). Prints one JSON object with per-seed figures; the caller takes medians.

    python3 bench/tuning/optuna_compare.py --seeds 20 --branin-trials 50 --hartmann-trials 100 \
        --lc-budget 2700 --lc-target 0.2
"""
import argparse
import json
import math

import optuna


def branin(x1, x2):
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
H_P = [[v * 1e-4 for v in row] for row in [
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
]]


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = sum(H_A[i][j] * (x[j] - H_P[i][j]) ** 2 for j in range(6))
        total += H_ALPHA[i] * math.exp(-inner)
    return -total


LC_MAX_EPOCHS = 27


def lc_final(lr, width, dropout, decay):
    l = math.log10(lr)
    return (0.1 + 0.15 * (l + 2.5) ** 2 + 2 * (width - 0.7) ** 2
            + 1.5 * (dropout - 0.2) ** 2 + (decay - 0.3) ** 2)


def lc_at(lr, width, dropout, decay, epoch):
    l = math.log10(lr)
    a = 0.3 + 1.2 * (l + 5) / 5
    c = 1.0 + 0.5 * dropout
    return lc_final(lr, width, dropout, decay) + c / epoch ** a


def best_branin(seed, trials):
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(lambda t: branin(t.suggest_float('x1', -5, 10), t.suggest_float('x2', 0, 15)), n_trials=trials)
    return study.best_value


def best_hartmann(seed, trials):
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(lambda t: hartmann6([t.suggest_float(f'x{i + 1}', 0, 1) for i in range(6)]), n_trials=trials)
    return study.best_value


def curve_study(seed, budget, target):
    """TPE + SuccessiveHalvingPruner(min_resource=1, reduction_factor=3), trials in sequence."""
    study = optuna.create_study(
        sampler=optuna.samplers.TPESampler(seed=seed),
        pruner=optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3, min_early_stopping_rate=0),
    )
    state = {'epochs': 0, 'best': math.inf, 'to_target': None}

    def objective(trial):
        lr = trial.suggest_float('lr', 1e-5, 1, log=True)
        width = trial.suggest_float('width', 0, 1)
        dropout = trial.suggest_float('dropout', 0, 1)
        decay = trial.suggest_float('decay', 0, 1)
        last = math.inf
        for t in range(1, LC_MAX_EPOCHS + 1):
            if state['epochs'] >= budget:
                break
            last = lc_at(lr, width, dropout, decay, t)
            state['epochs'] += 1
            state['best'] = min(state['best'], last)
            if last <= target and state['to_target'] is None:
                state['to_target'] = state['epochs']
            trial.report(last, t)
            if t < LC_MAX_EPOCHS and trial.should_prune():
                raise optuna.TrialPruned()
        return last

    trials = 0
    while state['epochs'] < budget:
        study.optimize(objective, n_trials=1)
        trials += 1
    return {'epochsToTarget': state['to_target'], 'best': state['best'], 'trials': trials}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seeds', type=int, default=20)
    parser.add_argument('--branin-trials', type=int, default=50)
    parser.add_argument('--hartmann-trials', type=int, default=100)
    parser.add_argument('--lc-budget', type=int, default=0, help='0 skips the learning-curve study')
    parser.add_argument('--lc-target', type=float, default=0.0)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    seeds = range(args.seeds)
    out = {
        'optuna': optuna.__version__,
        'branin': [best_branin(s, args.branin_trials) for s in seeds],
        'hartmann6': [best_hartmann(s, args.hartmann_trials) for s in seeds],
    }
    if args.lc_budget > 0:
        out['learningCurve'] = [curve_study(s, args.lc_budget, args.lc_target) for s in seeds]
    print(json.dumps(out))


if __name__ == '__main__':
    main()
