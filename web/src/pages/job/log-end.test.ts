import { describe, expect, it } from 'vitest';
import { findLogEnd } from './log-end';

describe('finding the end of a log', () => {
  it('finds the exact size from a known prefix, in few reads', async () => {
    for (const size of [1, 2, 3, 1000, 1024, 1025, 1_048_576, 987_654_321]) {
      let reads = 0;
      const end = await findLogEnd(async (i) => {
        reads++;
        return i < size;
      }, Math.min(size, 1000));
      expect(end).toBe(size);
      expect(reads).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size + 2)) + 2);
    }
  });
});
