import { describe, expect, it } from 'vitest';
import { escapeLike, nameContainsFilter, quoteLiteral, versionsOfFilter } from './models-filter';

describe('registry search filters', () => {
  it('quotes a literal, escaping quotes and backslashes', () => {
    expect(quoteLiteral("it's")).toBe("'it\\'s'");
    expect(quoteLiteral('C:\\x')).toBe("'C:\\\\x'");
  });
  it('takes LIKE wildcards in the typed text literally', () => {
    expect(escapeLike('a%b_c')).toBe('a\\%b\\_c');
  });
  it('asks for names that contain the text in any case, and for nothing when the text is blank', () => {
    expect(nameContainsFilter(' iris ')).toBe("name ILIKE '%iris%'");
    expect(nameContainsFilter('100%')).toBe("name ILIKE '%100\\\\%%'");
    expect(nameContainsFilter('  ')).toBeUndefined();
  });
  it('asks for the versions of several models with ORs', () => {
    expect(versionsOfFilter(['a', "b'c"])).toBe("name = 'a' OR name = 'b\\'c'");
  });
});
