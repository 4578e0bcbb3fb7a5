import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { resolveExperimentOrderField } from './experiment-fields.js';
import { parseOrderBy } from './order-by-parser.js';
import { resolveRunOrderField } from './run-fields.js';

const parseRuns = (clauses: string[] | undefined) => parseOrderBy(clauses, resolveRunOrderField);

function errorOf(fn: () => unknown): FlywheelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FlywheelError);
    return e as FlywheelError;
  }
  throw new Error('expected an error');
}

describe('parseOrderBy', () => {
  describe('for runs', () => {
    it('returns no clauses for none or blank ones', () => {
      expect(parseRuns(undefined)).toEqual([]);
      expect(parseRuns([])).toEqual([]);
      expect(parseRuns(['', '  '])).toEqual([]);
    });

    it.each([
      ['metrics.acc', { field: { entity: 'metric', key: 'acc' }, descending: false }],
      ['metrics.`val acc` DESC', { field: { entity: 'metric', key: 'val acc' }, descending: true }],
      ['params."lr" asc', { field: { entity: 'param', key: 'lr' }, descending: false }],
      ['tags.mlflow.runName desc', { field: { entity: 'tag', key: 'mlflow.runName' }, descending: true }],
      ['attributes.start_time DESC', { field: { entity: 'attribute', column: 'start_time' }, descending: true }],
      ['start_time', { field: { entity: 'attribute', column: 'start_time' }, descending: false }],
      ['created DESC', { field: { entity: 'attribute', column: 'start_time' }, descending: true }],
      ['attribute.run_name', { field: { entity: 'attribute', column: 'name' }, descending: false }],
      ['run_id', { field: { entity: 'attribute', column: 'run_uuid' }, descending: false }],
      ['attr.end_time', { field: { entity: 'attribute', column: 'end_time' }, descending: false }],
      ['status', { field: { entity: 'attribute', column: 'status' }, descending: false }],
      ['user_id', { field: { entity: 'attribute', column: 'user_id' }, descending: false }],
      ['artifact_uri', { field: { entity: 'attribute', column: 'artifact_uri' }, descending: false }],
    ])('parses %s', (clause, expected) => {
      expect(parseRuns([clause])).toEqual([expected]);
    });

    it('keeps the clauses in order', () => {
      expect(parseRuns(['metrics.a DESC', 'params.b'])).toEqual([
        { field: { entity: 'metric', key: 'a' }, descending: true },
        { field: { entity: 'param', key: 'b' }, descending: false },
      ]);
    });

    it.each([
      [['metrics.acc DOWN'], 0, "expected ASC or DESC after metrics.acc, found 'DOWN' at position 12"],
      [['ok', 'metrics.acc DESC DESC'], 0, "unknown attribute 'ok'"],
      [['metrics.acc', 'metrics.acc DESC DESC'], 1, "expected the end of the clause after DESC, found 'DESC' at position 17"],
      [['datasets.name'], 0, 'cannot order by datasets.name'],
      [['foo.bar'], 0, "unknown entity type 'foo'"],
      [['color'], 0, "unknown attribute 'color'"],
      [['metrics.acc > 1'], 0, "expected ASC or DESC after metrics.acc, found '>'"],
      [['DESC'], 0, "found the keyword 'DESC'"],
      [['metrics.`acc'], 0, 'unterminated backtick string'],
    ])('rejects %j', (clauses, index, expected) => {
      const error = errorOf(() => parseRuns(clauses));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain(`Invalid order_by clause '${clauses[index]}'`);
      expect(error.message).toContain(expected);
      expect(error.issues[0]?.path).toBe(`order_by[${index}]`);
    });

    it('never throws anything but INVALID_ARGUMENT for random clauses', () => {
      fc.assert(
        fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 3 }), (clauses) => {
          try {
            parseRuns(clauses);
          } catch (e) {
            if (!(e instanceof FlywheelError) || e.code !== 'INVALID_ARGUMENT') throw e;
          }
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('for experiments', () => {
    it.each([
      ['name', { field: 'name', descending: false }],
      ['attributes.name DESC', { field: 'name', descending: true }],
      ['experiment_id desc', { field: 'experiment_id', descending: true }],
      ['creation_time', { field: 'creation_time', descending: false }],
      ['last_update_time ASC', { field: 'last_update_time', descending: false }],
    ])('parses %s', (clause, expected) => {
      expect(parseOrderBy([clause], resolveExperimentOrderField)).toEqual([expected]);
    });

    it.each([['tags.team'], ['lifecycle_stage'], ['metrics.acc']])('rejects %s', (clause) => {
      expect(errorOf(() => parseOrderBy([clause], resolveExperimentOrderField)).message).toContain('cannot order experiments by');
    });
  });
});
