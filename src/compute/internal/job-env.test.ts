import { describe, expect, it } from 'vitest';
import { jobEnv } from './job-env.js';

describe("a job's environment", () => {
  const server = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/fw',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    AWS_SECRET_ACCESS_KEY: 'server-secret',
    AWS_ACCESS_KEY_ID: 'server-key',
    FW_DATABASE_URL: 'postgres://fw:pw@db/fw',
    FW_S3_ENDPOINT: 'http://minio:9000',
    MLFLOW_TRACKING_TOKEN: 'server-token',
    NODE_OPTIONS: '--inspect',
  };

  it("takes only the path, user and locale from the server's environment, never its credentials", () => {
    expect(jobEnv(server, {}, {})).toEqual({ PATH: '/usr/bin:/bin', HOME: '/home/fw', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC' });
  });

  it("keeps the job's own variables, credentials included, over the server's", () => {
    const env = jobEnv(server, { AWS_SECRET_ACCESS_KEY: 'the-jobs-own', PATH: '/opt/venv/bin:/usr/bin' }, {});
    expect(env).toMatchObject({ AWS_SECRET_ACCESS_KEY: 'the-jobs-own', PATH: '/opt/venv/bin:/usr/bin' });
  });

  it("sets Flywheel's variables last, so a job cannot point itself at another run", () => {
    expect(jobEnv(server, { FW_RUN_ID: 'mine' }, { FW_RUN_ID: 'r1', MLFLOW_RUN_ID: 'r1' })).toMatchObject({ FW_RUN_ID: 'r1', MLFLOW_RUN_ID: 'r1' });
  });
});
