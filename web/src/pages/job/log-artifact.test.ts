import { describe, expect, it } from 'vitest';
import { logArtifactPath } from './log-artifact';

describe('the log artifact path', () => {
  it('names one worker output.log and distributed workers by rank, per attempt', () => {
    expect(logArtifactPath(1, 0, 1)).toBe('logs/output.log');
    expect(logArtifactPath(4, 2, 1)).toBe('logs/rank-2.log');
    expect(logArtifactPath(1, 0, 3)).toBe('logs/attempt-3/output.log');
    expect(logArtifactPath(2, 1, 2)).toBe('logs/attempt-2/rank-1.log');
  });
});
