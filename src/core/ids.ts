import { randomUUID } from 'node:crypto';

/** A run id in MLflow's shape: 32 lowercase hex characters (a UUID without dashes). */
export const newRunId = (): string => randomUUID().replaceAll('-', '');
