import type { GateReport } from '../../api/models-types';
import { gateText } from '../models/model-format';

/** Each gate of a check with ✓ or ✗ and what was measured. */
export function GateResults({ report }: { report: GateReport }) {
  if (report.results.length === 0) {
    return (
      <p className="muted" data-testid="gate-check-none">
        @{report.alias} has no gates: nothing to check.
      </p>
    );
  }
  return (
    <ul className="model-gate-results" data-testid="gate-results" data-passed={String(report.passed)}>
      {report.results.map((r, i) => (
        <li key={i} data-testid="gate-result" data-passed={String(r.passed)} className={r.passed ? 'pass' : 'fail'}>
          <span className="model-gate-mark" aria-label={r.passed ? 'passed' : 'failed'}>
            {r.passed ? '✓' : '✗'}
          </span>
          <code className="mono">{gateText(r.gate)}</code>
          <span className="model-gate-detail" data-testid="gate-detail">
            {r.detail}
          </span>
        </li>
      ))}
    </ul>
  );
}
