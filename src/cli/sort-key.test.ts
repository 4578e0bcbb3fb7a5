import { describe, expect, it } from 'vitest';
import { sortedColumn, toOrderBy } from './sort-key.js';

describe('--sort keys', () => {
  it('sorts descending by KEY (the best score first), ascending by +KEY, and takes -KEY and ASC/DESC suffixes', () => {
    expect(toOrderBy('metrics.val_acc')).toBe('metrics.val_acc DESC');
    expect(toOrderBy('-metrics.val_acc')).toBe('metrics.val_acc DESC');
    expect(toOrderBy('+metrics.loss')).toBe('metrics.loss ASC');
    expect(toOrderBy('metrics.loss asc')).toBe('metrics.loss ASC');
    expect(toOrderBy('metrics.loss DESC')).toBe('metrics.loss DESC');
  });

  it('quotes keys that are not plain identifiers with backquotes, as MLflow requires', () => {
    expect(toOrderBy('-metrics.val acc')).toBe('metrics.`val acc` DESC');
    expect(toOrderBy('+params.model.depth')).toBe('params.`model.depth` ASC');
  });

  it('maps attribute names and their short forms to attributes.*', () => {
    expect(toOrderBy('+name')).toBe('attributes.run_name ASC');
    expect(toOrderBy('-started')).toBe('attributes.start_time DESC');
  });

  it('refuses an unknown key with a hint', () => {
    expect(() => toOrderBy('accuracy')).toThrow(/use metrics.NAME/);
    expect(() => toOrderBy('metrics.')).toThrow(/names no metrics key/);
  });

  it('names the column to pin for a params or metrics key', () => {
    expect(sortedColumn('-metrics.acc')).toBe('metrics.acc');
    expect(sortedColumn('start_time')).toBeUndefined();
  });
});
