import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/index.js';
import { parseJsonBody } from './json-body-parser.js';
import { unstorableTextPath } from './unstorable-text.js';

function refusal(text: string): FlywheelError {
  try {
    parseJsonBody(text);
  } catch (e) {
    return e as FlywheelError;
  }
  throw new Error(`parsed: ${text}`);
}

describe('text no engine can store, in a JSON body', () => {
  it('is refused as INVALID_ARGUMENT naming where it is: a NUL or half a surrogate pair, in a value or a key, at any depth (regression: a NUL in a lookup answered 500 on PostgreSQL)', () => {
    const cases: Array<[string, string]> = [
      ['{"run_id":"a\\u0000b"}', 'run_id'],
      ['{"tags":[{"key":"k","value":"x\\ud800y"}]}', 'tags.0.value'],
      ['{"labels":{"a\\u0000":"v"}}', 'labels.a\u0000'],
      ['{"keys":["m","\\udc00"]}', 'keys.1'],
      ['"{\\"name\\":\\"a\\\\u0000\\"}"', 'name'],
    ];
    for (const [text, path] of cases) {
      const error = refusal(text);
      expect(error, text).toBeInstanceOf(FlywheelError);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.issues).toEqual([{ path, message: 'must not contain a NUL character or an unpaired UTF-16 surrogate' }]);
    }
  });

  it('accepts escaped text that is whole: a surrogate pair, a literal backslash-u, other control characters', () => {
    expect(parseJsonBody('{"name":"\\ud83d\\ude00","path":"C:\\\\u0000","tab":"\\u0009"}')).toEqual({ name: '😀', path: 'C:\\u0000', tab: '\t' });
  });

  it('walks a document nested deeper than the call stack', () => {
    const depth = 100_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`) as unknown;
    expect(unstorableTextPath(deep)).toMatch(/^0(\.0)*$/);
  });
});
