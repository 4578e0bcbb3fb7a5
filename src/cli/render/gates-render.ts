import type { GateCheck } from '../../sdk/index.js';

/** One line per gate: ✓/✗, its kind, what was measured; then the verdict. */
export function renderGateCheck(r: GateCheck): string {
  const lines = r.results.map((x) => `  ${x.passed ? '✓' : '✗'} ${gateKind(x.gate)}: ${x.detail}`);
  const verdict = r.results.length === 0 ? `${r.name}@${r.alias} has no gates` : `${r.name} v${r.version} ${r.passed ? 'passes' : 'fails'} the gates of @${r.alias}`;
  return `${verdict}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** Each alias with its gates in their file form. */
export function renderGates(gates: Record<string, unknown[]>): string {
  const aliases = Object.keys(gates).sort();
  if (aliases.length === 0) return 'no gates: every alias may point at any version\n';
  return aliases.map((a) => `@${a}\n${gates[a]!.map((g) => `  - ${gateKind(g)}: ${gateText(g)}\n`).join('')}`).join('');
}

function gateKind(gate: unknown): string {
  return gate !== null && typeof gate === 'object' ? (Object.keys(gate)[0] ?? '?') : '?';
}

function gateText(gate: unknown): string {
  const body = (gate as Record<string, unknown>)[gateKind(gate)];
  if (gateKind(gate) === 'metric' && body && typeof body === 'object') {
    const m = body as { metric: string; op: string; value: number };
    return `${m.metric} ${m.op} ${m.value}`;
  }
  return JSON.stringify(body);
}
