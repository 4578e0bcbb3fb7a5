export { DataService, type DataServiceOptions } from './data-service.js';
export { registerDatasetsRoutes } from './http/datasets-routes.js';
export { objectsRoutes } from './http/objects-routes.js';
export { readVerified } from './internal/object-reader.js';
