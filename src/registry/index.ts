export { RegistryService, type RegistryServiceOptions, type CreateVersionRequest } from './registry-service.js';
export { registerRegistryRoutes } from './http/register-registry-routes.js';
