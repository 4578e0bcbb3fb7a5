// CONTRACT: the implementation lands here; the signature is fixed.
import type { Logger } from '../core/index.js';
import type { BlobStore, OpenDatabase } from '../storage/index.js';
import type { TrackingApi } from './tracking-api.js';

export interface TrackingService extends TrackingApi {
  close(): Promise<void>;
}

export async function createTrackingService(_opts: {
  database: OpenDatabase;
  blobs: BlobStore;
  logger?: Logger;
}): Promise<TrackingService> {
  throw new Error('not implemented yet');
}
