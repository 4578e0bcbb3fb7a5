export { SweepService, type SweepServiceOptions, type SweepView } from './service/sweep-service.js';
export { registerSweepsRoutes } from './http/sweeps-routes.js';
