import type { ModelSignature, TensorSpec } from '../../api/models-types';

/** The model's inputs and outputs: name, datatype and shape (-1: any size). */
export function SignatureTable({ signature }: { signature: ModelSignature }) {
  const rows: (readonly ['input' | 'output', TensorSpec])[] = [...signature.inputs.map((t) => ['input', t] as const), ...signature.outputs.map((t) => ['output', t] as const)];
  if (rows.length === 0) return <p className="empty">No signature was recorded.</p>;
  return (
    <table className="simple model-signature-table" data-testid="signature-table">
      <thead>
        <tr>
          <th></th>
          <th>Name</th>
          <th>Datatype</th>
          <th>Shape</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([kind, t], i) => (
          <tr key={i} data-testid="signature-row" data-kind={kind} data-name={t.name}>
            <td className="muted">{kind}</td>
            <td className="mono">{t.name}</td>
            <td className="mono" data-testid="signature-datatype">
              {t.datatype}
            </td>
            <td className="mono" data-testid="signature-shape">
              [{t.shape.join(', ')}]
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
