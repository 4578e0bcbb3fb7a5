import { useEffect, useMemo, useRef, useState } from 'react';
import { MetricChart, type MetricChartSeries, type XRange } from '../../components/metric-chart/MetricChart';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDuration } from '../../lib/format';
import { useLiveTail } from '../../lib/live-tail';
import type { ComparedRun } from './compare-data';
import { useElementWidth } from './scale';
import { useCompareHistory, X_AXIS_LABELS, X_AXIS_MODES, type XAxisMode } from './use-compare-history';

const MIN_CHART_WIDTH = 420;
const GAP = 12;
// Points per request in all (runs × keys × max_points): past this, each line gets fewer points
// than the chart has pixels, so a comparison of 300 runs × 20 metrics stays a few MB.
const POINT_BUDGET = 1_500_000;
const MIN_POINTS = 50;
const SMOOTHING_COMMIT_MS = 250;

export interface ChartSettings {
  xAxis: XAxisMode;
  logScale: boolean;
  smoothing: number;
  zoom: XRange | undefined;
}

/** How many points to ask per line: about one per pixel of a chart, rounded so resizing rarely refetches. */
function pointsPerLine(gridWidth: number, lines: number): number {
  const columns = Math.max(1, Math.floor((gridWidth + GAP) / (MIN_CHART_WIDTH + GAP)));
  const chartWidth = (gridWidth - GAP * (columns - 1)) / columns;
  const byWidth = Math.ceil(chartWidth / 100) * 100;
  const byBudget = Math.floor(POINT_BUDGET / Math.max(1, lines));
  return Math.max(MIN_POINTS, Math.min(byWidth, byBudget));
}

function KeyPicker({ keys, chosen, onChange }: { keys: readonly string[]; chosen: readonly string[]; onChange: (keys: string[]) => void }) {
  const [filter, setFilter] = useState('');
  const ref = useRef<HTMLDetailsElement>(null);
  // A dropdown closes on a click elsewhere or Escape, which <details> alone does not do.
  useEffect(() => {
    const close = (e: Event) => {
      const el = ref.current;
      if (el?.open && (e instanceof KeyboardEvent ? e.key === 'Escape' : !el.contains(e.target as Node))) el.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const chosenSet = new Set(chosen);
  const shown = keys.filter((k) => k.toLowerCase().includes(filter.toLowerCase()));
  const toggle = (key: string) => onChange(keys.filter((k) => (k === key ? !chosenSet.has(k) : chosenSet.has(k))));
  return (
    <details className="cmp-picker" data-testid="compare-key-picker" ref={ref}>
      <summary>
        Metrics: {chosen.length} of {keys.length}
      </summary>
      <div className="cmp-picker-menu">
        <input type="search" placeholder="Filter metrics" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter metrics" />
        <div className="cmp-picker-actions">
          <button type="button" className="link-button" onClick={() => onChange([...new Set([...chosen, ...shown])])}>
            All{filter ? ' shown' : ''}
          </button>
          <button type="button" className="link-button" onClick={() => onChange(chosen.filter((k) => !shown.includes(k)))}>
            None{filter ? ' shown' : ''}
          </button>
        </div>
        <ul>
          {shown.map((k) => (
            <li key={k}>
              <label>
                <input type="checkbox" data-testid="compare-key-option" data-key={k} checked={chosenSet.has(k)} onChange={() => toggle(k)} /> {k}
              </label>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

/**
 * One chart per chosen metric key, each run a line in its color, all fetched in one
 * downsampled history-bulk call. Zooming a chart zooms them all and refetches that range.
 */
export function MetricCharts({
  runs,
  metricKeys,
  chosen,
  settings,
  onChoose,
  onSettings,
}: {
  runs: readonly ComparedRun[];
  metricKeys: readonly string[];
  chosen: readonly string[];
  settings: ChartSettings;
  onChoose: (keys: string[]) => void;
  onSettings: (patch: Partial<ChartSettings>) => void;
}) {
  const [measure, gridWidth] = useElementWidth<HTMLDivElement>();
  const maxPoints = pointsPerLine(gridWidth, runs.length * chosen.length);
  const history = useCompareHistory({
    runs,
    keys: gridWidth > 0 ? chosen : [],
    maxPoints,
    xAxis: settings.xAxis,
    zoom: settings.zoom ? [settings.zoom.min, settings.zoom.max] : undefined,
  });
  // Live: while a compared run is RUNNING, the tail endpoint is polled for new points of the
  // charted keys; when some arrive, the downsampled series (about a chart's width of points
  // per line, never the whole history) are read again, so every line stays drawn the same way.
  const running = runs.some((r) => r.status === 'RUNNING');
  const liveRunIds = useMemo(() => runs.map((r) => r.id), [runs]);
  const reload = history.reload;
  useLiveTail({
    runIds: liveRunIds,
    keys: chosen,
    enabled: running && chosen.length > 0 && gridWidth > 0,
    maxPointsPerPoll: 1000,
    onStart: reload,
    onPoints: (points) => {
      if (points.length > 0) reload();
    },
  });
  const runById = useMemo(() => new Map(runs.map((r) => [r.id, r])), [runs]);
  const charts = useMemo(
    () =>
      chosen.map((key) => {
        const lines = history.byKey.get(key) ?? [];
        const series: MetricChartSeries[] = lines.map((l) => ({ label: runById.get(l.runId)?.name ?? l.runId, color: runById.get(l.runId)?.color ?? 'var(--fg-muted)', x: l.x, y: l.y }));
        const shown = lines.reduce((n, l) => n + l.x.length, 0);
        const total = lines.reduce((n, l) => n + l.totalPoints, 0);
        return { key, series, shown, total };
      }),
    [chosen, history.byKey, runById],
  );

  // The slider drags through many values: draw each at once, write the URL once it rests
  // (browsers throttle a page that replaces its history entry hundreds of times a second).
  const [smoothingDraft, setSmoothingDraft] = useState<number | undefined>();
  const smoothing = smoothingDraft ?? settings.smoothing;
  const onSettingsRef = useRef(onSettings);
  onSettingsRef.current = onSettings;
  useEffect(() => {
    if (smoothingDraft === undefined) return undefined;
    const timer = setTimeout(() => {
      onSettingsRef.current({ smoothing: smoothingDraft });
      setSmoothingDraft(undefined);
    }, SMOOTHING_COMMIT_MS);
    return () => clearTimeout(timer);
  }, [smoothingDraft]);

  const xAxis = settings.xAxis;
  return (
    <section className="cmp-section" aria-label="Metric charts">
      <div className="cmp-toolbar">
        <h2>Metrics</h2>
        {metricKeys.length > 0 && <KeyPicker keys={metricKeys} chosen={chosen} onChange={onChoose} />}
        <label>
          x axis{' '}
          <select data-testid="compare-x-axis" value={xAxis} onChange={(e) => onSettings({ xAxis: e.target.value as XAxisMode, zoom: undefined })}>
            {X_AXIS_MODES.map((m) => (
              <option key={m} value={m}>
                {X_AXIS_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" data-testid="compare-log-scale" checked={settings.logScale} onChange={(e) => onSettings({ logScale: e.target.checked })} /> Log scale
        </label>
        <label className="cmp-smoothing">
          Smoothing{' '}
          <input
            type="range"
            data-testid="compare-smoothing"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(e) => setSmoothingDraft(Number(e.target.value))}
          />{' '}
          <span className="mono">{smoothing.toFixed(2)}</span>
        </label>
        {settings.zoom && (
          <button type="button" data-testid="compare-reset-zoom" onClick={() => onSettings({ zoom: undefined })}>
            Reset zoom
          </button>
        )}
        {history.loading && gridWidth > 0 && chosen.length > 0 && <span className="muted">loading…</span>}
      </div>
      {history.error && <ErrorMessage error={history.error} onRetry={history.reload} />}
      {metricKeys.length === 0 ? (
        <p className="empty">These runs have logged no metrics.</p>
      ) : chosen.length === 0 ? (
        <p className="empty">No metrics chosen: pick some in the Metrics menu.</p>
      ) : null}
      <div className="cmp-chart-grid" ref={measure} data-testid="compare-charts">
        {charts.map((c) => (
          <MetricChart
            key={c.key}
            title={c.key}
            metricKey={c.key}
            series={c.series}
            xLabel={X_AXIS_LABELS[xAxis]}
            xType={xAxis === 'time' ? 'time' : 'number'}
            {...(xAxis === 'relative' ? { formatX: (s: number) => formatDuration(s * 1000) } : {})}
            logScale={settings.logScale}
            smoothing={smoothing}
            zoom={settings.zoom ?? null}
            onZoom={(range) => onSettings({ zoom: range ?? undefined })}
            loading={history.loading}
            note={
              settings.zoom
                ? `${c.shown.toLocaleString()} of ${c.total.toLocaleString()} points, in the zoomed range`
                : c.shown < c.total
                  ? `${c.shown.toLocaleString()} of ${c.total.toLocaleString()} points shown (downsampled)`
                  : undefined
            }
          />
        ))}
      </div>
    </section>
  );
}
