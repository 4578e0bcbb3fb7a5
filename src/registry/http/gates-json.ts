import type { GateReportWire } from '../../contracts/index.js';
import type { GateReport } from '../gates/gate-types.js';
import { gatesToJson } from '../gates/parse-gates.js';

/** A gate check in the API's JSON: each gate in its file form, with the outcome. */
export function gateReportJson(r: GateReport): GateReportWire {
  const gates = gatesToJson(r.results.map((x) => x.gate));
  return {
    name: r.name,
    version: String(r.version),
    alias: r.alias,
    passed: r.passed,
    results: r.results.map((x, i) => ({ gate: gates[i]!, passed: x.passed, detail: x.detail })),
  };
}
