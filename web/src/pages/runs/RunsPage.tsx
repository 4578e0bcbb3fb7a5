import { useCallback, useMemo, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { getExperiment } from '../../api/tracking';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { splitList } from '../../lib/url-state';
import { useAsync } from '../../lib/use-async';
import { ColumnPicker } from './ColumnPicker';
import { DEFAULT_SORT, defaultColumnIds, formatSort, orderByOf, parseColumn, parseSort, type Column, type Sort } from './columns';
import { FilterBox } from './FilterBox';
import { RunActions } from './RunActions';
import { collectKeys } from './run-rows';
import { RunsTable } from './RunsTable';
import { useRunPages, type ViewType } from './use-run-pages';
import { useSelection } from './use-selection';
import { useViewState } from '../../lib/view-state';
import './runs.css';

const VIEWS: Record<string, ViewType> = { active: 'ACTIVE_ONLY', deleted: 'DELETED_ONLY', all: 'ALL' };
const URL_DEFAULTS = { filter: '', sort: '', columns: '', selected: '', view: 'active' };

/**
 * One experiment's runs. Everything about the view (filter, sort, columns, selection, which
 * lifecycle) is in the URL, so a link reproduces it.
 */
export function RunsPage() {
  const { experimentId = '' } = useParams();
  const [url, setUrl] = useViewState(URL_DEFAULTS);
  const experiment = useAsync(() => getExperiment(experimentId), [experimentId]);

  const sort = parseSort(url.sort) ?? DEFAULT_SORT;
  const orderBy = useMemo(() => orderByOf(parseSort(url.sort)), [url.sort]);
  const viewType = VIEWS[url.view] ?? 'ACTIVE_ONLY';
  const query = useMemo(() => ({ experimentId, filter: url.filter, orderBy, viewType }), [experimentId, url.filter, orderBy, viewType]);
  const pages = useRunPages(query);
  const { rows } = pages;

  const keys = useMemo(() => collectKeys(rows), [rows]);
  // The default columns are chosen once per experiment from the first runs that arrive, so
  // they do not shift as later pages load or a poll brings new values.
  const defaults = useRef<{ experimentId: string; ids: string[] } | undefined>(undefined);
  if (defaults.current?.experimentId !== experimentId && !pages.stale && rows.length > 0) {
    defaults.current = { experimentId, ids: defaultColumnIds(rows, keys) };
  }
  const defaultIds = defaults.current?.experimentId === experimentId ? defaults.current.ids : defaultColumnIds([], keys);
  const columnIds = url.columns ? splitList(url.columns) : defaultIds;
  const columnKey = columnIds.join(',');
  const columns = useMemo(() => splitList(columnKey).flatMap((id) => parseColumn(id) ?? []), [columnKey]);

  const selection = useSelection(rows, url.selected, useCallback((selected: string) => setUrl({ selected }), [setUrl]));
  const sortRef = useRef(sort);
  sortRef.current = sort;
  const onSort = useCallback((column: Column) => {
    const current = sortRef.current;
    const direction = current.column === column.id ? (current.direction === 'asc' ? 'desc' : 'asc') : column.firstDirection;
    const next = formatSort({ column: column.id, direction });
    setUrl({ sort: next === formatSort(DEFAULT_SORT) ? '' : next }, { push: true });
  }, [setUrl]);

  const badRequest = pages.error instanceof ApiError && pages.error.status === 400 ? pages.error : undefined;
  const experimentName = experiment.data?.name;

  if (experiment.error) {
    return (
      <div className="runs-page">
        <Breadcrumb name={experimentId} />
        <div data-testid="runs-error">
          <ErrorMessage error={experiment.error} onRetry={experiment.reload} />
        </div>
      </div>
    );
  }

  return (
    <div className="runs-page" data-testid="runs-page">
      <div className="runs-title">
        <Breadcrumb name={experimentName ?? '…'} />
        <span className="runs-count muted" data-testid="runs-count">
          {pages.error ? '' : countText(rows.length, pages)}
        </span>
        {pages.live && (
          <span className="runs-live muted" data-testid="runs-live" title="Some runs are still running: the table refreshes every 5 seconds">
            <span className="runs-live-dot">●</span> live
          </span>
        )}
      </div>
      <FilterBox
        value={url.filter}
        error={badRequest?.message}
        onApply={(filter) => (filter === url.filter ? pages.refresh() : setUrl({ filter }, { push: true }))}
      />
      <div className="runs-toolbar">
        <RunActions
          rows={rows}
          selected={selection.selected}
          notInUrl={selection.notInUrl}
          onClear={() => selection.set([])}
          onChanged={(ids) => {
            const gone = new Set(ids);
            selection.set([...selection.selected].filter((id) => !gone.has(id)));
            pages.refresh();
          }}
        />
        <span className="runs-spacer" />
        <label className="runs-view">
          Show{' '}
          <select data-testid="runs-view" value={url.view in VIEWS ? url.view : 'active'} onChange={(e) => setUrl({ view: e.target.value }, { push: true })}>
            <option value="active">Active runs</option>
            <option value="deleted">Deleted runs</option>
            <option value="all">Active and deleted</option>
          </select>
        </label>
        <ColumnPicker
          keys={keys}
          shown={columnIds}
          isDefault={!url.columns}
          onChange={(ids) => setUrl({ columns: ids.length > 0 ? ids.join(',') : 'attributes.run_name' })}
          onReset={() => setUrl({ columns: '' })}
        />
      </div>
      {pages.error && !badRequest && (
        <div data-testid="runs-error">
          <ErrorMessage error={pages.error} onRetry={pages.refresh} />
        </div>
      )}
      {pages.refreshError && (
        <div data-testid="runs-error">
          <ErrorMessage error={pages.refreshError} onRetry={pages.refresh} />
        </div>
      )}
      <RunsBody pages={pages} columns={columns} sort={sort} onSort={onSort} selection={selection} filter={url.filter} view={url.view} queryKey={JSON.stringify(query)} />
    </div>
  );
}

function RunsBody({
  pages,
  columns,
  sort,
  onSort,
  selection,
  filter,
  view,
  queryKey,
}: {
  pages: ReturnType<typeof useRunPages>;
  columns: Column[];
  sort: Sort;
  onSort: (c: Column) => void;
  selection: ReturnType<typeof useSelection>;
  filter: string;
  view: string;
  queryKey: string;
}) {
  if (pages.error) return null;
  if (pages.rows.length === 0) {
    if (pages.loading) return <Loading what="Loading runs" />;
    return (
      <p className="empty" data-testid="runs-empty">
        {filter
          ? 'No runs match this filter.'
          : view === 'deleted'
            ? 'No deleted runs in this experiment.'
            : 'No runs in this experiment yet. Runs logged with the Flywheel SDK or any MLflow client are listed here.'}
      </p>
    );
  }
  return (
    <RunsTable
      rows={pages.rows}
      columns={columns}
      selected={selection.selected}
      sort={sort}
      stale={pages.stale}
      queryKey={queryKey}
      onSort={onSort}
      onToggle={selection.toggle}
      onToggleAll={selection.toggleAll}
    />
  );
}

function Breadcrumb({ name }: { name: string }) {
  return (
    <h1 className="runs-breadcrumb">
      <Link to="/experiments">Experiments</Link>
      <span className="muted"> / </span>
      <span data-testid="experiment-name">{name}</span>
    </h1>
  );
}

function countText(n: number, pages: { complete: boolean; loading: boolean; stale: boolean }): string {
  if (pages.stale || (n === 0 && pages.loading)) return 'Loading…';
  const runs = `${n.toLocaleString()} run${n === 1 ? '' : 's'}`;
  if (!pages.complete && pages.loading) return `${runs} loaded, loading more…`;
  return runs;
}
