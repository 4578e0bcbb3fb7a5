/** The tracking module's HTTP routes, composed by src/server. */
export { registerMlflowRoutes, MLFLOW_PREFIXES } from './mlflow-routes.js';
export { artifactProxyRoutes, ARTIFACT_PROXY_PREFIXES } from './artifact-proxy-routes.js';
export { registerNativeRoutes } from './native-routes.js';
/** The request-reading kit of the MLflow routes, shared with the model registry's MLflow routes. */
export {
  requestFields,
  bodyObject,
  parseFields,
  missingValue,
  invalidField,
  type RequestFields,
} from './request-parsing.js';
export { EMPTY_RESPONSE, JSON_CONTENT_TYPE, mlflowRoute, readFields, readRunFields } from './mlflow-route.js';
