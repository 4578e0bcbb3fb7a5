// The tuning module's tables (migrations 005-tuning), as Kysely sees them. Times are epoch
// milliseconds. Only this module's code reads or writes them.

/** Sweeps and trials (see migration 005). `config`, `env` and `params` are JSON text. */
export interface SweepsTable {
  sweep_id: string;
  name: string;
  state: string;
  reason: string | null;
  config_text: string;
  config: string;
  cwd: string;
  env: string;
  experiment_id: number;
  created_time: number;
  end_time: number | null;
}

export interface SweepTrialsTable {
  sweep_id: string;
  number: number;
  state: string;
  params: string;
  value: number | null;
  last_t: number | null;
  reports: number;
  job_id: string | null;
  run_id: string | null;
  attempt: number;
  reason: string | null;
  created_time: number;
  end_time: number | null;
}

export interface TuningTables {
  sweeps: SweepsTable;
  sweep_trials: SweepTrialsTable;
}
