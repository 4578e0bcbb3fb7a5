import { describe, expect, it } from 'vitest';
import { parseS3Url, s3StoreFromUrl } from './s3-url.js';

describe('S3 URLs', () => {
  it('split into a bucket and a prefix without slashes at its ends', () => {
    expect(parseS3Url('s3://ml-data/team/flywheel/')).toEqual({ bucket: 'ml-data', prefix: 'team/flywheel' });
    expect(parseS3Url('s3://ml-data')).toEqual({ bucket: 'ml-data', prefix: '' });
    expect(parseS3Url('s3://ml-data/')).toEqual({ bucket: 'ml-data', prefix: '' });
  });

  it('refuse other schemes, queries and prefixes that could climb out of themselves', () => {
    for (const bad of ['http://b/p', 's3://', 's3:///p', 's3://b/p?x=1', 's3://b/../p', 's3://b/a//c', 's3://b/.x', 's3://-b/p']) {
      expect(() => parseS3Url(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('make a store whose URL names them, and refuse a force-path-style flag that is not a boolean', () => {
    expect(s3StoreFromUrl('s3://b/p', {}).url).toBe('s3://b/p');
    expect(() => s3StoreFromUrl('s3://b/p', { FW_S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(/FW_S3_FORCE_PATH_STYLE/);
  });
});
