import { describe, expect, it } from 'vitest';
import { parseLabelFilter } from './label-filter';

describe('the label filter', () => {
  it('reads key=value pairs separated by spaces or commas', () => {
    expect(parseLabelFilter(' team=vision,size=s  gpu=')).toEqual({ labels: { team: 'vision', size: 's', gpu: '' } });
    expect(parseLabelFilter('')).toEqual({ labels: {} });
  });

  it('keeps = inside a value', () => {
    expect(parseLabelFilter('expr=a=b')).toEqual({ labels: { expr: 'a=b' } });
  });

  it('names the pair that has no key', () => {
    expect(parseLabelFilter('team=vision vision')).toEqual({ error: '“vision” is not key=value' });
    expect(parseLabelFilter('=x')).toEqual({ error: '“=x” is not key=value' });
  });
});
