export { startServer, type RunningServer } from './start.js';
export { buildApp, type AppOptions } from './app.js';
export { toErrorReply } from '../http/index.js';
export type { ErrorBody } from '../contracts/index.js';
