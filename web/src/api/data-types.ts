// The data API's wire shapes (docs/data-api.md), inferred from the route contracts in
// src/contracts/data.ts: the UI declares none of them itself.
import type {
  ColumnProfileWire,
  DatasetDiffEntryWire,
  DatasetDiffSideWire,
  DatasetDiffWire,
  DatasetFileWire,
  DatasetProfileWire,
  DatasetQueryResultWire,
  DatasetRunWire,
  DatasetTreeEntryWire,
  DatasetVersionWire,
  DatasetWire,
  ImageProfileWire,
  MinMaxMeanWire,
  TableProfileWire,
} from '../../../src/contracts/data';

export type Dataset = DatasetWire;
export type DatasetVersion = DatasetVersionWire;
export type DatasetFile = DatasetFileWire;
/** One level of a version's file tree; a folder's size and files count everything under it. */
export type TreeEntry = DatasetTreeEntryWire;
export type DiffSide = DatasetDiffSideWire;
export type DiffEntry = DatasetDiffEntryWire;
/** Each list is capped at the request's max_results; the summary counts everything. */
export type DatasetDiff = DatasetDiffWire;
/** A run whose inputs name a dataset version (lineage). */
export type VersionRun = DatasetRunWire;
export type DatasetProfile = DatasetProfileWire;
export type TableProfile = TableProfileWire;
export type ColumnProfile = ColumnProfileWire;
export type MinMaxMean = MinMaxMeanWire;
export type ImageProfile = ImageProfileWire;
export type QueryResult = DatasetQueryResultWire;
