import { describe, expect, it } from 'vitest';
import { FlywheelError } from './errors.js';
import { loadServerConfig, trackingUri } from './config.js';

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

  it('finds the tracking server from FW_TRACKING_URI, then MLFLOW_TRACKING_URI', () => {
    expect(trackingUri({})).toBe('http://127.0.0.1:5050');
    expect(trackingUri({ MLFLOW_TRACKING_URI: 'http://m:1/' })).toBe('http://m:1');
    expect(trackingUri({ MLFLOW_TRACKING_URI: 'http://m:1', FW_TRACKING_URI: 'http://f:2' })).toBe('http://f:2');
  });
});
