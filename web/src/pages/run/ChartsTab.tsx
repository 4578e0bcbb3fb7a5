import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Run } from '../../api/types';
import {
  fromAxisRange,
  historyAxisOf,
  MetricChart,
  SamplingNote,
  toAxisRange,
  useMetricHistory,
  X_MODES,
  xLabelOf,
  xValues,
  type KeyHistory,
  type MetricChartSeries,
  type XMode,
  type XRange,
} from '../../components/metric-chart';
import { formatDuration, formatTime } from '../../lib/format';
import { useLiveTail } from '../../lib/live-tail';
import { joinList, splitList } from '../../lib/url-state';
import { MetricKeyPicker } from './MetricKeyPicker';
import type { RunPageUrlState, SetRunPageUrl } from './run-url';

const MIN_CHART_WIDTH = 440;
const GRID_GAP = 12;

/**
 * Points per series to ask the server for: about one per pixel of a chart's plot area (the
 * min/max buckets give two points per two pixels). Fixed at mount so a resize does not
 * reload every chart.
 */
function estimateMaxPoints(): number {
  const content = Math.max(320, window.innerWidth - 40);
  const columns = Math.max(1, Math.floor((content + GRID_GAP) / (MIN_CHART_WIDTH + GRID_GAP)));
  const plot = (content - (columns - 1) * GRID_GAP) / columns - 80;
  return Math.min(2000, Math.max(300, Math.round(plot / 50) * 50));
}

const isXMode = (v: string): v is XMode => X_MODES.some((m) => m.value === v);

/** One chart per metric key of the run, with the chart settings in the URL; live while RUNNING. */
export function ChartsTab({ run, url, setUrl }: { run: Run; url: RunPageUrlState; setUrl: SetRunPageUrl }) {
  const info = run.info;
  const runId = info.run_id;
  const running = info.status === 'RUNNING';
  const xMode: XMode = isXMode(url.x) ? url.x : 'step';
  const logScale = url.log === '1';
  const smoothing = Math.min(0.99, Math.max(0, Number.parseFloat(url.smooth) || 0));
  const allKeys = useMemo(() => [...new Set((run.data.metrics ?? []).map((m) => m.key))].sort((a, b) => a.localeCompare(b)), [run.data.metrics]);
  const selected = useMemo(() => splitList(url.keys), [url.keys]);
  const shownKeys = useMemo(() => (selected.length > 0 ? selected : allKeys), [selected, allKeys]);
  const [maxPoints] = useState(estimateMaxPoints);
  const runIds = useMemo(() => [runId], [runId]);

  const history = useMetricHistory({ runIds, keys: shownKeys, axis: historyAxisOf(xMode), maxPoints });
  const live = useLiveTail({ runIds, enabled: running, onStart: history.reloadAll, onPoints: history.applyLive });

  // When the run ends, read once more: the tail stops and the last points must not be missed.
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) history.reloadAll();
    wasRunning.current = running;
  }, [running, history]);

  const onZoom = useCallback(
    (key: string, range: XRange | null) => history.setZoom(key, range ? toAxisRange(range, xMode, info.start_time) : null),
    [history, xMode, info.start_time],
  );

  return (
    <div className="run-charts">
      <div className="chart-controls">
        <label>
          X axis{' '}
          <select data-testid="x-axis-select" value={xMode} onChange={(e) => setUrl({ x: e.target.value })}>
            {X_MODES.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" data-testid="log-scale-toggle" checked={logScale} onChange={(e) => setUrl({ log: e.target.checked ? '1' : '' })} />
          Log scale
        </label>
        <label className="smoothing">
          Smoothing
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            data-testid="smoothing-slider"
            aria-label="Smoothing"
            onChange={(e) => setUrl({ smooth: e.target.value === '0' ? '0' : String(Number(e.target.value)) })}
          />
          <span className="mono smoothing-value">{smoothing.toFixed(2)}</span>
        </label>
        <MetricKeyPicker
          allKeys={allKeys}
          selected={selected}
          onChange={(keys) => setUrl({ keys: keys.length === allKeys.length && keys.every((k) => allKeys.includes(k)) ? '' : joinList(keys) })}
        />
        <span className="chart-hint muted">Drag to zoom, double-click to reset</span>
        {running && (
          <span className={'live-indicator' + (live.active ? ' on' : '')} data-testid="live-indicator" title={live.lastPollAt ? `Last update ${formatTime(live.lastPollAt)}` : undefined}>
            {live.active ? 'Live' : 'Connecting…'}
          </span>
        )}
      </div>
      {live.error && (
        <div className="field-error" role="alert" data-testid="live-error">
          Live updates failed: {live.error.message} (retrying)
        </div>
      )}
      {shownKeys.length === 0 ? (
        <p className="empty">{allKeys.length === 0 ? 'This run has no metrics.' : 'No metric selected.'}</p>
      ) : (
        <div className="chart-grid" data-testid="charts-grid" style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${MIN_CHART_WIDTH}px, 1fr))`, gap: GRID_GAP }}>
          {shownKeys.map((key) => (
            <RunMetricChart
              key={key}
              metricKey={key}
              view={history.get(key)}
              label={info.run_name || runId}
              xMode={xMode}
              startTime={info.start_time}
              logScale={logScale}
              smoothing={smoothing}
              onZoom={onZoom}
            />
          ))}
        </div>
      )}
    </div>
  );
}

const formatRelative = (s: number) => (s < 0 ? `-${formatDuration(-s * 1000)}` : formatDuration(s * 1000));

const RunMetricChart = memo(function RunMetricChart(props: {
  metricKey: string;
  view: KeyHistory | undefined;
  label: string;
  xMode: XMode;
  startTime: number;
  logScale: boolean;
  smoothing: number;
  onZoom: (key: string, range: XRange | null) => void;
}) {
  const { metricKey, view, label, xMode, startTime, onZoom } = props;
  const series = useMemo<MetricChartSeries[]>(
    () => (view?.series ?? []).map((s) => ({ label, x: xValues(s, xMode, startTime), y: s.values })),
    [view?.series, label, xMode, startTime],
  );
  const zoom = view?.zoom ? fromAxisRange(view.zoom, xMode, startTime) : null;
  const handleZoom = useCallback((range: XRange | null) => onZoom(metricKey, range), [onZoom, metricKey]);
  return (
    <MetricChart
      title={metricKey}
      metricKey={metricKey}
      series={series}
      xType={xMode === 'time' ? 'time' : 'number'}
      integerX={xMode === 'step'}
      xLabel={xLabelOf(xMode)}
      {...(xMode === 'relative' ? { formatX: formatRelative } : {})}
      logScale={props.logScale}
      smoothing={props.smoothing}
      zoom={zoom}
      onZoom={handleZoom}
      loading={view === undefined || view.loading || view.zoomLoading}
      error={view?.error}
      note={view?.sampling ? <SamplingNote sampling={view.sampling} metricKey={metricKey} /> : undefined}
    />
  );
});
