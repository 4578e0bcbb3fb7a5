import { useMemo } from 'react';
import { Link } from 'react-router';
import { Loading } from '../../components/Loading';
import { joinList, splitList } from '../../lib/url-state';
import { useViewState } from '../../lib/view-state';
import { CompareHeader } from './CompareHeader';
import { type ComparedRun, defaultMetric, differingKeys, isNumericParam, unionKeys } from './compare-data';
import { DiffTable } from './DiffTable';
import { type ChartSettings, MetricCharts } from './MetricCharts';
import { ParallelCoordinates } from './ParallelCoordinates';
import { ScatterPlot } from './ScatterPlot';
import { useComparedRuns } from './use-compared-runs';
import { X_AXIS_MODES, type XAxisMode } from './use-compare-history';
import './compare.css';

/**
 * The view's state, all in the URL so a comparison can be shared as a link. Empty means the
 * default: `keys` empty charts the first few metrics, NONE charts none.
 */
const URL_DEFAULTS = {
  runs: '',
  /** Charted metric keys. */
  keys: '',
  x: 'step',
  log: '',
  smooth: '',
  xmin: '',
  xmax: '',
  /** The parallel coordinates' color metric. */
  pc: '',
  /** Scatter x (a param) and y (a metric). */
  sx: '',
  sy: '',
  /** Diff table: show params that are the same; show tags. */
  all: '',
  tags: '',
};
const NONE = '~';
/** Charts shown before the user picks: more would bury the rest of the page. */
const DEFAULT_CHARTS = 12;

function defaultScatterParam(runs: readonly ComparedRun[], params: readonly string[]): string | undefined {
  const differing = differingKeys(runs, (r) => r.params);
  return differing.find((k) => isNumericParam(runs, k)) ?? differing[0] ?? params[0];
}

/** `/compare?runs=a,b,c`: the given runs side by side in charts, parallel coordinates, a scatter and a diff table. */
export function ComparePage() {
  const [url, setUrl] = useViewState(URL_DEFAULTS);
  const ids = useMemo(() => [...new Set(splitList(url.runs).map((id) => id.trim()).filter(Boolean))], [url.runs]);
  const { runs, failures, loading, retry } = useComparedRuns(ids);

  const params = useMemo(() => unionKeys(runs, (r) => r.params), [runs]);
  const differingParams = useMemo(() => (runs.length > 0 ? differingKeys(runs, (r) => r.params) : []), [runs]);
  const metricKeys = useMemo(() => unionKeys(runs, (r) => r.metrics), [runs]);

  const defaultCharted = metricKeys.slice(0, DEFAULT_CHARTS);
  const charted = url.keys === '' ? defaultCharted : url.keys === NONE ? [] : splitList(url.keys).filter((k) => metricKeys.includes(k));
  const chooseCharts = (keys: string[]) =>
    setUrl({ keys: keys.length === 0 ? NONE : joinList(keys) === joinList(defaultCharted) ? '' : joinList(keys) });

  const xAxis: XAxisMode = (X_AXIS_MODES as readonly string[]).includes(url.x) ? (url.x as XAxisMode) : 'step';
  const xmin = Number(url.xmin);
  const xmax = Number(url.xmax);
  const settings: ChartSettings = {
    xAxis,
    logScale: url.log === '1',
    smoothing: Math.min(0.99, Math.max(0, Number(url.smooth) || 0)),
    zoom: url.xmin !== '' && url.xmax !== '' && Number.isFinite(xmin) && Number.isFinite(xmax) && xmin < xmax ? { min: xmin, max: xmax } : undefined,
  };
  const changeSettings = (patch: Partial<ChartSettings>) =>
    setUrl({
      ...(patch.xAxis !== undefined ? { x: patch.xAxis } : {}),
      ...(patch.logScale !== undefined ? { log: patch.logScale ? '1' : '' } : {}),
      ...(patch.smoothing !== undefined ? { smooth: patch.smoothing > 0 ? String(patch.smoothing) : '' } : {}),
      ...('zoom' in patch ? { xmin: patch.zoom ? String(patch.zoom.min) : '', xmax: patch.zoom ? String(patch.zoom.max) : '' } : {}),
    });

  const pcMetric = metricKeys.includes(url.pc) ? url.pc : defaultMetric(metricKeys);
  const scatterX = params.includes(url.sx) ? url.sx : defaultScatterParam(runs, params);
  const scatterY = metricKeys.includes(url.sy) ? url.sy : pcMetric;

  const remove = (id: string) => setUrl({ runs: joinList(ids.filter((r) => r !== id)) }, { push: true });

  if (ids.length === 0) {
    return (
      <div className="cmp-page" data-testid="compare-empty">
        <h1>Compare runs</h1>
        <p className="empty">
          No runs to compare. Open an experiment from the <Link to="/experiments">experiments list</Link>, tick two or more runs in its runs table and choose
          <strong> Compare</strong>. The page's address lists the runs (<span className="mono">/compare?runs=id1,id2</span>), so a comparison can be shared
          as a link.
        </p>
      </div>
    );
  }

  return (
    <div className="cmp-page" data-testid="compare-page">
      <h1>
        Compare {ids.length} {ids.length === 1 ? 'run' : 'runs'}
      </h1>
      <CompareHeader runs={runs} failures={failures} onRemove={remove} onRetry={retry} />
      {loading && runs.length === 0 && failures.length === 0 ? (
        <Loading what="Loading runs" />
      ) : runs.length === 0 ? null : (
        <>
          <MetricCharts runs={runs} metricKeys={metricKeys} chosen={charted} settings={settings} onChoose={chooseCharts} onSettings={changeSettings} />
          <ParallelCoordinates runs={runs} params={differingParams} metricKeys={metricKeys} metric={pcMetric} onMetricChange={(pc) => setUrl({ pc })} />
          <ScatterPlot
            runs={runs}
            paramKeys={params}
            metricKeys={metricKeys}
            x={scatterX}
            y={scatterY}
            onChange={(p) => setUrl({ ...(p.x !== undefined ? { sx: p.x } : {}), ...(p.y !== undefined ? { sy: p.y } : {}) })}
          />
          <DiffTable
            runs={runs}
            showAll={url.all === '1'}
            showTags={url.tags === '1'}
            onChange={(p) => setUrl({ ...(p.showAll !== undefined ? { all: p.showAll ? '1' : '' } : {}), ...(p.showTags !== undefined ? { tags: p.showTags ? '1' : '' } : {}) })}
          />
        </>
      )}
    </div>
  );
}
