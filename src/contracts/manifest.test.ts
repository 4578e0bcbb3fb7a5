import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { compareManifestPaths, encodeManifest, manifestPathIssues, parseManifest, sortManifestEntries } from './manifest.js';

const H = (c: string) => c.repeat(64);
const row = (path: string, size = 1, mode = 0o644, hash = H('a')): unknown[] => [path, hash, size, mode];
const doc = (...files: unknown[]) => JSON.stringify({ format: 'flywheel.manifest/1', files });
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('the manifest codec', () => {
  describe('accepts', () => {
    it.each([
      ['no files', doc()],
      ['one file', doc(row('labels.csv'))],
      ["'a-b' < 'a.b' < 'a/b' (bytes 2D, 2E, 2F)", doc(row('a-b'), row('a.b'), row('a/b'))],
      ['upper case before lower case', doc(row('B'), row('a'))],
      ['dots inside names, hidden files', doc(row('.hidden'), row('a/..b'), row('a/b.'))],
      ['a colon after the first segment', doc(row('notes/c:d.txt'))],
      ['Unicode by UTF-8 bytes: U+FF5E before U+1F600', doc(row('\uFF5E.txt'), row('\u{1F600}.txt'))],
      ['decomposed é (65 CC 81) before composed é (C3 A9)', doc(row('e\u0301'), row('\u00e9'))],
      ['size 0, the largest safe size, modes 0 and 0777', doc(row('a', 0, 0), row('b', Number.MAX_SAFE_INTEGER, 0o777))],
      ['a folder that shares a prefix with a file', doc(row('ab'), row('abc/d'))],
    ])('%s', (_why, text) => {
      const entries = parseManifest(utf8(text));
      expect(new TextDecoder().decode(encodeManifest(entries))).toBe(text);
    });
  });

  describe('refuses', () => {
    it.each([
      ['not JSON', '{"format":', /not JSON/],
      ['another format', JSON.stringify({ format: 'flywheel.manifest/2', files: [] }), /not a flywheel\.manifest\/1 document/],
      ['files that are not a list', JSON.stringify({ format: 'flywheel.manifest/1', files: {} }), /not a flywheel\.manifest\/1 document/],
      ['a row that is not [path, hash, size, mode]', doc(['a', H('a'), 1]), /must be \[path, hash, size, mode\]/],
      ['a path that is not a string', doc([7, H('a'), 1, 420]), /path must be a string/],
      ['an empty path', doc(row('')), /is empty/],
      ['an absolute path', doc(row('/etc/passwd')), /is absolute/],
      ['a drive letter', doc(row('C:/Windows')), /has a drive letter/],
      ['a bare drive-relative path', doc(row('c:x')), /has a drive letter/],
      ["a '..' segment", doc(row('a/../b')), /has a '\.\.' segment/],
      ["a '.' segment", doc(row('./a')), /has a '\.' segment/],
      ['an empty segment', doc(row('a//b')), /has an empty segment/],
      ['a trailing slash', doc(row('a/')), /has an empty segment/],
      ['a backslash', doc(row('a\\b')), /contains a backslash/],
      ['a NUL', doc(row('a\0b')), /contains a NUL character/],
      ['a lone surrogate', doc(row('a\uD800')), /is not valid Unicode/],
      ['an upper-case hash', doc(row('a', 1, 420, H('A'))), /hash that is not a sha256/],
      ['a short hash', doc(row('a', 1, 420, 'abc')), /hash that is not a sha256/],
      ['a negative size', doc(row('a', -1)), /size that is not a whole number/],
      ['a fractional size', doc(row('a', 1.5)), /size that is not a whole number/],
      ['a size past 2^53', doc(row('a', 2 ** 53)), /size that is not a whole number/],
      ['a mode with file type bits', doc(row('a', 1, 0o100644)), /mode that is not permission bits/],
      ['a path twice', doc(row('a'), row('a')), /'a' is listed twice/],
      ['files out of order', doc(row('b'), row('a')), /'a' is out of order/],
      ["'a/b' before 'a.b' (UTF-16 order would agree; bytes do not)", doc(row('a/b'), row('a.b')), /out of order/],
      ['UTF-16 order where it differs from UTF-8 order', doc(row('\u{1F600}.txt'), row('\uFF5E.txt')), /out of order/],
      ['a file that is also a folder', doc(row('a'), row('a/b')), /'a' is listed as a file and as a folder/],
      ['a file that is a folder further down', doc(row('a/b'), row('a/b/c/d')), /'a\/b' is listed as a file and as a folder/],
      ['whitespace', JSON.stringify({ format: 'flywheel.manifest/1', files: [row('a')] }, null, 1), /not the canonical form/],
      ['keys in another order', JSON.stringify({ files: [], format: 'flywheel.manifest/1' }), /not the canonical form/],
      ['an escaped character that needs none', doc(row('é')).replace('é', '\\u00e9'), /not the canonical form/],
      ['a byte-order mark', '\uFEFF' + doc(), /not JSON/],
    ])('%s', (_why, text, message) => {
      expect(() => parseManifest(utf8(text))).toThrow(message);
    });

    it('bytes that are not UTF-8', () => {
      const bytes = utf8(doc(row('ab')));
      bytes[bytes.indexOf(0x61 /* a */, 40)] = 0xff;
      expect(() => parseManifest(bytes)).toThrow(/not JSON/);
    });

    it('with INVALID_ARGUMENT listing every issue, each naming its row', () => {
      const error = (() => {
        try {
          parseManifest(doc(row('../x'), row('/y', -1)));
        } catch (e) {
          return e as FlywheelError;
        }
        throw new Error('accepted');
      })();
      expect(error).toBeInstanceOf(FlywheelError);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.issues.map((i) => i.path)).toEqual(['files[0]', 'files[1]', 'files[1]']);
      expect(error.message).toMatch(/^invalid manifest: '\.\.\/x' has a '\.\.' segment; '\/y' is absolute; '\/y' has a size/);
    });
  });

  describe('encodeManifest', () => {
    it('sorts the entries, then applies the same rules as parseManifest', () => {
      const text = new TextDecoder().decode(encodeManifest([{ path: 'b', hash: H('a'), size: 1, mode: 0o644 }, { path: 'a', hash: H('a'), size: 1, mode: 0o644 }]));
      expect(text).toBe(doc(row('a'), row('b')));
      expect(() => encodeManifest([{ path: 'C:x', hash: H('a'), size: 1, mode: 0o644 }])).toThrow(/drive letter/);
      expect(() => encodeManifest([{ path: 'a/b', hash: H('a'), size: 1, mode: 0o644 }, { path: 'a', hash: H('a'), size: 1, mode: 0o644 }])).toThrow(/file and as a folder/);
    });
  });

  describe('the path order', () => {
    it('is the order of the UTF-8 bytes', () => {
      const paths = ['a/b', 'a.b', 'a-b', 'a', 'B', '\u{1F600}', '\uFF5E', '\u00e9', 'e\u0301', '\uE000', '\uD7FF', 'z'];
      const bytewise = [...paths].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect(sortManifestEntries(paths.map((path) => ({ path }))).map((e) => e.path)).toEqual(bytewise);
      for (const x of paths) for (const y of paths) expect(Math.sign(compareManifestPaths(x, y))).toBe(Buffer.compare(Buffer.from(x), Buffer.from(y)));
    });
  });

  describe('manifestPathIssues', () => {
    it('has nothing to say about ordinary relative paths', () => {
      for (const p of ['a', 'a/b/c.txt', '.hidden', 'a/..b', 'x y/ü.png', '日本語/ファイル.csv']) expect(manifestPathIssues(p)).toEqual([]);
    });
  });
});
