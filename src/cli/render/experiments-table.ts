import type { Experiment } from '../../sdk/index.js';
import { formatAge } from './format.js';
import { renderTable } from './table.js';

/** `fw experiments list`: id, name, age; the stage column only when deleted ones are listed. */
export function renderExperimentsTable(experiments: Experiment[], options: { now: number; showStage: boolean }): string {
  if (experiments.length === 0) return 'no experiments\n';
  const head = ['id', 'name', ...(options.showStage ? ['stage'] : []), 'created', 'updated'];
  const rows = experiments.map((e) => [
    e.experimentId,
    e.name,
    ...(options.showStage ? [e.lifecycleStage] : []),
    formatAge(e.creationTime, options.now),
    formatAge(e.lastUpdateTime, options.now),
  ]);
  return `${renderTable(head, rows, ['right'])}\n`;
}
