export { startServer, type RunningServer } from './start.js';
export { buildApp, type AppOptions } from './app.js';
export { toErrorReply, type ErrorBody } from './errors.js';
