// The tracking domain's types live in src/core so that the SDK can share them without
// importing the server; the module re-exports them as its own.
export * from '../core/tracking-types.js';
