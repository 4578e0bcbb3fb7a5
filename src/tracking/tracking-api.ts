// The interface lives in src/core so that the SDK's HTTP client implements it too; the
// module re-exports it as its own.
export type { TrackingApi } from '../core/tracking-api.js';
