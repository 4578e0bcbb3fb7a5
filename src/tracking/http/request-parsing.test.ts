import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import { int64, runStatus, viewType } from '../../contracts/index.js';
import { bodyObject, issuePath, parseFields, runIdFrom } from './request-parsing.js';

function failure(fn: () => unknown): FlywheelError {
  try {
    fn();
  } catch (e) {
    return e as FlywheelError;
  }
  throw new Error('expected a FlywheelError');
}

describe('request parsing', () => {
  it('formats issue paths as the JSON a client sent', () => {
    expect(issuePath(['tags', 0, 'key'])).toBe('tags[0].key');
    expect(issuePath(['run_id'])).toBe('run_id');
  });

  it('reports a missing field in MLflow\'s words and a wrong one with its value', () => {
    const schema = z.object({ name: z.string().min(1), count: int64 });
    const e = failure(() => parseFields(schema, { count: 'x' }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toBe("Missing value for required parameter 'name'. See the API docs for more information about request parameters.");
    expect(e.issues[1]).toEqual({ path: 'count', message: expect.stringContaining('Invalid value "x" for parameter \'count\'') });
  });

  it('treats "" as missing, since protobuf cannot tell them apart', () => {
    expect(failure(() => parseFields(z.object({ name: z.string().min(1) }), { name: '' })).message).toContain('Missing value');
  });

  it('drops top-level nulls and refuses bodies that are not objects', () => {
    expect(bodyObject({ a: null, b: 1 })).toEqual({ b: 1 });
    expect(bodyObject(undefined)).toEqual({});
    for (const bad of [null, [], 'x', 3]) expect(() => bodyObject(bad)).toThrow(FlywheelError);
  });

  it('reads enums by name or protobuf number', () => {
    expect(viewType.parse(3)).toBe('ALL');
    expect(viewType.parse('2')).toBe('DELETED_ONLY');
    expect(runStatus.parse('FINISHED')).toBe('FINISHED');
    expect(runStatus.parse(5)).toBe('KILLED');
    expect(() => runStatus.parse('DONE')).toThrow();
  });

  it('reads run_id, then run_uuid', () => {
    expect(runIdFrom({ run_id: 'a', run_uuid: 'b' })).toBe('a');
    expect(runIdFrom({ run_id: '', run_uuid: 'b' })).toBe('b');
    expect(() => runIdFrom({ run_id: 5 })).toThrow(FlywheelError);
  });
});
