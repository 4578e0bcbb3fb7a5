import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { Teardown } from './teardown.js';

describe('teardown', () => {
  it('closes what was added, last first', async () => {
    const closed: string[] = [];
    const teardown = new Teardown(silentLogger);
    for (const name of ['database', 'tracking', 'http']) teardown.add(name, () => closed.push(name));
    await teardown.close();
    expect(closed).toEqual(['http', 'tracking', 'database']);
  });

  it('runs every step when one fails, then rethrows the first failure', async () => {
    const closed: string[] = [];
    const teardown = new Teardown(silentLogger);
    teardown.add('database', () => closed.push('database'));
    teardown.add('compute', () => Promise.reject(new Error('compute would not close')));
    teardown.add('sweeps', () => {
      throw new Error('sweeps would not close');
    });
    await expect(teardown.close()).rejects.toThrow('sweeps would not close');
    expect(closed).toEqual(['database']);
  });

  it('runs once however often it is closed, and takes nothing more after', async () => {
    let runs = 0;
    const teardown = new Teardown(silentLogger);
    teardown.add('counter', () => runs++);
    await Promise.all([teardown.close(), teardown.close()]);
    await teardown.close();
    expect(runs).toBe(1);
    expect(() => teardown.add('late', () => undefined)).toThrow(/has run/);
  });
});
