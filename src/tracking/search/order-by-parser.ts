import { isUnknown, readIdentifier, type Resolver } from './identifier.js';
import { describeToken, TokenStream } from './token-stream.js';

export interface OrderClause<K> {
  field: K;
  descending: boolean;
}

/**
 * Parses order_by clauses, each `<identifier> [ASC|DESC]` (ASC by default), e.g.
 * `metrics.\`val loss\` DESC`. Blank clauses are skipped; a bad one throws INVALID_ARGUMENT
 * naming the clause (`order_by[1]`) and the position in it.
 */
export function parseOrderBy<K>(clauses: readonly string[] | undefined, resolve: Resolver<K>): OrderClause<K>[] {
  const parsed: OrderClause<K>[] = [];
  (clauses ?? []).forEach((text, index) => {
    if (text.trim() === '') return;
    const stream = new TokenStream({ text, label: 'order_by clause', path: `order_by[${index}]` });
    const identifier = readIdentifier(stream);
    const field = resolve(identifier);
    if (isUnknown(field)) throw stream.fail(field.error, identifier.start);
    const direction = stream.next();
    let descending = false;
    if (direction.kind === 'word' && /^(asc|desc)$/i.test(direction.text)) {
      descending = direction.text.toUpperCase() === 'DESC';
      const rest = stream.next();
      if (rest.kind !== 'end') throw stream.fail(`expected the end of the clause after ${direction.text}, found ${describeToken(rest)}`, rest.start);
    } else if (direction.kind !== 'end') {
      throw stream.fail(`expected ASC or DESC after ${identifier.text}, found ${describeToken(direction)}`, direction.start);
    }
    parsed.push({ field, descending });
  });
  return parsed;
}
