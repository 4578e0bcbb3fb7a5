import { describe, expect, it } from 'vitest';
import { renderGateCheck, renderGates } from './gates-render.js';

describe('gates rendering', () => {
  it('marks each gate and states the verdict', () => {
    const out = renderGateCheck({
      name: 'iris',
      version: '4',
      alias: 'production',
      passed: false,
      results: [
        { gate: { metric: { metric: 'val_acc', op: '>=', value: 0.9 } }, passed: true, detail: 'val_acc 0.95 >= 0.9' },
        { gate: { latency: { p99_ms: 1, batch_size: 1, runs: 200 } }, passed: false, detail: 'p99 2.1 ms (p50 0.4 ms) over 200 runs of 1 row(s); budget 1 ms' },
      ],
    });
    expect(out).toBe(
      'iris v4 fails the gates of @production\n  ✓ metric: val_acc 0.95 >= 0.9\n  ✗ latency: p99 2.1 ms (p50 0.4 ms) over 200 runs of 1 row(s); budget 1 ms\n',
    );
    expect(renderGateCheck({ name: 'iris', version: '4', alias: 'staging', passed: true, results: [] })).toBe('iris@staging has no gates\n');
  });

  it('lists gates by alias', () => {
    expect(renderGates({})).toContain('no gates');
    expect(renderGates({ production: [{ metric: { metric: 'acc', op: '>', value: 0.5 } }, { latency: { p99_ms: 10, batch_size: 1, runs: 200 } }] })).toBe(
      '@production\n  - metric: acc > 0.5\n  - latency: {"p99_ms":10,"batch_size":1,"runs":200}\n',
    );
  });
});
