/** Runs and keys per history or tail request: enough for any chart, few enough to answer quickly. */
export const MAX_RUNS_PER_HISTORY_REQUEST = 100;
export const MAX_KEYS_PER_HISTORY_REQUEST = 100;
