import type { TableProfile } from '../../api/data-types';
import { formatNumber } from '../../lib/format';
import { ColumnDistribution } from './ColumnDistribution';
import { formatShare, formatStat, quantileLabel } from './profile-format';
import { CellValue } from './CellValue';

/** One table of the profile: rows, each column's statistics and distribution, and the first rows. */
export function TableProfileView({ table }: { table: TableProfile }) {
  return (
    <section className="dsv-table-profile" data-testid="table-profile" data-path={table.path}>
      <h3>
        <span className="mono">{table.path}</span>{' '}
        <span className="muted dsv-table-meta">
          {table.format} ·{' '}
          <span data-testid="table-rows">
            {formatNumber(table.row_count)} row{table.row_count === 1 ? '' : 's'}
          </span>{' '}
          · {table.columns.length} column{table.columns.length === 1 ? '' : 's'}
        </span>
      </h3>
      {table.error && (
        <div className="error-message" role="alert" data-testid="table-error">
          <strong>This file could not be read.</strong> <span>{table.error}</span>
        </div>
      )}
      {table.columns.length > 0 && (
        <div className="dsv-scroll">
          <table className="simple dsv-columns" data-testid="column-stats">
            <thead>
              <tr>
                <th>Column</th>
                <th>Type</th>
                <th className="num">Missing</th>
                <th className="num">Distinct</th>
                <th className="num">Min</th>
                <th className="num">Max</th>
                <th className="num">Mean</th>
                <th>Quantiles</th>
                <th>Distribution</th>
              </tr>
            </thead>
            <tbody>
              {table.columns.map((c) => (
                <tr key={c.name} data-testid="column-row" data-column={c.name}>
                  <td className="dsv-col-name">{c.name}</td>
                  <td className="mono dsv-col-type">{c.type}</td>
                  <td className="num" data-testid="column-missing">
                    {formatShare(c.missing, table.row_count)}
                  </td>
                  <td className="num" data-testid="column-distinct">
                    {formatNumber(c.distinct)}
                  </td>
                  <td className="num dsv-stat" data-testid="column-min">
                    {formatStat(c.min)}
                  </td>
                  <td className="num dsv-stat" data-testid="column-max">
                    {formatStat(c.max)}
                  </td>
                  <td className="num dsv-stat" data-testid="column-mean">
                    {formatStat(c.mean)}
                  </td>
                  <td className="dsv-quantiles" data-testid="column-quantiles">
                    {c.quantiles && c.quantiles.length > 0 ? (
                      c.quantiles.map((q) => (
                        <span key={q.p} className="dsv-quantile" data-p={q.p}>
                          <span className="muted">{quantileLabel(q.p)}</span> {formatStat(q.value)}
                        </span>
                      ))
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="dsv-distribution">
                    <ColumnDistribution column={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {table.sample.length > 0 && <SampleRows table={table} />}
    </section>
  );
}

function SampleRows({ table }: { table: TableProfile }) {
  // The columns' order; a sample row may also hold keys the columns do not (it should not, but shows them).
  const names = [...new Set([...table.columns.map((c) => c.name), ...table.sample.flatMap((r) => Object.keys(r))])];
  return (
    <details className="dsv-sample" open>
      <summary>
        First {table.sample.length} row{table.sample.length === 1 ? '' : 's'}
      </summary>
      <div className="dsv-scroll">
        <table className="simple dsv-rows" data-testid="sample-rows">
          <thead>
            <tr>
              {names.map((n) => (
                <th key={n}>{n}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.sample.map((row, i) => (
              <tr key={i} data-testid="sample-row">
                {names.map((n) => (
                  <td key={n}>
                    <CellValue value={row[n]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
