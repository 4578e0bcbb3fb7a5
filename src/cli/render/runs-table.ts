import type { Run } from '../../sdk/index.js';
import { columnId, type Column, type RunAttribute } from './columns.js';
import { formatAge, formatDuration, formatNumber, runDuration, shortId, truncate } from './format.js';
import { renderTable, type Align } from './table.js';

export interface RunsTableInput {
  runs: Run[];
  now: number;
  /** Experiment names by id; an experiment column appears when the runs span several. */
  experimentNames?: ReadonlyMap<string, string>;
  /** The columns asked for with --columns; by default the attributes plus what varies. */
  columns?: Column[];
  /** Params, metrics or tags to show first, right after the attributes, even when they do not vary (the sort keys). */
  pinned?: Column[];
  /** At most this many varying params, and as many metrics (default 6). */
  maxVarying?: number;
}

export interface TableModel {
  head: string[];
  rows: string[][];
  align: Align[];
  /** Lines printed under the table: what was left out and why. */
  notes: string[];
}

const PARAM_WIDTH = 24;
const NOTE_WIDTH = 160;

const paramOf = (run: Run, key: string) => run.data.params.find((p) => p.key === key)?.value;
const metricOf = (run: Run, key: string) => run.data.metrics.find((m) => m.key === key)?.value;
const tagOf = (run: Run, key: string) => run.data.tags.find((t) => t.key === key)?.value;

/**
 * What `fw runs list` shows: one row per run with the run's attributes, then the params and
 * latest metrics that differ between the listed runs (all of them when there is one run),
 * so the table answers "what changed and what did it do".
 */
export function runsTableModel(input: RunsTableInput): TableModel {
  const { runs, now } = input;
  const notes: string[] = [];
  let columns: Column[];
  if (input.columns && input.columns.length > 0) {
    columns = input.columns;
  } else {
    const spansExperiments = new Set(runs.map((r) => r.info.experimentId)).size > 1;
    const attrs: Column[] = (['id', 'name', 'status', 'started', 'duration'] as const).map((name) => ({ kind: 'attr', name }));
    if (spansExperiments) attrs.splice(2, 0, { kind: 'attr', name: 'experiment' });
    // The sort keys come first: a list sorted by a metric should show that metric up front.
    const pinned = (input.pinned ?? []).filter((c) => c.kind !== 'attr');
    const params = pick('param', runs, input, notes);
    const metrics = pick('metric', runs, input, notes);
    columns = [...attrs, ...pinned, ...params, ...metrics];
    const shown = new Set(columns.map(columnId));
    const constant = [...constantValues('param', runs, shown), ...constantValues('metric', runs, shown)];
    if (constant.length > 0) notes.push(truncate(`same in every run: ${constant.join(', ')}`, NOTE_WIDTH));
  }

  const keyCounts = new Map<string, number>();
  for (const c of columns) if (c.kind !== 'attr') keyCounts.set(c.key, (keyCounts.get(c.key) ?? 0) + 1);
  // A key that is both a param and a metric gets its prefix back, so the header is not ambiguous.
  const header = (c: Column): string => (c.kind === 'attr' ? c.name : (keyCounts.get(c.key) ?? 0) > 1 ? columnId(c) : c.key);

  const cell = (run: Run, c: Column): string => {
    switch (c.kind) {
      case 'attr':
        return attributeCell(run, c.name, now, input.experimentNames);
      case 'param':
        return truncate(paramOf(run, c.key) ?? '-', PARAM_WIDTH);
      case 'metric': {
        const v = metricOf(run, c.key);
        return v === undefined ? '-' : formatNumber(v);
      }
      case 'tag':
        return truncate(tagOf(run, c.key) ?? '-', PARAM_WIDTH);
      default: {
        const never: never = c;
        return never;
      }
    }
  };

  return {
    head: columns.map(header),
    rows: runs.map((run) => columns.map((c) => cell(run, c))),
    align: columns.map((c) => (c.kind === 'metric' || (c.kind === 'attr' && c.name === 'duration') ? 'right' : 'left')),
    notes,
  };
}

export function renderRunsTable(input: RunsTableInput): string {
  if (input.runs.length === 0) return 'no runs\n';
  const model = runsTableModel(input);
  return `${[renderTable(model.head, model.rows, model.align), ...model.notes].join('\n')}\n`;
}

function attributeCell(run: Run, name: RunAttribute, now: number, names?: ReadonlyMap<string, string>): string {
  switch (name) {
    case 'id':
      return shortId(run.info.runId);
    case 'name':
      return run.info.runName || '-';
    case 'status':
      return run.info.lifecycleStage === 'deleted' ? `${run.info.status} (deleted)` : run.info.status;
    case 'started':
      return formatAge(run.info.startTime, now);
    case 'duration':
      return formatDuration(runDuration(run.info, now));
    case 'experiment':
      return names?.get(run.info.experimentId) ?? run.info.experimentId;
    case 'user':
      return run.info.userId || '-';
    default: {
      const never: never = name;
      return never;
    }
  }
}

/** The params or metrics that vary between the runs (all of them for one run), capped; pinned ones are shown apart. */
function pick(kind: 'param' | 'metric', runs: Run[], input: RunsTableInput, notes: string[]): Column[] {
  const pinnedKeys = new Set((input.pinned ?? []).flatMap((c) => (c.kind === kind ? [c.key] : [])));
  const keys = [...new Set(runs.flatMap((r) => (kind === 'param' ? r.data.params : r.data.metrics).map((x) => x.key)))].sort();
  const valueOf = (r: Run, key: string) => String(kind === 'param' ? paramOf(r, key) : metricOf(r, key));
  const varying = keys.filter(
    (key) => !pinnedKeys.has(key) && (runs.length === 1 || new Set(runs.map((r) => valueOf(r, key))).size > 1),
  );
  const max = input.maxVarying ?? 6;
  if (varying.length > max) {
    notes.push(`${varying.length - max} more ${kind}s not shown (${truncate(varying.slice(max).join(', '), 80)}); choose with --columns`);
  }
  return varying.slice(0, max).map((key): Column => ({ kind, key }));
}

/** `key=value` for each param or metric with the same value in every run: worth a note, not a column. */
function constantValues(kind: 'param' | 'metric', runs: Run[], shown: Set<string>): string[] {
  if (runs.length < 2) return [];
  const text = (r: Run, key: string): string | undefined => {
    if (kind === 'param') return paramOf(r, key);
    const v = metricOf(r, key);
    return v === undefined ? undefined : formatNumber(v);
  };
  const first = runs[0]!;
  return (kind === 'param' ? first.data.params : first.data.metrics)
    .map((x) => x.key)
    .filter((key) => !shown.has(`${kind}s.${key}`) && runs.every((r) => text(r, key) === text(first, key)))
    .sort()
    .map((key) => `${key}=${truncate(text(first, key)!, PARAM_WIDTH)}`);
}
