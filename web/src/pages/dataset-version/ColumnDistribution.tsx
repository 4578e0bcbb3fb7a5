import type { ColumnProfile } from '../../api/data-types';
import { formatNumber } from '../../lib/format';
import { barFractions, binLabel, formatStat, histogramRange, isIntegerType } from './profile-format';

/** Top values shown per column (the profile keeps up to ten). */
const TOP_SHOWN = 5;

/** A column's histogram (numeric columns) or its most frequent values (others); nothing when it has neither. */
export function ColumnDistribution({ column }: { column: ColumnProfile }) {
  if (column.histogram && column.histogram.length > 0) return <Histogram column={column} bins={column.histogram} />;
  if (column.top_values && column.top_values.length > 0) return <TopValues values={column.top_values} />;
  return <span className="muted">—</span>;
}

function Histogram({ column, bins }: { column: ColumnProfile; bins: NonNullable<ColumnProfile['histogram']> }) {
  const fractions = barFractions(bins.map((b) => b.count));
  const integer = isIntegerType(column.type);
  const span = histogramRange(bins, integer)!;
  return (
    <div className="dsv-histogram" data-testid="histogram" role="img" aria-label={`Histogram of ${column.name}`}>
      <div className="dsv-histogram-bars">
        {bins.map((b, i) => (
          <div key={i} className="dsv-histogram-bin" title={`${binLabel(b, integer)}: ${b.count}`} data-testid="histogram-bar" data-count={b.count}>
            {/* An empty bin keeps a hairline, so the axis reads as continuous. */}
            <div className="dsv-histogram-fill" style={{ height: `${Math.max(fractions[i]! * 100, b.count > 0 ? 4 : 0)}%` }} />
          </div>
        ))}
      </div>
      <div className="dsv-histogram-axis muted">
        <span>{formatStat(span.from)}</span>
        <span>{formatStat(span.to)}</span>
      </div>
    </div>
  );
}

function TopValues({ values }: { values: NonNullable<ColumnProfile['top_values']> }) {
  const shown = values.slice(0, TOP_SHOWN);
  const fractions = barFractions(shown.map((v) => v.count));
  return (
    <ol className="dsv-top-values" data-testid="top-values">
      {shown.map((v, i) => (
        <li key={v.value} data-testid="top-value" data-value={v.value} data-count={v.count} title={`${v.value}: ${v.count}`}>
          <span className="dsv-top-value">{v.value === '' ? <span className="muted">(empty)</span> : v.value}</span>
          <span className="dsv-top-bar">
            <span style={{ width: `${fractions[i]! * 100}%` }} />
          </span>
          <span className="dsv-top-count muted">{formatNumber(v.count)}</span>
        </li>
      ))}
      {values.length > shown.length && <li className="muted dsv-top-more">{values.length - shown.length} more in the profile</li>}
    </ol>
  );
}
