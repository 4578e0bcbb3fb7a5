import fc from 'fast-check';

/*
 * Values for the fuzz: what a confused or hostile client puts in fields, bodies, query
 * strings and artifact paths. Strings starting with $ are placeholders and markers that
 * fuzz-harness.ts resolves (see fuzz-requests.ts).
 */

export const FIELD_NAMES = [
  'run_id', 'run_uuid', 'experiment_id', 'experiment_ids', 'experiment_name', 'name', 'new_name', 'artifact_location',
  'key', 'value', 'timestamp', 'step', 'metrics', 'params', 'tags', 'datasets', 'metric_key', 'max_results', 'page_token',
  'filter', 'order_by', 'view_type', 'run_view_type', 'start_time', 'end_time', 'status', 'user_id', 'run_name', 'path',
  'run_ids', 'keys', 'cursor', 'max_points', 'x_axis', 'x_min', 'x_max', 'older_than_ms', '__proto__', 'constructor',
] as const;

const b64 = (s: string) => Buffer.from(s).toString('base64');

const NASTY_STRINGS = [
  '', ' ', '0', '-1', '1.5', '1e3', '0x10', '01', ' 1', '1 ', '+1', '9007199254740993', '99999999999999999999999', '-0',
  'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e309', 'null', 'true', 'undefined', '[]', '{}', '"', "'", '`', '\\',
  '\u0000', 'a\u0000b', '\n', '\r\n', '\t', '\u2028', '\ud800', 'a\udfffb', '\ufeff', '😀', 'é', '漢字', '\u202e',
  '..', '../..', '../../etc/passwd', '%2e%2e', '%2e%2e%2f', '..\\..\\windows', '/abs/path', 'C:\\x', 'file:///etc/passwd',
  'mlflow-artifacts:/../..', 'mlflow-artifacts:/', 's3://bucket/x', '%', '%zz', '%00', '%c0%ae', '%ff',
  "'; DROP TABLE runs; --", "' OR '1'='1", '$RUN', '$RUN2', '$DELETED_RUN', '$EXP', '$EXPNAME', '$UNIQUE',
  '$LONG:251', '$LONG:5001', '$LONG:6001', '$LONG:70000', '$WIDE:300', '$WIDE:6000',
  // Search grammar: half-finished, wrong types, odd quoting, operators that do not exist.
  'metrics.m > 0 AND', 'metrics.', 'params.p = ', "tags.`a` = 'b'", '((((', ')', "name = 'a' OR", 'metrics.m LIKE 1',
  "attributes.run_id IN ('a',", "attributes.start_time > 'x'", 'metrics.m >> 1', "params.p ILIKE '%a\\%'", 'attributes.status != 3',
  "metrics.m = 'NaN'", 'metrics.m < -Infinity', "name = 'a' AND (tags.t = 'b' OR params.p = 'c')", "dataset.name = 'x'",
  '$BIGIN', 'metrics.`m` DESC', 'attributes.start_time ASC DESC', 'params.p', 'tags.`', 'x DESC', 'run_name ASC',
  'ACTIVE_ONLY', 'DELETED_ONLY', 'ALL', 'RUNNING', 'FINISHED', 'KILLED', 'step', 'timestamp',
  // Page tokens: not base64, base64 of non-JSON, of JSON with the wrong field, negative, huge, fractional.
  'garbage', b64('not json'), b64('null'), b64('[]'), b64('{"offset":-1}'), b64('{"offset":1e308}'),
  b64('{"offset":9007199254740991}'), b64('{"offset":3}'), b64('{"offset":100}'), b64('{"offset":1.5}'), b64('{"offset":"3"}'), b64('{"__proto__":{"offset":1}}'),
] as const;

const NASTY_NUMBERS = [
  0, -0, 1, -1, 1.5, -1.5, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, -(2 ** 63), 1e21, 1e308,
  -1e308, 5e-324, Number.MAX_VALUE, 0.1, 3,
] as const;

const PLACEHOLDER_IDS = ['$RUN', '$RUN2', '$DELETED_RUN', '$EXP', '$EXPNUM', '$EXPNAME'] as const;

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

const number = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 4, arbitrary: number },
  { weight: 3, arbitrary: fc.constantFrom(...PLACEHOLDER_IDS) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant('$DEEP') },
);

/** Any JSON value a confused or hostile client might put in a field. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: leaf },
  { weight: 2, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.array(leaf, { maxLength: 3 }), { maxLength: 3 }) },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), leaf, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** An object with the API's field names and values of any type. */
export const fieldSoup = fc.dictionary(fc.constantFrom(...FIELD_NAMES), nastyValue, { maxKeys: 6 });

export const MALFORMED_JSON = [
  '{', '}', '{"run_id":', '{"run_id": "x",}', "{'run_id': 'x'}", '{"a":1}{"b":2}', '[1,2', 'undefined', 'NaN',
  '{"value": NaN}', '{"value": Infinity}', '{"value": -}', '{"a" 1}', '\u0000', '\ufeff{}', '{"a":"\\x"}', '{"a":"\\ud800"',
  'nul', 'tru', '01', '{"a":01}', '"unterminated', '"\\"{\\"a\\":"', '<xml/>', 'run_id=x', '{"a":1}garbage', '//comment\n{}',
] as const;

export const CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/xml',
  'application/octet-stream', 'application/jsonx', 'json', 'application/vnd.api+json', '*/*',
] as const;

/** Content types that should still parse as JSON, or at worst be refused with a 4xx. */
export const ODD_JSON_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=latin1',
  'application/json; charset=utf-16', 'application/json;;', 'application/json, text/plain', ' application/json ',
] as const;

export const queryGarbage = fc.oneof(
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '&&&', '=', '==x', 'a[b]=c', 'run_id', 'run_id=', 'run_id=%ff%fe', '?', '#frag', 'run_id=a&run_id=b'),
  fc.string({ maxLength: 60 }).map((s) => s.replace(/#/g, '%23')),
);

/** Search filters built from MLflow's grammar with wrong pieces mixed in: odd identifiers, operators, literals. */
const searchIdentifier = fc.constantFrom(
  'metrics.m', 'metrics.`m`', 'metrics."m"', 'params.p', 'params.`a b`', 'tags.k', 'tags.`mlflow.runName`', 'tags."x y"',
  'attributes.status', 'attributes.start_time', 'attributes.end_time', 'attributes.run_name', 'attributes.run_id',
  'attributes.artifact_uri', 'attributes.user_id', 'attributes.lifecycle_stage', 'attributes.created', 'run_name', 'status',
  'start_time', 'run_id', 'dataset.name', 'dataset.digest', 'datasets.context', 'name', 'creation_time', 'last_update_time',
  'experiment_id', 'tags.`x', 'metrics.', 'm', 'params.p.q', 'attribute.status', 'METRICS.m', '`metrics`.m', 'metric.m',
);
const searchOperator = fc.constantFrom('=', '!=', '<', '>', '<=', '>=', 'LIKE', 'ILIKE', 'IN', 'NOT IN', 'like', '==', '<>', 'IS', 'IS NOT', '~', '');
const searchLiteral = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    "'x'", '"x"', "'%'", "'_'", "'\\'", "''", 'NaN', 'Infinity', '-Infinity', '1e999', '-1e999', "('a','b')", '()', "('a',)",
    "('a' 'b')", 'NULL', "'FINISHED'", '3', '9007199254740993', "'🙂'", "'a''b'", "'unterminated", '`b`', "'%a%'", "('$RUN')",
  ),
  fc.string({ maxLength: 10 }).map((t) => `'${t}'`),
);
const searchClause = fc.tuple(searchIdentifier, searchOperator, searchLiteral).map(([i, o, l]) => `${i} ${o} ${l}`);
export const searchFilter = fc
  .array(fc.tuple(searchClause, fc.constantFrom(' AND ', ' OR ', ' and ', ' or ', ' ', ' AND NOT '), fc.nat(3)), { minLength: 1, maxLength: 4 })
  .map((parts) =>
    parts
      .map(([clause, joiner, shape], i) => {
        const wrapped = shape === 1 ? `(${clause})` : shape === 2 ? `(${clause}` : clause;
        return i === 0 ? wrapped : `${joiner}${wrapped}`;
      })
      .join(''),
  );
export const orderBy = fc
  .tuple(searchIdentifier, fc.constantFrom('', ' ASC', ' DESC', ' asc', ' DESC ASC', ' UP', ',', ' DESC, name'))
  .map(([i, d]) => `${i}${d}`);

/** Artifact paths: ordinary, odd and hostile (traversal, encoded traversal, NUL, absolute, backslashes). */
export const artifactPath = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '$ROOT/file.txt', '$ROOT/dir/nested.json', '$ROOT', '$ROOT/', '$ROOT/missing.bin', 'fuzz/a.txt', 'fuzz/dir/b.txt', 'fuzz',
      '$ROOT/file.txt/inside', 'fuzz/a b.txt', 'fuzz/%C3%A9.txt', 'fuzz/😀.txt', 'fuzz/x.html', 'fuzz/$LONG:300',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '..', '../x', 'a/../../b', '$ROOT/../../x', '.', './x', 'a/./b', 'a//b', '%2e%2e/x', '%2E%2E%2Fx', '%252e%252e/x', '.%2e/x',
      '..%2fx', '..%5cx', 'a%5c..%5cb', '..\\x', 'a\\b', '%00', 'a%00b', '/etc/passwd', '%2Fetc%2Fpasswd', 'C:/x', 'c:%5cwindows',
      '%c0%ae%c0%ae/x', '$ROOT/%2e%2e/%2e%2e', '%', '%zz', '$LONG:1025', '$LONG:2049', 'a/'.repeat(20),
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('a', '..', '.', '', '%2e', '%2f', '\\', '%00', '$ROOT', 'ü'), { minLength: 1, maxLength: 5 }).map((s) => s.join('/')) },
);
