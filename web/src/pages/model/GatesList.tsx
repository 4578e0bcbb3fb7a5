import type { GateSpec } from '../../api/models-types';
import { gateText } from '../models/model-format';

/** Each alias's gates, read-only, as the lines of a gates file (`fw models gates NAME ALIAS --file gates.yaml`). */
export function GatesList({ name, gates }: { name: string; gates: Record<string, GateSpec[]> }) {
  const aliases = Object.keys(gates).sort();
  if (aliases.length === 0) {
    return (
      <p className="empty">
        No gates: any version may take any alias. Set some with <code className="mono">fw models gates {name} production --file gates.yaml</code>.
      </p>
    );
  }
  return (
    <div className="model-gates" data-testid="model-gates">
      {aliases.map((alias) => (
        <div key={alias} data-testid="alias-gates" data-alias={alias}>
          <h3 className="model-gates-alias">@{alias}</h3>
          <pre className="model-code">
            {gates[alias]!.map((g, i) => (
              <span key={i} data-testid="gate-line">
                - {gateText(g)}
                {'\n'}
              </span>
            ))}
          </pre>
        </div>
      ))}
    </div>
  );
}
