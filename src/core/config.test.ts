import { describe, expect, it } from 'vitest';
import { FlywheelError } from './errors.js';
import { loadServerConfig, readLogLevel, readS3Settings, SERVER_ENV_VARIABLES, trackingUri } from './config.js';

describe('server configuration', () => {
  it('takes flags over environment over defaults', () => {
    expect(loadServerConfig({}, {}).port).toBe(5050);
    expect(loadServerConfig({}, { FW_PORT: '6060' }).port).toBe(6060);
    expect(loadServerConfig({ port: 7070 }, { FW_PORT: '6060' }).port).toBe(7070);
    expect(loadServerConfig({}, {}).host).toBe('127.0.0.1');
    expect(loadServerConfig({}, { FW_DATA_DIR: '/data/fw' }).dataDir).toBe('/data/fw');
  });

  it('names the setting when a value is invalid', () => {
    const err = (() => {
      try {
        loadServerConfig({}, { FW_PORT: 'eighty' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(FlywheelError);
    expect((err as FlywheelError).message).toContain('FW_PORT');
    expect(() => loadServerConfig({}, { FW_DATABASE_URL: 'mysql://x' })).toThrow(/FW_DATABASE_URL/);
  });

  it('refuses FW_SERIES_CACHE_MB=abc at start, naming the setting, instead of a NaN budget', () => {
    expect(() => loadServerConfig({}, { FW_SERIES_CACHE_MB: 'abc' })).toThrow(/FW_SERIES_CACHE_MB/);
    expect(loadServerConfig({}, { FW_SERIES_CACHE_MB: '64' }).seriesCacheMb).toBe(64);
    expect(loadServerConfig({}, {}).seriesCacheMb).toBe(256);
  });

  it.each([
    ['FW_PORT', '70000'],
    ['FW_COMPUTE_CPUS', 'many'],
    ['FW_COMPUTE_MEMORY', 'lots'],
    ['FW_JOB_KILL_GRACE_SECONDS', 'soon'],
    ['FW_SERIES_CACHE_MB', '-1'],
    ['FW_LOG_LEVEL', 'verbose'],
    ['FW_BLOB_STORE', '/srv/blobs'],
    ['FW_S3_ENDPOINT', 'minio:9000'],
    ['FW_S3_FORCE_PATH_STYLE', 'maybe'],
    ['FW_LOCAL_IMPORT', 'sometimes'],
    ['FW_SLURM', 'on'],
  ])('refuses %s=%s with an error naming it', (name, value) => {
    expect(() => loadServerConfig({}, { [name]: value })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(name) }));
  });

  it('reads every FW_* variable the server knows, and treats an empty one as unset', () => {
    expect([...SERVER_ENV_VARIABLES].sort()).toEqual(
      ['FW_BLOB_STORE', 'FW_COMPUTE_CPUS', 'FW_COMPUTE_MEMORY', 'FW_DATABASE_URL', 'FW_DATA_DIR', 'FW_HOST', 'FW_JOB_KILL_GRACE_SECONDS', 'FW_LOCAL_IMPORT', 'FW_LOG_LEVEL', 'FW_PORT', 'FW_S3_ENDPOINT', 'FW_S3_FORCE_PATH_STYLE', 'FW_SERIES_CACHE_MB', 'FW_SERVE', 'FW_SLURM'],
    );
    const config = loadServerConfig({}, { FW_PORT: '', FW_HOST: '', FW_SERIES_CACHE_MB: '', FW_S3_ENDPOINT: 'http://minio:9000', FW_S3_FORCE_PATH_STYLE: 'false' });
    expect(config).toMatchObject({ port: 5050, host: '127.0.0.1', seriesCacheMb: 256, s3Endpoint: 'http://minio:9000', s3ForcePathStyle: false });
  });

  it('takes a flag over a bad environment value, which is then never read', () => {
    expect(loadServerConfig({ port: 0 }, { FW_PORT: 'eighty' }).port).toBe(0);
  });

  it('reads the S3 and log level variables for other commands with the same rules', () => {
    expect(readS3Settings({})).toEqual({});
    expect(readS3Settings({ FW_S3_ENDPOINT: 'http://minio:9000', FW_S3_FORCE_PATH_STYLE: 'yes' })).toEqual({ endpoint: 'http://minio:9000', forcePathStyle: true });
    expect(() => readS3Settings({ FW_S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(/FW_S3_FORCE_PATH_STYLE/);
    expect(readLogLevel({})).toBeUndefined();
    expect(readLogLevel({ FW_LOG_LEVEL: 'debug' })).toBe('debug');
    expect(() => readLogLevel({ FW_LOG_LEVEL: 'loud' })).toThrow(/FW_LOG_LEVEL/);
  });

  it('finds the tracking server from FW_TRACKING_URI, then MLFLOW_TRACKING_URI', () => {
    expect(trackingUri({})).toBe('http://127.0.0.1:5050');
    expect(trackingUri({ MLFLOW_TRACKING_URI: 'http://m:1/' })).toBe('http://m:1');
    expect(trackingUri({ MLFLOW_TRACKING_URI: 'http://m:1', FW_TRACKING_URI: 'http://f:2' })).toBe('http://f:2');
  });
});
