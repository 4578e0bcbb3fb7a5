// The model registry's wire shapes (docs/models-api.md), inferred from the route contracts in
// src/contracts/models.ts: MLflow's RegisteredModel and ModelVersion messages with Flywheel's
// fields beside MLflow's. Versions are strings and times epoch milliseconds, as MLflow sends them.
import type { AliasEventWire, GateReportWire, GateSpecWire, ModelFileWire, ModelVersionWire, RegisteredModelWire } from '../../../src/contracts/models';

export type ModelVersion = ModelVersionWire;
export type RegisteredModel = RegisteredModelWire;
export type RegistryTag = ModelVersion['tags'][number];
export type ModelAliasRef = RegisteredModel['aliases'][number];
export type ModelSignature = ModelVersion['signature'];
export type TensorSpec = ModelSignature['inputs'][number];
export type AliasEvent = AliasEventWire;
export type GateSpec = GateSpecWire;
export type GateReport = GateReportWire;
export type GateResult = GateReport['results'][number];
export type ModelFile = ModelFileWire;
