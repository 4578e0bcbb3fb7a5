export { contractRoute, routeContract, type ContractHandler, type ContractRouteConfig } from './contract-route.js';
export { endpointNotFound, handleClientError, HttpRequestError, installErrorHandlers, sendError, toErrorReply, type ErrorReply } from './errors.js';
export { JSON_BODY_LIMIT, parseJsonBody, registerJsonBodyParser } from './json-body-parser.js';
export { installResponseCheck, responseChecksFromEnv } from './response-check.js';
export { closePromptly, type PromptCloseOptions } from './prompt-close.js';
export { recordedRoutes, recordRoutes } from './route-record.js';
