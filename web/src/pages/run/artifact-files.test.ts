import { describe, expect, it } from 'vitest';
import { decodeText, looksBinary, parseDelimited, previewKind } from './artifact-files';

describe('previewKind', () => {
  it('knows files by extension and MLflow files by name', () => {
    expect(previewKind('plots/a.PNG')).toBe('image');
    expect(previewKind('a.svg')).toBe('svg');
    expect(previewKind('x/config.json')).toBe('json');
    expect(previewKind('t.tsv')).toBe('tsv');
    expect(previewKind('model/MLmodel')).toBe('text');
    expect(previewKind('model/weights.pt')).toBe('binary');
    expect(previewKind('noext')).toBe('unknown');
    expect(previewKind('.hidden')).toBe('unknown');
  });
});

describe('parseDelimited', () => {
  it('reads quoted fields with delimiters, quotes and newlines inside', () => {
    const { rows, more } = parseDelimited('a,b\n"x, y","say ""hi"""\n"multi\nline",2\n', ',', 10, false);
    expect(rows).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    expect(more).toBe(false);
  });

  it('stops after maxRows and says there is more', () => {
    const { rows, more } = parseDelimited('h\n1\n2\n3\n', ',', 2, false);
    expect(rows).toEqual([['h'], ['1']]);
    expect(more).toBe(true);
  });

  it('drops the row a cut text ends in', () => {
    const { rows, more } = parseDelimited('h\tv\nk\t1\nk2\t2', '\t', 10, true);
    expect(rows).toEqual([
      ['h', 'v'],
      ['k', '1'],
    ]);
    expect(more).toBe(true);
  });

  it('handles CRLF and a last line without a newline', () => {
    expect(parseDelimited('a,b\r\n1,2', ',', 10, false).rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('looksBinary and decodeText', () => {
  it('calls bytes with a NUL binary', () => {
    expect(looksBinary(new Uint8Array([65, 0, 66]))).toBe(true);
    expect(looksBinary(new TextEncoder().encode('plain text'))).toBe(false);
  });

  it('drops a character cut in half at the end of a prefix', () => {
    const bytes = new TextEncoder().encode('ok é');
    expect(decodeText({ bytes: bytes.slice(0, bytes.length - 1), truncated: true })).toBe('ok ');
  });
});
