/** The tracking module's HTTP routes, composed by src/server. */
export { registerMlflowRoutes, MLFLOW_PREFIXES } from './mlflow-routes.js';
export { artifactProxyRoutes, ARTIFACT_PROXY_PREFIXES } from './artifact-proxy-routes.js';
export { registerNativeRoutes } from './native-routes.js';
export { nativeOpenApiDocument } from './native-openapi.js';
