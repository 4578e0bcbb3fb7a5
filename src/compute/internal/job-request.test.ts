import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import { normalizeSubmit } from './job-request.js';

const cwd = '/work';

describe('a submit request', () => {
  it('gets defaults, and a name from the script an interpreter runs', () => {
    const n = normalizeSubmit({ command: ['node', 'examples/iris/train.js', '--lr', '0.01'] }, { cwd });
    expect(n).toMatchObject({
      name: 'train.js',
      cwd,
      resources: { cpus: 1, memoryMb: 0, gpus: 0, nodes: 1 },
      priority: 0,
      queue: 'default',
      executor: 'local',
      partition: null,
      timeoutSeconds: null,
      maxRetries: 0,
      experimentId: '0',
    });
    expect(normalizeSubmit({ command: ['/usr/bin/make', 'all'] }, { cwd }).name).toBe('make');
  });

  it('reports every problem at once, each naming its field', () => {
    try {
      normalizeSubmit(
        { command: [], resources: { cpus: 0, gpus: -1, nodes: 1.5 }, priority: 1e9, env: { 'BAD-NAME': 'x' }, labels: { '': 'v' }, timeoutSeconds: 0 },
        { cwd },
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FlywheelError);
      expect((e as FlywheelError).issues.map((i) => i.path)).toEqual([
        'command',
        'resources.cpus',
        'resources.gpus',
        'resources.nodes',
        'env.BAD-NAME',
        'labels.',
        'timeout_seconds',
        'priority',
      ]);
    }
  });
});
