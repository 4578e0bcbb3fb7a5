export type * from './types.js';
export { RUN_STATUSES } from './types.js';
export type { TrackingApi } from './tracking-api.js';
export { createTrackingService, type TrackingService } from './tracking-service.js';
export * from './http/index.js';
