import { z } from 'zod';
import { invalidArgument } from '../../core/index.js';
import type { Gate } from './gate-types.js';
import type { GateSpecWire } from '../../contracts/index.js';

const METRIC_RULE = /^\s*([A-Za-z0-9_.\-/ ]+?)\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;

const metricObject = z.strictObject({ metric: z.string().min(1), op: z.enum(['>=', '>', '<=', '<']), value: z.number() });

/** `metric: val_acc >= 0.9` (the short form for files) or `metric: {metric, op, value}`. */
const metricGate = z.unknown().transform((raw, ctx) => {
  if (typeof raw === 'string') {
    const m = METRIC_RULE.exec(raw);
    if (m) return { metric: m[1]!, op: m[2] as '>=' | '>' | '<=' | '<', value: Number(m[3]) };
    ctx.addIssue({ code: 'custom', message: `'${raw}' is not a rule like "val_acc >= 0.9" (operators >=, >, <=, <)` });
    return z.NEVER;
  }
  const parsed = metricObject.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});

const beatsCurrent = z
  .strictObject({
    dataset: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be a dataset version like iris@2 or iris@eval'),
    file: z.string().min(1),
    label: z.string().min(1),
    features: z.array(z.string().min(1)).min(1).optional(),
    classes: z.array(z.string()).min(2).optional(),
    metric: z.enum(['accuracy', 'rmse', 'mae']).default('accuracy'),
    min_improvement: z.number().min(0).default(0),
  })
  .transform(({ min_improvement, ...rest }) => ({ ...rest, minImprovement: min_improvement }));

const latency = z
  .strictObject({
    p99_ms: z.number().positive(),
    batch_size: z.number().int().min(1).max(4096).default(1),
    runs: z.number().int().min(10).max(100_000).default(200),
  })
  .transform((l) => ({ p99Ms: l.p99_ms, batchSize: l.batch_size, runs: l.runs }));

const gateSchema = z.union([
  z.strictObject({ metric: metricGate }).transform((g): Gate => ({ type: 'metric', ...g.metric })),
  z.strictObject({ beats_current: beatsCurrent }).transform((g): Gate => ({ type: 'beats_current', ...g.beats_current })),
  z.strictObject({ latency }).transform((g): Gate => ({ type: 'latency', ...g.latency })),
]);

/**
 * An alias's gates from their file form (YAML or JSON, parsed), a list of one-key maps:
 *
 *   - metric: val_acc >= 0.9
 *   - beats_current: { dataset: iris@eval, file: iris.csv, label: species, classes: [setosa, versicolor, virginica] }
 *   - latency: { p99_ms: 10, batch_size: 1, runs: 200 }
 *
 * Throws INVALID_ARGUMENT naming each bad entry (`gates[1].beats_current.dataset: ...`).
 */
export function parseGates(raw: unknown): Gate[] {
  if (!Array.isArray(raw)) throw invalidArgument('gates must be a list such as [{metric: "val_acc >= 0.9"}, {latency: {p99_ms: 10}}]');
  if (raw.length > 20) throw invalidArgument('at most 20 gates per alias');
  const issues: { path: string; message: string }[] = [];
  const gates: Gate[] = [];
  raw.forEach((entry, i) => {
    const parsed = gateSchema.safeParse(entry);
    if (parsed.success) gates.push(parsed.data);
    else {
      // A union's issues name every branch; the entry's own key says which one was meant.
      const key = entry !== null && typeof entry === 'object' ? Object.keys(entry)[0] : undefined;
      const own = parsed.error.issues.flatMap((issue) => (issue.code === 'invalid_union' ? issue.errors.flat() : [issue])).filter((issue) => key === undefined || issue.path[0] === key);
      const chosen = own.length > 0 ? own : [{ path: [], message: 'each gate is one of metric:, beats_current: or latency:' }];
      for (const issue of chosen) issues.push({ path: [`gates[${i}]`, ...issue.path.map(String)].join('.'), message: issue.message });
    }
  });
  if (issues.length > 0) throw invalidArgument(`invalid gates: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  return gates;
}

/** The wire/file form of gates (snake_case), what `parseGates` reads back. */
export function gatesToJson(gates: readonly Gate[]): GateSpecWire[] {
  return gates.map((g) => {
    switch (g.type) {
      case 'metric':
        return { metric: { metric: g.metric, op: g.op, value: g.value } };
      case 'beats_current': {
        const { type: _type, minImprovement, ...rest } = g;
        return { beats_current: { ...rest, min_improvement: minImprovement } };
      }
      case 'latency':
        return { latency: { p99_ms: g.p99Ms, batch_size: g.batchSize, runs: g.runs } };
    }
  });
}
