export type { RemoteStore } from './remote-store.js';
export { pushDataset, type PushDatasetOptions, type PushDatasetResult } from './push-dataset.js';
export { pullDataset, type PullDatasetOptions, type PullDatasetResult } from './pull-dataset.js';
export type { TransferProgress } from './copy-objects.js';
export { datasetDocumentKey, REMOTE_DATASET_FORMAT } from './remote-dataset-document.js';
