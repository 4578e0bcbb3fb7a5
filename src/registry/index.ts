export { RegistryService, type RegistryServiceOptions, type CreateVersionRequest } from './registry-service.js';
export { registerRegistryRoutes } from './http/register-registry-routes.js';
export type { EvaluationData, EvaluationTable } from './gates/evaluate-on-table.js';
export type { Gate, GateReport, GateResult } from './gates/gate-types.js';
