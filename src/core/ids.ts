import { randomUUID } from 'node:crypto';

/** A run id in MLflow's shape: 32 lowercase hex characters (a UUID without dashes). */
export const newRunId = (): string => randomUUID().replaceAll('-', '');

/** MLflow run ids are hex strings; accepting only those keeps ids safe inside paths and URIs. */
export const isRunId = (s: string): boolean => /^[0-9a-f]{32}$/.test(s);
