import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';

describe('the composed migrations', () => {
  it('keep the names existing databases recorded in fw_migrations, in order', () => {
    // Databases created before the migrations moved into the domains' folders hold these rows;
    // a renamed migration would run again on them.
    expect(MIGRATIONS.slice(0, 6).map((m) => m.name)).toEqual(['001-tracking', '002-request-ids', '003-compute', '004-data', '005-tuning', '006-registry']);
  });

  it('give each number to one migration only, whatever its domain', () => {
    const numbers = MIGRATIONS.map((m) => m.name.slice(0, 3));
    expect(numbers.every((n) => /^\d{3}$/.test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
