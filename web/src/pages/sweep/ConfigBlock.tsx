/** The sweep file as it was given, folded away until asked for. */
export function ConfigBlock({ config }: { config: string }) {
  return (
    <details className="sweep-config" data-testid="sweep-config">
      <summary>Sweep file (YAML)</summary>
      <pre className="mono">{config}</pre>
    </details>
  );
}
