import { describe, expect, it } from 'vitest';
import { appendLog, EMPTY_LOG, logText, type LogBuffer } from './log-buffer';

const limits = { maxChars: 20, chunkChars: 8 };
const append = (buf: LogBuffer, ...texts: string[]) => texts.reduce((b, t) => appendLog(b, t, limits), buf);

describe('the log buffer', () => {
  it('joins small appends into one chunk until it is full', () => {
    const buf = append(EMPTY_LOG, 'ab', 'cd', 'efgh', 'ij');
    expect(buf.chunks.map((c) => c.text)).toEqual(['abcdefgh', 'ij']);
    expect(buf.chars).toBe(10);
  });

  it('keeps chunk ids when a chunk grows, so the view changes one node', () => {
    const a = append(EMPTY_LOG, 'ab');
    const b = append(a, 'c');
    expect(b.chunks[0]!.id).toBe(a.chunks[0]!.id);
  });

  it('drops the oldest chunks past the cap and counts what it dropped', () => {
    const buf = append(EMPTY_LOG, '1234567\n', 'abcdefg\n', 'ABCDEFG\n');
    expect(logText(buf)).toBe('abcdefg\nABCDEFG\n');
    expect(buf.dropped).toBe(8);
    expect(buf.chars).toBe(16);
  });

  it('keeps the tail of one read larger than the cap, from a line start', () => {
    const buf = append(EMPTY_LOG, 'line one\nline two\nline three\n');
    expect(logText(buf)).toBe('line three\n');
    expect(buf.dropped + buf.chars).toBe(29);
  });

  it('ignores empty reads', () => {
    expect(appendLog(EMPTY_LOG, '', limits)).toBe(EMPTY_LOG);
  });
});
