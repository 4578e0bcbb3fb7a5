import { useEffect, useState } from 'react';
import { listVersionFiles, QUERY_MAX_ROWS, queryVersion } from '../../api/data';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../lib/use-async';
import { CellValue } from './CellValue';

/** Files a query can name (the server's TABULAR_EXTENSIONS). */
const TABULAR = /\.(csv|tsv|parquet|jsonl|ndjson)$/i;
/** Files read to offer tables to start from; a query can still name any other. */
const LISTED_FILES = 1000;

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const starterSql = (path: string) => `select * from ${sqlString(path)} limit 100`;

interface Props {
  name: string;
  refNumber: string;
  /** The SQL last run, from the URL ('' before any). */
  sql: string;
  onRun: (sql: string) => void;
}

/** DuckDB SQL over the version's tabular files, which are named by their paths. */
export function QueryTab({ name, refNumber, sql, onRun }: Props) {
  const key = `${name}@${refNumber}`;
  const [draft, setDraft] = useState(sql);
  // Back/forward or a shared link changes the SQL run: show it.
  useEffect(() => setDraft(sql), [sql]);
  const [nonce, setNonce] = useState(0);

  const files = useAsync(async (signal) => (await listVersionFiles(name, refNumber, { maxResults: LISTED_FILES }, signal)).files, [key]);
  const tables = (files.data ?? []).filter((f) => TABULAR.test(f.path)).map((f) => f.path);
  const result = useAsync(
    async (signal) => ({ run: `${key}\n${sql}\n${nonce}`, result: sql.trim() === '' ? undefined : await queryVersion(name, refNumber, sql, signal) }),
    [key, sql, nonce],
  );
  const current = result.data?.run === `${key}\n${sql}\n${nonce}` ? result.data.result : undefined;

  const run = () => {
    const text = draft.trim();
    if (text === '') return;
    if (text === sql) setNonce((n) => n + 1);
    else onRun(text);
  };

  return (
    <div className="dsv-query" data-testid="query-tab">
      <form
        className="dsv-query-form"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <textarea
          className="mono dsv-sql"
          data-testid="query-sql"
          aria-label="SQL"
          rows={6}
          spellCheck={false}
          placeholder={tables[0] ? starterSql(tables[0]) : "select * from 'labels.csv' limit 100"}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              run();
            }
          }}
        />
        <div className="dsv-query-bar">
          <button type="submit" className="primary" data-testid="query-run" disabled={draft.trim() === '' || (result.loading && sql !== '')}>
            Run
          </button>
          <span className="muted dsv-hint">Ctrl+Enter runs it. DuckDB SQL, read-only; files are tables named by their paths. At most {QUERY_MAX_ROWS} rows come back.</span>
        </div>
        {tables.length > 0 && (
          <div className="dsv-query-tables" data-testid="query-tables">
            <span className="muted">Tables:</span>
            {tables.slice(0, 50).map((t) => (
              <button key={t} type="button" className="link-button mono" data-testid="query-table" data-path={t} title="Start a query on this file" onClick={() => setDraft(starterSql(t))}>
                {t}
              </button>
            ))}
            {tables.length > 50 && <span className="muted">and {tables.length - 50} more</span>}
          </div>
        )}
      </form>
      {sql === '' ? null : result.loading ? (
        <Loading what="Running the query" />
      ) : result.error ? (
        <div className="error-message dsv-query-error" role="alert" data-testid="query-error">
          <strong>The query failed.</strong>
          <pre>{result.error.message}</pre>
        </div>
      ) : (
        current && (
          <div className="dsv-query-result" data-testid="query-result">
            <p className="muted dsv-query-count" data-testid="query-count">
              {current.rows.length} row{current.rows.length === 1 ? '' : 's'}
              {current.truncated ? ` (the first ${current.rows.length}; there are more)` : ''}
            </p>
            <div className="dsv-scroll">
              <table className="simple dsv-rows" data-testid="query-rows">
                <thead>
                  <tr>
                    {current.columns.map((c, i) => (
                      <th key={i} title={c.type}>
                        {c.name} <span className="dsv-col-type-head">{c.type}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {current.rows.map((row, i) => (
                    <tr key={i} data-testid="query-row">
                      {current.columns.map((_, j) => (
                        <td key={j}>
                          <CellValue value={row[j]} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )
      )}
    </div>
  );
}
