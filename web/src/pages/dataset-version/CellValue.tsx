/**
 * A JSON value from a table (a sample row, a query result): null dimmed, structures as JSON,
 * numbers in full (a data view must not round an id or a measurement).
 */
export function CellValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">null</span>;
  if (typeof value === 'object') return <span className="mono">{JSON.stringify(value)}</span>;
  return <>{String(value)}</>;
}
