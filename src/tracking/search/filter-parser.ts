import type { Comparator, Condition, FieldSpec, FilterExpr } from './filter-ast.js';
import { isUnknown, readIdentifier, type RawIdentifier, type Resolver } from './identifier.js';
import type { Token } from './tokenizer.js';
import { describeToken, isKeyword, TokenStream } from './token-stream.js';

// Bounds that keep every accepted filter inside both engines' limits (SQLite's expression
// depth of 1000 and 32766 bound parameters) and the parser's own stack.
export const MAX_NESTING = 32;
export const MAX_CONDITIONS = 200;
export const MAX_LIST_VALUES = 5000;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses MLflow's search filter (comparisons joined by AND) plus Flywheel's OR and parentheses,
 * AND binding tighter than OR. Returns undefined for an empty filter; throws INVALID_ARGUMENT
 * naming the position of the first problem.
 *
 * @example parseFilter("metrics.acc > 0.9 and (params.opt = 'adam' or tags.good = 'yes')", resolveRunField)
 */
export function parseFilter<F>(text: string | undefined, resolve: Resolver<FieldSpec<F>>): FilterExpr<F> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return new FilterParser(new TokenStream({ text, label: 'filter', path: 'filter' }), resolve).parse();
}

class FilterParser<F> {
  private conditions = 0;
  private listValues = 0;

  constructor(
    private readonly stream: TokenStream,
    private readonly resolve: Resolver<FieldSpec<F>>,
  ) {}

  parse(): FilterExpr<F> {
    const expr = this.parseOr(0);
    const rest = this.stream.peek();
    if (rest.kind === ')') throw this.stream.fail("unexpected ')' with no matching '('", rest.start);
    if (rest.kind !== 'end') throw this.stream.fail(`expected AND, OR or the end of the filter, found ${describeToken(rest)}`, rest.start);
    return expr;
  }

  private parseOr(depth: number): FilterExpr<F> {
    const items = [this.parseAnd(depth)];
    while (this.stream.acceptKeyword('OR')) items.push(this.parseAnd(depth));
    return combine('or', items);
  }

  private parseAnd(depth: number): FilterExpr<F> {
    const items = [this.parsePrimary(depth)];
    while (this.stream.acceptKeyword('AND')) items.push(this.parsePrimary(depth));
    return combine('and', items);
  }

  private parsePrimary(depth: number): FilterExpr<F> {
    const open = this.stream.peek();
    if (open.kind !== '(') return this.parseCondition();
    if (depth >= MAX_NESTING) throw this.stream.fail(`parentheses nested deeper than ${MAX_NESTING} levels`, open.start);
    this.stream.next();
    const inner = this.parseOr(depth + 1);
    const close = this.stream.next();
    if (close.kind !== ')') {
      throw this.stream.fail(`expected ')' to close the '(' at position ${open.start}, found ${describeToken(close)}`, close.start);
    }
    return inner;
  }

  private parseCondition(): Condition<F> {
    const identifier = readIdentifier(this.stream);
    const spec = this.resolve(identifier);
    if (isUnknown(spec)) throw this.stream.fail(spec.error, identifier.start);
    this.conditions += 1;
    if (this.conditions > MAX_CONDITIONS) throw this.stream.fail(`more than ${MAX_CONDITIONS} comparisons`, identifier.start);
    const { comparator, token } = this.readComparator(identifier);
    if (!spec.comparators.includes(comparator)) {
      throw this.stream.fail(
        `comparator '${comparator}' is not supported for ${identifier.text}; use one of ${spec.comparators.join(', ')}`,
        token.start,
      );
    }
    const field = spec.field;
    switch (comparator) {
      case 'IS NULL':
      case 'IS NOT NULL':
        return { kind: 'presence', field, present: comparator === 'IS NOT NULL' };
      case 'IN':
      case 'NOT IN':
        return { kind: 'in', field, negated: comparator === 'NOT IN', values: this.readList(identifier) };
      case 'LIKE':
      case 'ILIKE':
        return { kind: 'like', field, caseSensitive: comparator === 'LIKE', pattern: this.readString(identifier, comparator) };
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const value = spec.type === 'number' ? this.readNumber(identifier, comparator) : this.readString(identifier, comparator);
        return { kind: 'compare', field, op: comparator, value };
      }
      default: {
        const unreachable: never = comparator;
        return unreachable;
      }
    }
  }

  private readComparator(identifier: RawIdentifier): { comparator: Comparator; token: Token } {
    const token = this.stream.next();
    if (token.kind === 'operator') return { comparator: token.text, token };
    if (isKeyword(token, 'LIKE')) return { comparator: 'LIKE', token };
    if (isKeyword(token, 'ILIKE')) return { comparator: 'ILIKE', token };
    if (isKeyword(token, 'IN')) return { comparator: 'IN', token };
    if (isKeyword(token, 'NOT')) {
      const after = this.stream.next();
      if (!isKeyword(after, 'IN')) throw this.stream.fail(`expected IN after NOT, found ${describeToken(after)}`, after.start);
      return { comparator: 'NOT IN', token };
    }
    if (isKeyword(token, 'IS')) {
      const negated = this.stream.acceptKeyword('NOT') !== undefined;
      const after = this.stream.next();
      if (!isKeyword(after, 'NULL')) throw this.stream.fail(`expected NULL after IS${negated ? ' NOT' : ''}, found ${describeToken(after)}`, after.start);
      return { comparator: negated ? 'IS NOT NULL' : 'IS NULL', token };
    }
    throw this.stream.fail(
      `expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL) after ${identifier.text}, found ${describeToken(token)}`,
      token.start,
    );
  }

  private readNumber(identifier: RawIdentifier, comparator: Comparator): number {
    const token = this.stream.next();
    if (token.kind === 'word' && NUMBER.test(token.text)) return Number(token.text);
    if (token.kind === 'string') {
      throw this.stream.fail(`expected a number for ${identifier.text}, found ${describeToken(token)}`, token.start);
    }
    throw this.stream.fail(this.valueMissing('a number', comparator, token), token.start);
  }

  private readString(identifier: RawIdentifier, comparator: Comparator): string {
    const token = this.stream.next();
    if (token.kind === 'string' && token.quote !== '`') return token.value;
    if (token.kind === 'string') {
      throw this.stream.fail(`expected a value in single or double quotes for ${identifier.text}; backticks quote keys`, token.start);
    }
    if (token.kind === 'word' && !isKeyword(token, 'AND') && !isKeyword(token, 'OR')) {
      throw this.stream.fail(`expected a quoted string for ${identifier.text}, found ${token.text} (write '${token.text}')`, token.start);
    }
    throw this.stream.fail(this.valueMissing('a quoted string', comparator, token), token.start);
  }

  private valueMissing(what: string, comparator: Comparator, token: Token): string {
    if (token.kind === 'end') return `expected a value after '${comparator}'`;
    return `expected ${what} after '${comparator}', found ${describeToken(token)}`;
  }

  private readList(identifier: RawIdentifier): string[] {
    const open = this.stream.next();
    if (open.kind !== '(') throw this.stream.fail(`expected '(' to start the IN list, found ${describeToken(open)}`, open.start);
    if (this.stream.peek().kind === ')') throw this.stream.fail('empty IN list', this.stream.peek().start);
    const values: string[] = [];
    for (;;) {
      values.push(this.readString(identifier, 'IN'));
      this.listValues += 1;
      if (this.listValues > MAX_LIST_VALUES) throw this.stream.fail(`more than ${MAX_LIST_VALUES} values in IN lists`, this.stream.peek().start);
      const separator = this.stream.next();
      if (separator.kind === ')') return values;
      if (separator.kind !== ',') {
        throw this.stream.fail(`expected ',' or ')' in the IN list, found ${describeToken(separator)}`, separator.start);
      }
    }
  }
}

/** One item stays itself; parenthesised groups of the same kind flatten into their parent. */
function combine<F>(kind: 'and' | 'or', items: FilterExpr<F>[]): FilterExpr<F> {
  if (items.length === 1) return items[0]!;
  return { kind, items: items.flatMap((item) => (item.kind === kind ? item.items : [item])) };
}
