import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import { formatParamValue, paramEnvName, paramsToEnv, placeholdersIn, renderCommand, splitCommand } from './command-template.js';

describe('splitCommand', () => {
  it('splits on whitespace and honours quotes and backslashes as a shell would', () => {
    expect(splitCommand(`python  train.py --name 'my run' --note "say \\"hi\\"" a\\ b ''`)).toEqual([
      'python',
      'train.py',
      '--name',
      'my run',
      '--note',
      'say "hi"',
      'a b',
      '',
    ]);
  });

  it('rejects an unclosed quote', () => {
    expect(() => splitCommand('python "train.py')).toThrow(FlywheelError);
  });
});

describe('renderCommand', () => {
  it('substitutes parameters into a string command after splitting, so values stay one argument', () => {
    expect(
      renderCommand('node train.js --lr ${lr} --tag "h=${hidden}" --opt ${optimizer.name}', { lr: 0.01, hidden: 64, 'optimizer.name': 'sgd w/ momentum' }),
    ).toEqual(['node', 'train.js', '--lr', '0.01', '--tag', 'h=64', '--opt', 'sgd w/ momentum']);
  });

  it('substitutes into each element of a list command without splitting it', () => {
    expect(renderCommand(['python', 'train.py', '--flag=${on}', 'a b'], { on: true })).toEqual(['python', 'train.py', '--flag=true', 'a b']);
  });

  it('keeps $${...} as a literal ${...}', () => {
    expect(renderCommand(['echo', '$${lr}=${lr}'], { lr: 1 })).toEqual(['echo', '${lr}=1']);
    expect(placeholdersIn('$${a}${b}')).toEqual(['b']);
  });

  it('throws when a placeholder has no value in the trial', () => {
    expect(() => renderCommand('train --lr ${lr}', {})).toThrow('command placeholder ${lr} has no value in this trial');
  });
});

describe('formatParamValue', () => {
  it('writes numbers in their shortest round-trip form', () => {
    expect(formatParamValue(0.01)).toBe('0.01');
    expect(formatParamValue(0.0001)).toBe('0.0001');
    expect(formatParamValue(1e-7)).toBe('1e-7');
    expect(formatParamValue(64)).toBe('64');
    expect(formatParamValue(-2.5)).toBe('-2.5');
    expect(Number(formatParamValue(0.1 + 0.2))).toBe(0.1 + 0.2);
  });
});

describe('paramsToEnv', () => {
  it('names each variable FW_PARAM_ + upper case with dots and dashes as underscores, and adds FW_PARAMS', () => {
    expect(paramsToEnv({ lr: 0.01, 'optimizer.beta-1': 0.9, act: 'relu' })).toEqual({
      FW_PARAM_LR: '0.01',
      FW_PARAM_OPTIMIZER_BETA_1: '0.9',
      FW_PARAM_ACT: 'relu',
      FW_PARAMS: '{"lr":0.01,"optimizer.beta-1":0.9,"act":"relu"}',
    });
    expect(paramEnvName('a.b')).toBe('FW_PARAM_A_B');
  });
});
