import { FlywheelError } from '../../core/index.js';
import type { ModelVersion } from '../../core/registry-types.js';
import { loadModel, type LoadedModel, type ModelFiles } from '../../serving/index.js';
import type { EvaluationData } from './evaluate-on-table.js';
import { scoreOnTable } from './evaluate-on-table.js';
import type { Gate, GateReport, GateResult } from './gate-types.js';
import { measureLatency } from './measure-latency.js';

/** What checking needs of the registry. */
export interface GateContext {
  version(name: string, version: number): Promise<ModelVersion>;
  /** The version an alias points at now, or undefined. */
  aliasHolder(name: string, alias: string): Promise<ModelVersion | undefined>;
  files(name: string, version: number): Promise<ModelFiles>;
  /** Absent where the server has no data module: dataset gates then fail with a reason. */
  data?: EvaluationData;
}

/**
 * Runs every gate for moving `alias` to `version` and says which passed. A gate that cannot
 * be evaluated (no such metric, a dataset file that does not fit the model) fails with the
 * reason rather than throwing: a promotion is refused, never half-checked.
 */
export async function checkGates(ctx: GateContext, name: string, version: number, alias: string, gates: readonly Gate[]): Promise<GateReport> {
  const candidate = await ctx.version(name, version);
  const models = new ModelCache(ctx, name);
  const results: GateResult[] = [];
  try {
    for (const gate of gates) {
      try {
        results.push(await checkOne(ctx, models, candidate, alias, gate));
      } catch (e) {
        results.push({ gate, passed: false, detail: `could not be checked: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
  } finally {
    await models.close();
  }
  return { name, version, alias, passed: results.every((r) => r.passed), results };
}

async function checkOne(ctx: GateContext, models: ModelCache, candidate: ModelVersion, alias: string, gate: Gate): Promise<GateResult> {
  switch (gate.type) {
    case 'metric': {
      const value = candidate.metrics[gate.metric];
      if (value === undefined) return { gate, passed: false, detail: `the source run has no metric ${gate.metric}` };
      const passed = compare(value, gate.op, gate.value);
      return { gate, passed, detail: `${gate.metric} ${fmt(value)} ${passed ? '' : 'not '}${gate.op} ${gate.value}` };
    }
    case 'beats_current': {
      if (!ctx.data) return { gate, passed: false, detail: 'this server has no datasets to evaluate on' };
      const holder = await ctx.aliasHolder(candidate.name, alias);
      if (!holder) return { gate, passed: true, detail: `no version holds @${alias} yet` };
      if (holder.version === candidate.version) return { gate, passed: true, detail: `version ${holder.version} already holds @${alias}` };
      const table = await ctx.data.table(gate.dataset, gate.file);
      const mine = await scoreOnTable(await models.get(candidate.version), table, gate);
      const theirs = await scoreOnTable(await models.get(holder.version), table, gate);
      const higherIsBetter = gate.metric === 'accuracy';
      const margin = higherIsBetter ? mine - theirs : theirs - mine;
      const passed = margin >= gate.minImprovement - 1e-12;
      const need = gate.minImprovement > 0 ? ` by at least ${gate.minImprovement}` : '';
      return {
        gate,
        passed,
        detail: `${gate.metric} on ${gate.dataset}/${gate.file}: ${fmt(mine)} vs ${fmt(theirs)} for version ${holder.version} (@${alias}); ${passed ? 'at least as good' : 'worse'}${need}`,
      };
    }
    case 'latency': {
      const { p50Ms, p99Ms } = await measureLatency(await models.get(candidate.version), gate.batchSize, gate.runs);
      const passed = p99Ms <= gate.p99Ms;
      return { gate, passed, detail: `p99 ${fmt(p99Ms)} ms (p50 ${fmt(p50Ms)} ms) over ${gate.runs} runs of ${gate.batchSize} row(s); budget ${gate.p99Ms} ms` };
    }
  }
}

/** Each version loaded once per check, closed at the end. */
class ModelCache {
  private readonly loaded = new Map<number, Promise<LoadedModel>>();
  constructor(
    private readonly ctx: GateContext,
    private readonly name: string,
  ) {}

  get(version: number): Promise<LoadedModel> {
    let model = this.loaded.get(version);
    if (!model) {
      model = (async () => {
        const v = await this.ctx.version(this.name, version);
        return loadModel(await this.ctx.files(this.name, version), { format: v.format as LoadedModel['format'] });
      })();
      this.loaded.set(version, model);
    }
    return model;
  }

  async close(): Promise<void> {
    for (const m of this.loaded.values()) await m.then((x) => x.close()).catch(() => undefined);
  }
}

function compare(value: number, op: '>=' | '>' | '<=' | '<', threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
  }
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());

/** Refuses a report that failed, naming each failed gate. */
export function refusal(report: GateReport) {
  const failed = report.results.filter((r) => !r.passed);
  return new FlywheelError(
    'FAILED_PRECONDITION',
    `version ${report.version} of ${report.name} may not take @${report.alias}: ${failed.map((r) => `${r.gate.type} gate failed: ${r.detail}`).join('; ')}`,
    { issues: failed.map((r) => ({ path: `gates.${r.gate.type}`, message: r.detail })) },
  );
}
