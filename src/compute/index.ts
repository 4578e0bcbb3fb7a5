export type { ComputeApi, LogChunk, ReadLogRequest } from './compute-api.js';
export { ComputeService, type ComputeServiceOptions } from './compute-service.js';
export type { Executor, ExecutionSink, Launch, Outcome, Started } from './executors/executor.js';
export { registerJobsRoutes } from './http/jobs-routes.js';
export { discoverGpus } from './internal/gpu-discovery.js';
export { SlurmExecutor, type SlurmExecutorOptions } from './executors/slurm/slurm-executor.js';
export { slurmAnswers } from './executors/slurm/slurm-available.js';
