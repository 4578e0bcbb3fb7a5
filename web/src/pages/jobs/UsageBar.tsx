/** "3 / 16 CPUs" with a bar that fills as the host fills; past 90% it turns to the warning color. */
export function UsageBar({ label, used, total, format = String, testId }: { label: string; used: number; total: number; format?: (n: number) => string; testId: string }) {
  const share = total > 0 ? Math.min(1, used / total) : 0;
  return (
    <div className="jobs-usage" data-testid={testId} data-used={used} data-total={total}>
      <div className="jobs-usage-text">
        <span>{label}</span>
        <span className="mono">
          {format(used)} / {format(total)}
        </span>
      </div>
      <div className="jobs-usage-bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={used}>
        <div className={'jobs-usage-fill' + (share > 0.9 ? ' full' : '')} style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}
