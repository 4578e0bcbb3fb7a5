import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { resolveExperimentFilterField } from './experiment-fields.js';
import { parseFilter, MAX_CONDITIONS, MAX_NESTING } from './filter-parser.js';
import { resolveRunFilterField } from './run-fields.js';

const parseRuns = (filter: string | undefined) => parseFilter(filter, resolveRunFilterField);

/** Runs `fn` and returns the FlywheelError it throws; fails the test if it throws nothing or something else. */
function errorOf(fn: () => unknown): FlywheelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FlywheelError);
    return e as FlywheelError;
  }
  throw new Error('expected an error');
}

const metric = (key: string) => ({ entity: 'metric', key });
const param = (key: string) => ({ entity: 'param', key });
const tag = (key: string) => ({ entity: 'tag', key });
const attribute = (column: string) => ({ entity: 'attribute', column });
const dataset = (key: string) => ({ entity: 'dataset', key });

describe('parseFilter', () => {
  describe('with an empty filter', () => {
    it.each([undefined, '', '   ', '\n\t '])('returns no condition for %j', (filter) => {
      expect(parseRuns(filter)).toBeUndefined();
    });
  });

  describe('with a valid runs filter', () => {
    it.each([
      ['metrics.acc > 0.9', { kind: 'compare', field: metric('acc'), op: '>', value: 0.9 }],
      ['metric.acc>=1', { kind: 'compare', field: metric('acc'), op: '>=', value: 1 }],
      ['metrics.loss < -1.5e-3', { kind: 'compare', field: metric('loss'), op: '<', value: -0.0015 }],
      ['metrics.loss <= +2E+2', { kind: 'compare', field: metric('loss'), op: '<=', value: 200 }],
      ['metrics.x = .5', { kind: 'compare', field: metric('x'), op: '=', value: 0.5 }],
      ['metrics.x != 3.', { kind: 'compare', field: metric('x'), op: '!=', value: 3 }],
      ['metrics.`val acc` > 0', { kind: 'compare', field: metric('val acc'), op: '>', value: 0 }],
      ['metrics."val-loss" < 1', { kind: 'compare', field: metric('val-loss'), op: '<', value: 1 }],
      ['metrics.`a``b` > 1', { kind: 'compare', field: metric('a`b'), op: '>', value: 1 }],
      ['metrics.1st_epoch > 1', { kind: 'compare', field: metric('1st_epoch'), op: '>', value: 1 }],
      ['metrics.acc IS NULL', { kind: 'presence', field: metric('acc'), present: false }],
      ['metrics.acc is not null', { kind: 'presence', field: metric('acc'), present: true }],
      ["params.lr = '0.1'", { kind: 'compare', field: param('lr'), op: '=', value: '0.1' }],
      ['param.lr != "0.1"', { kind: 'compare', field: param('lr'), op: '!=', value: '0.1' }],
      ["parameter.lr LIKE '0.%'", { kind: 'like', field: param('lr'), caseSensitive: true, pattern: '0.%' }],
      ["parameters.opt ilike 'ADAM'", { kind: 'like', field: param('opt'), caseSensitive: false, pattern: 'ADAM' }],
      ["params.opt IN ('adam', \"sgd\")", { kind: 'in', field: param('opt'), negated: false, values: ['adam', 'sgd'] }],
      ["params.opt not in ('adam')", { kind: 'in', field: param('opt'), negated: true, values: ['adam'] }],
      ['params.opt IS NULL', { kind: 'presence', field: param('opt'), present: false }],
      ["params.model.type = 'cnn'", { kind: 'compare', field: param('model.type'), op: '=', value: 'cnn' }],
      ["params.a/b:c-d = 'x'", { kind: 'compare', field: param('a/b:c-d'), op: '=', value: 'x' }],
      ["params.学习率 = '0.1'", { kind: 'compare', field: param('学习率'), op: '=', value: '0.1' }],
      ["tags.mlflow.source.type = 'LOCAL'", { kind: 'compare', field: tag('mlflow.source.type'), op: '=', value: 'LOCAL' }],
      ["tags.`mlflow.runName` = 'r'", { kind: 'compare', field: tag('mlflow.runName'), op: '=', value: 'r' }],
      ["tag.note = 'it''s'", { kind: 'compare', field: tag('note'), op: '=', value: "it's" }],
      ["tag.note = 'it\\'s'", { kind: 'compare', field: tag('note'), op: '=', value: "it's" }],
      ['tag.note = "say \\"hi\\""', { kind: 'compare', field: tag('note'), op: '=', value: 'say "hi"' }],
      ["tag.path = 'C:\\\\dir\\x'", { kind: 'compare', field: tag('path'), op: '=', value: 'C:\\dir\\x' }],
      ["tags.pct LIKE '100\\%'", { kind: 'like', field: tag('pct'), caseSensitive: true, pattern: '100\\%' }],
      ["tags.empty = ''", { kind: 'compare', field: tag('empty'), op: '=', value: '' }],
      ["attributes.status = 'FAILED'", { kind: 'compare', field: attribute('status'), op: '=', value: 'FAILED' }],
      ["status = 'FAILED'", { kind: 'compare', field: attribute('status'), op: '=', value: 'FAILED' }],
      ["attribute.run_name LIKE 'a%'", { kind: 'like', field: attribute('name'), caseSensitive: true, pattern: 'a%' }],
      ["attr.run_id IN ('a', 'b')", { kind: 'in', field: attribute('run_uuid'), negated: false, values: ['a', 'b'] }],
      ["run.run_uuid = 'a'", { kind: 'compare', field: attribute('run_uuid'), op: '=', value: 'a' }],
      ["user_id != 'bob'", { kind: 'compare', field: attribute('user_id'), op: '!=', value: 'bob' }],
      ["artifact_uri LIKE 's3://%'", { kind: 'like', field: attribute('artifact_uri'), caseSensitive: true, pattern: 's3://%' }],
      ["lifecycle_stage = 'active'", { kind: 'compare', field: attribute('lifecycle_stage'), op: '=', value: 'active' }],
      ['attributes.start_time >= 1700000000000', { kind: 'compare', field: attribute('start_time'), op: '>=', value: 1700000000000 }],
      ['created < 5', { kind: 'compare', field: attribute('start_time'), op: '<', value: 5 }],
      ['attributes.Created = 5', { kind: 'compare', field: attribute('start_time'), op: '=', value: 5 }],
      ['end_time IS NULL', { kind: 'presence', field: attribute('end_time'), present: false }],
      ["datasets.name = 'mnist'", { kind: 'compare', field: dataset('name'), op: '=', value: 'mnist' }],
      ["dataset.digest IN ('abc')", { kind: 'in', field: dataset('digest'), negated: false, values: ['abc'] }],
      ["datasets.context ILIKE 'TRAIN'", { kind: 'like', field: dataset('context'), caseSensitive: false, pattern: 'TRAIN' }],
      ['METRICS.acc > 1', { kind: 'compare', field: metric('acc'), op: '>', value: 1 }],
    ])('parses %s', (filter, expected) => {
      expect(parseRuns(filter)).toEqual(expected);
    });

    it('joins comparisons with AND in any case', () => {
      expect(parseRuns("metrics.a > 1 and params.b = 'x' AND tags.c = 'y'")).toEqual({
        kind: 'and',
        items: [
          { kind: 'compare', field: metric('a'), op: '>', value: 1 },
          { kind: 'compare', field: param('b'), op: '=', value: 'x' },
          { kind: 'compare', field: tag('c'), op: '=', value: 'y' },
        ],
      });
    });

    it('binds AND tighter than OR', () => {
      const a = { kind: 'compare', field: metric('a'), op: '>', value: 1 };
      const b = { kind: 'compare', field: metric('b'), op: '>', value: 2 };
      const c = { kind: 'compare', field: metric('c'), op: '>', value: 3 };
      expect(parseRuns('metrics.a > 1 or metrics.b > 2 and metrics.c > 3')).toEqual({ kind: 'or', items: [a, { kind: 'and', items: [b, c] }] });
      expect(parseRuns('metrics.a > 1 and metrics.b > 2 OR metrics.c > 3')).toEqual({ kind: 'or', items: [{ kind: 'and', items: [a, b] }, c] });
    });

    it('lets parentheses override precedence and flattens redundant groups', () => {
      const a = { kind: 'compare', field: metric('a'), op: '>', value: 1 };
      const b = { kind: 'compare', field: metric('b'), op: '>', value: 2 };
      const c = { kind: 'compare', field: metric('c'), op: '>', value: 3 };
      expect(parseRuns('(metrics.a > 1 or metrics.b > 2) and metrics.c > 3')).toEqual({ kind: 'and', items: [{ kind: 'or', items: [a, b] }, c] });
      expect(parseRuns('((metrics.a > 1) and (metrics.b > 2 and metrics.c > 3))')).toEqual({ kind: 'and', items: [a, b, c] });
    });

    it('needs no spaces around comparators', () => {
      expect(parseRuns("params.a='x'and metrics.b>=-1")).toEqual({
        kind: 'and',
        items: [
          { kind: 'compare', field: param('a'), op: '=', value: 'x' },
          { kind: 'compare', field: metric('b'), op: '>=', value: -1 },
        ],
      });
    });
  });

  describe('with an invalid runs filter', () => {
    it.each([
      ['metrics.acc >', "expected a value after '>' at position 13"],
      ['metrics.acc', 'expected a comparator'],
      ["metrics.acc LIKE '1'", "comparator 'LIKE' is not supported for metrics.acc"],
      ["metrics.acc IN ('1')", "comparator 'IN' is not supported for metrics.acc"],
      ["metrics.acc > '0.5'", "expected a number for metrics.acc, found the quoted string '0.5' at position 14"],
      ['metrics.acc > abc', "expected a number after '>', found 'abc'"],
      ['metrics.acc > 1.2.3', "found '1.2.3'"],
      ['params.lr = 0.1', "expected a quoted string for params.lr, found 0.1 (write '0.1')"],
      ['params.lr = `x`', 'backticks quote keys'],
      ['params.lr < \'1\'', "comparator '<' is not supported for params.lr"],
      ["params.lr = 'abc", 'unterminated quoted string starting at position 12'],
      ['params.`lr = 1', 'unterminated backtick string starting at position 7'],
      ["metricz.acc > 1", "unknown entity type 'metricz'; use metrics, params, tags, attributes or datasets at position 0"],
      ["foo = 'x'", "unknown attribute 'foo'"],
      ["attributes.color = 'red'", "unknown attribute 'color'"],
      ["datasets.size = '1'", "unknown dataset field 'size'"],
      ["datasets.name IS NULL", "comparator 'IS NULL' is not supported for datasets.name"],
      ["attributes.run_id LIKE 'a%'", "comparator 'LIKE' is not supported for attributes.run_id"],
      ['attributes.start_time LIKE 1', "comparator 'LIKE' is not supported"],
      ["attributes.start_time = '1'", 'expected a number for attributes.start_time'],
      ['metrics.acc > 1 extra', "expected AND, OR or the end of the filter, found 'extra' at position 16"],
      ['metrics.acc > 1 and', 'expected an identifier such as metrics.accuracy'],
      ['metrics.acc > 1 or or metrics.b > 1', "found the keyword 'or'"],
      ['and metrics.acc > 1', "found the keyword 'and'"],
      ['(metrics.acc > 1', "expected ')' to close the '(' at position 0, found the end at position 16"],
      ['metrics.acc > 1)', "unexpected ')' with no matching '(' at position 15"],
      ['()', "expected an identifier such as metrics.accuracy, params.lr or attributes.status, found ')' at position 1"],
      ["params.opt IN ()", 'empty IN list at position 15'],
      ["params.opt IN ('a',)", "expected a quoted string after 'IN', found ')'"],
      ["params.opt IN ('a' 'b')", "expected ',' or ')' in the IN list"],
      ["params.opt IN 'a'", "expected '(' to start the IN list"],
      ["params.opt NOT LIKE 'a'", "expected IN after NOT, found 'LIKE'"],
      ['params.opt IS 1', 'expected NULL after IS'],
      ['params.opt IS NOT x', 'expected NULL after IS NOT'],
      ["params.opt == 'a'", "unknown comparator '=='; use '='"],
      ["params.opt <> 'a'", "unknown comparator '<>'; use '!='"],
      ["params.opt ! 'a'", "unexpected character '!'"],
      ["params.opt = 'a' ; drop table runs", "unexpected character ';' at position 17"],
      ['metrics. acc > 1', "expected a key after 'metrics.'"],
      ["metrics.'acc' > 1", 'quote the key after'],
      ['metrics.`` > 1', "empty key after 'metrics.'"],
      ['.acc > 1', 'expected an entity type'],
      ["'metrics.acc' > 1", 'found the quoted string'],
      ["params.a = 'x\u0000'", 'NUL characters are not allowed at position 13'],
      ['metrics.a > 1 # comment', "unexpected character '#'"],
      ['metrics.a > 1 \u0007', 'unexpected character U+0007'],
    ])('rejects %j', (filter, expected) => {
      const error = errorOf(() => parseRuns(filter));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain(expected);
      expect(error.message).toContain(`Invalid filter '${filter}'`);
      expect(error.issues).toEqual([{ path: 'filter', message: expect.stringContaining(' at position ') }]);
    });

    it(`rejects parentheses nested more than ${MAX_NESTING} deep`, () => {
      const filter = `${'('.repeat(MAX_NESTING + 1)}metrics.a > 1${')'.repeat(MAX_NESTING + 1)}`;
      expect(errorOf(() => parseRuns(filter)).message).toContain(`parentheses nested deeper than ${MAX_NESTING} levels`);
      const deepest = `${'('.repeat(MAX_NESTING)}metrics.a > 1${')'.repeat(MAX_NESTING)}`;
      expect(parseRuns(deepest)).toEqual({ kind: 'compare', field: metric('a'), op: '>', value: 1 });
    });

    it(`rejects more than ${MAX_CONDITIONS} comparisons`, () => {
      const many = (n: number) => Array.from({ length: n }, (_, i) => `metrics.m${i} > ${i}`).join(' or ');
      expect(parseRuns(many(MAX_CONDITIONS))).toMatchObject({ kind: 'or' });
      expect(errorOf(() => parseRuns(many(MAX_CONDITIONS + 1))).message).toContain(`more than ${MAX_CONDITIONS} comparisons`);
    });

    it('quotes only an excerpt of a very long filter', () => {
      const filter = `params.a IN (${Array.from({ length: 300 }, (_, i) => `'v${i}'`).join(', ')}) and oops`;
      const message = errorOf(() => parseRuns(filter)).message;
      expect(message.length).toBeLessThan(400);
      expect(message).toContain('and oops');
      expect(message).toContain(`at position ${filter.length - 4}`);
    });
  });

  describe('with the experiments vocabulary', () => {
    const parseExperiments = (filter: string) => parseFilter(filter, resolveExperimentFilterField);

    it.each([
      ["name = 'x'", { kind: 'compare', field: { entity: 'attribute', column: 'name' }, op: '=', value: 'x' }],
      ["attributes.name ILIKE '%x%'", { kind: 'like', field: { entity: 'attribute', column: 'name' }, caseSensitive: false, pattern: '%x%' }],
      ['creation_time > 5', { kind: 'compare', field: { entity: 'attribute', column: 'creation_time' }, op: '>', value: 5 }],
      ['attribute.last_update_time <= 5', { kind: 'compare', field: { entity: 'attribute', column: 'last_update_time' }, op: '<=', value: 5 }],
      ["tags.team != 'a'", { kind: 'compare', field: { entity: 'tag', key: 'team' }, op: '!=', value: 'a' }],
    ])('parses %s', (filter, expected) => {
      expect(parseExperiments(filter)).toEqual(expected);
    });

    it.each([
      ['metrics.acc > 1', "unknown entity type 'metrics'"],
      ["status = 'x'", "unknown experiment attribute 'status'"],
      ["name IN ('x')", "comparator 'IN' is not supported for name"],
      ["creation_time = 'x'", 'expected a number for creation_time'],
    ])('rejects %j', (filter, expected) => {
      const error = errorOf(() => parseExperiments(filter));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain(expected);
    });
  });

  describe('with arbitrary input', () => {
    const onlyFlywheelErrors = (filter: string) => {
      try {
        parseRuns(filter);
      } catch (e) {
        if (!(e instanceof FlywheelError) || e.code !== 'INVALID_ARGUMENT') throw e;
      }
    };

    it('never throws anything but INVALID_ARGUMENT for random strings', () => {
      fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), onlyFlywheelErrors), { numRuns: 2000 });
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), onlyFlywheelErrors), { numRuns: 2000 });
    });

    it('never throws anything but INVALID_ARGUMENT for random sequences of grammar tokens', () => {
      const token = fc.constantFrom(
        'metrics.acc', 'params.lr', 'tags.`a b`', 'attributes.status', 'status', 'datasets.name', 'metrics.', 'run_id', 'end_time',
        '=', '!=', '<', '<=', '>', '>=', '==', 'LIKE', 'ilike', 'IN', 'NOT', 'IS', 'NULL', 'AND', 'or', '(', ')', ',',
        "'x'", '"y"', "'unterminated", '`k`', '1', '-2.5e3', '1e999', 'abc', '.', '\\', "''", '%',
      );
      const filter = fc.array(token, { maxLength: 25 }).chain((tokens) =>
        fc.array(fc.constantFrom(' ', '', '  '), { minLength: tokens.length, maxLength: tokens.length }).map((spaces) =>
          tokens.map((t, i) => `${t}${spaces[i]}`).join(''),
        ),
      );
      fc.assert(fc.property(filter, onlyFlywheelErrors), { numRuns: 5000 });
    });
  });
});
