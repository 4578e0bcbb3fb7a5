import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../../lib/format';
import { alignLines, nearestIndex, smoothEma, sortedLine, type PlotLine } from './chart-data';
import { cssVar, resolveColor, seriesColor, withAlpha } from './colors';
import './metric-chart.css';
import { useThemeVersion } from './use-theme-version';

/** One line: a run's values of the chart's metric. */
export interface MetricChartSeries {
  label: string;
  /** Any CSS colour, `var(--x)` included; the palette's i-th colour when left out. */
  color?: string;
  /** Ascending x (a series that is not is sorted first). Seconds since epoch for `xType: 'time'`. */
  x: ArrayLike<number>;
  /** NaN and ±Infinity are drawn as gaps and shown as such on hover. */
  y: ArrayLike<number>;
}

/** An x range in the chart's own x units. */
export interface XRange {
  min: number;
  max: number;
}

export interface MetricChartProps {
  title: string;
  /** The metric key, for `data-key` (the title when left out). */
  metricKey?: string;
  series: readonly MetricChartSeries[];
  xLabel?: string;
  /** 'time': x is seconds since epoch, shown as dates; 'number' (default) otherwise. */
  xType?: 'number' | 'time';
  /** x takes whole values only (steps): no ticks between them when zoomed in far. */
  integerX?: boolean;
  /** How the legend shows the x under the cursor (numbers and dates have defaults). */
  formatX?: (x: number) => string;
  logScale?: boolean;
  /** 0 (default) to 0.999: TensorBoard's smoothing, drawn over a faint raw line. */
  smoothing?: number;
  /**
   * The zoomed x range. Leave it out for a chart that keeps its own zoom; pass it (null for
   * none) to drive the zoom from outside, e.g. to zoom several charts together.
   */
  zoom?: XRange | null;
  /** Called when the user zooms (drag) or resets the zoom (double-click, or the button): null. */
  onZoom?: (range: XRange | null) => void;
  /** Plot height in CSS pixels, axes included; 220 by default. */
  height?: number;
  /** A line under the legend, e.g. "downsampled: 1,000 of 1,000,000 points". */
  note?: ReactNode;
  loading?: boolean;
  error?: Error | undefined;
}

/** Tick spacings 1, 2, 5, 10, 20, 50, ... for axes of whole numbers. */
const INTEGER_INCRS = Array.from({ length: 16 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat();

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function formatTimeSeconds(s: number): string {
  const d = new Date(s * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * Wall-clock tick labels in 24-hour ISO style (as the legend shows times): dates for spans
 * of days, hours and minutes within a day, seconds within a few minutes.
 */
function timeTicks(splits: number[]): string[] {
  const span = splits.length > 1 ? splits[splits.length - 1]! - splits[0]! : 0;
  const p = (n: number) => String(n).padStart(2, '0');
  return splits.map((v) => {
    if (v == null) return '';
    const d = new Date(v * 1000);
    const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
    if (span > 3 * 86400) return date;
    if (span > 600) return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${hm}`;
    return `${hm}:${p(d.getSeconds())}`;
  });
}

function axisSize(self: uPlot, values: string[] | null, axisIdx: number): number {
  const axis = self.axes[axisIdx]!;
  if (!values || values.length === 0) return 40;
  const longest = values.reduce((m, v) => Math.max(m, (v ?? '').length), 0);
  return Math.ceil(longest * 6.4) + (axis.ticks?.size ?? 10) + (axis.gap ?? 5) + 4;
}

interface Prepared {
  data: uPlot.AlignedData;
  /** Per input series: its points sorted by x, and the smoothed values when smoothing. */
  lines: PlotLine[];
  empty: boolean;
}

function prepare(series: readonly MetricChartSeries[], logScale: boolean, smoothing: number): Prepared {
  const lines = series.map((s): PlotLine => {
    const { x, y } = sortedLine({ x: s.x, y: s.y });
    return { x, y, smooth: smoothing > 0 ? smoothEma(y, smoothing) : undefined };
  });
  const data = alignLines(lines, logScale);
  return { data, lines, empty: data[0].length === 0 };
}

/**
 * A uPlot line chart of one metric for one or more runs: hover values in the legend, drag to
 * zoom into an x range (double-click to reset), log scale, smoothing. Data updates go through
 * uPlot's setData; the chart is rebuilt only when the series' labels or colours, the scale
 * type or the theme change. The uPlot instance is created once the chart scrolls into view.
 *
 * @example
 * <MetricChart title="loss" xLabel="step" smoothing={0.6}
 *   series={[{ label: 'run 1', x: steps, y: values }]}
 *   onZoom={(r) => refetch(r)} />
 */
export function MetricChart(props: MetricChartProps) {
  const { title, series, xLabel, xType = 'number', integerX = false, logScale = false, smoothing = 0, height = 220 } = props;
  const smoothingOn = smoothing > 0;
  const wrapRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const uplotRef = useRef<uPlot | undefined>(undefined);
  /** The data the uPlot instance shows, so a rebuild is not followed by a needless setData. */
  const shownData = useRef<uPlot.AlignedData | undefined>(undefined);
  const zoomRef = useRef<XRange | null>(props.zoom ?? null);
  const onZoomRef = useRef(props.onZoom);
  onZoomRef.current = props.onZoom;
  const [zoomed, setZoomed] = useState(zoomRef.current !== null);
  const [visible, setVisible] = useState(false);
  const [cursorX, setCursorX] = useState<number | null>(null);
  const theme = useThemeVersion();

  const prepared = useMemo(() => prepare(series, logScale, smoothing), [series, logScale, smoothing]);
  const preparedRef = useRef(prepared);
  preparedRef.current = prepared;

  const labelsKey = JSON.stringify(series.map((s, i) => [s.label, s.color ?? seriesColor(i)]));
  const configKey = JSON.stringify([labelsKey, xType, integerX, logScale, smoothingOn, xLabel ?? '', theme]);

  // Build uPlot only for charts on (or near) the screen: a page of 100 metrics stays cheap.
  useEffect(() => {
    const el = wrapRef.current;
    if (!el || visible) return undefined;
    if (typeof IntersectionObserver === 'undefined') {
      setVisible(true);
      return undefined;
    }
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setVisible(true), { rootMargin: '300px' });
    io.observe(el);
    return () => io.disconnect();
  }, [visible]);

  const applyZoom = (u: uPlot, range: XRange | null) => {
    zoomRef.current = range;
    setZoomed(range !== null);
    if (range) u.setScale('x', range);
    else u.setData(u.data, true);
  };

  // Create (or rebuild) the chart.
  useEffect(() => {
    const target = plotRef.current;
    if (!visible || !target) return undefined;
    const labels = JSON.parse(labelsKey) as [string, string][];
    const fg = cssVar('--fg-muted', '#5c6677');
    const grid = cssVar('--border', '#d9dee6');
    const axis = (label: string | undefined): uPlot.Axis => ({
      stroke: fg,
      font: FONT,
      labelFont: FONT,
      ...(label ? { label, labelSize: 16, labelGap: 0 } : {}),
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1, size: 4 },
      gap: 4,
    });
    const plotted: uPlot.Series[] = [{}];
    labels.forEach(([label, color]) => {
      const c = resolveColor(color);
      if (smoothingOn) {
        plotted.push({ label: `${label} (raw)`, stroke: withAlpha(c, 0.28), width: 1, spanGaps: false, points: { show: false } });
      }
      plotted.push({ label, stroke: c, width: 1.5, spanGaps: false, points: { size: 4, fill: c } });
    });
    const xAxis = axis(xLabel);
    xAxis.size = 28;
    if (integerX && xType === 'number') xAxis.incrs = INTEGER_INCRS;
    if (xType === 'time') xAxis.values = (_u, splits) => timeTicks(splits);
    const yAxis = axis(undefined);
    yAxis.size = axisSize;
    yAxis.values = (_u, splits) => splits.map((v) => (v == null ? '' : formatNumber(v)));
    const opts: uPlot.Options = {
      width: Math.max(100, target.clientWidth),
      height,
      series: plotted,
      legend: { show: false },
      scales: {
        x: {
          time: xType === 'time',
          range: (_u, min, max) => (min == null || max == null ? [0, 1] : min === max ? [min - 1, max + 1] : [min, max]),
        },
        y: logScale
          ? {
              distr: 3,
              log: 10,
              range: (_u, min, max) => (min == null || max == null || !(min > 0) || !(max > 0) ? [1, 10] : uPlot.rangeLog(min, max, 10, false)),
            }
          : {
              range: (_u, min, max) => (min == null || max == null || !Number.isFinite(min) || !Number.isFinite(max) ? [0, 1] : uPlot.rangeNum(min, max, 0.1, true)),
            },
      },
      axes: [xAxis, yAxis],
      cursor: {
        drag: { x: true, y: false, setScale: false },
        bind: {
          dblclick: (u) => () => {
            applyZoom(u, null);
            onZoomRef.current?.(null);
            return null;
          },
        },
      },
      hooks: {
        setSelect: [
          (u) => {
            const { left, width } = u.select;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            if (width < 3) return;
            const range = { min: u.posToVal(left, 'x'), max: u.posToVal(left + width, 'x') };
            applyZoom(u, range);
            onZoomRef.current?.(range);
          },
        ],
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            setCursorX(idx == null ? null : ((u.data[0][idx] as number | undefined) ?? null));
          },
        ],
      },
    };
    const u = new uPlot(opts, preparedRef.current.data, target);
    uplotRef.current = u;
    shownData.current = preparedRef.current.data;
    if (zoomRef.current) u.setScale('x', zoomRef.current);
    return () => {
      u.destroy();
      uplotRef.current = undefined;
      shownData.current = undefined;
    };
    // applyZoom only touches refs and a state setter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, configKey]);

  // New data for the same set of lines: setData, keeping the zoom.
  useEffect(() => {
    const u = uplotRef.current;
    if (!u || shownData.current === prepared.data) return;
    shownData.current = prepared.data;
    const z = zoomRef.current;
    if (z) {
      u.setData(prepared.data, false);
      u.setScale('x', z);
    } else {
      u.setData(prepared.data, true);
    }
  }, [prepared]);

  // A zoom driven from outside.
  const zoomMin = props.zoom?.min;
  const zoomMax = props.zoom?.max;
  const controlled = props.zoom !== undefined;
  useEffect(() => {
    if (!controlled) return;
    const next = zoomMin === undefined || zoomMax === undefined ? null : { min: zoomMin, max: zoomMax };
    const cur = zoomRef.current;
    if (cur?.min === next?.min && cur?.max === next?.max) return;
    const u = uplotRef.current;
    if (u) applyZoom(u, next);
    else {
      zoomRef.current = next;
      setZoomed(next !== null);
    }
  }, [controlled, zoomMin, zoomMax]);

  // Follow the container's width.
  useEffect(() => {
    const el = plotRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(() => {
      const u = uplotRef.current;
      const width = Math.max(100, Math.floor(el.clientWidth));
      if (u && (u.width !== width || u.height !== height)) u.setSize({ width, height });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [height]);

  const resetZoom = () => {
    const u = uplotRef.current;
    if (u) applyZoom(u, null);
    else {
      zoomRef.current = null;
      setZoomed(false);
    }
    onZoomRef.current?.(null);
  };

  const key = props.metricKey ?? title;
  return (
    <div className="metric-chart" data-testid="metric-chart" data-key={key} data-zoomed={zoomed ? 'true' : 'false'} ref={wrapRef}>
      <div className="metric-chart-header">
        <span className="metric-chart-title" title={title}>
          {title}
        </span>
        {zoomed && (
          <button type="button" data-testid="chart-reset-zoom" onClick={resetZoom} title="Show the whole x range (or double-click the chart)">
            Reset zoom
          </button>
        )}
      </div>
      <div className="metric-chart-plot" ref={plotRef} style={{ height }}>
        {props.error ? (
          <div className="metric-chart-overlay error" role="alert">
            {props.error.message}
          </div>
        ) : props.loading && prepared.empty ? (
          <div className="metric-chart-overlay">Loading…</div>
        ) : prepared.empty ? (
          <div className="metric-chart-overlay">No data</div>
        ) : props.loading ? (
          <div className="metric-chart-overlay" style={{ alignItems: 'flex-start', justifyContent: 'flex-end', fontSize: 11 }}>
            loading…
          </div>
        ) : null}
      </div>
      <Legend
        series={series}
        lines={prepared.lines}
        cursorX={cursorX}
        formatX={props.formatX ?? (xType === 'time' ? formatTimeSeconds : formatNumber)}
        xLabel={xLabel}
      />
      {props.note && <div className="metric-chart-note">{props.note}</div>}
    </div>
  );
}

function Legend(props: {
  series: readonly MetricChartSeries[];
  lines: Prepared['lines'];
  cursorX: number | null;
  formatX: (x: number) => string;
  xLabel: string | undefined;
}) {
  const { series, lines, cursorX } = props;
  if (series.length === 0) return <div className="metric-chart-legend" />;
  return (
    <div className="metric-chart-legend" data-testid="chart-legend">
      <span className="x">{cursorX === null ? 'latest' : `${props.xLabel ?? 'x'} ${props.formatX(cursorX)}`}</span>
      {series.map((s, i) => {
        const line = lines[i]!;
        const at = line.x.length === 0 ? -1 : cursorX === null ? line.x.length - 1 : nearestIndex(line.x, cursorX);
        const raw = at < 0 ? undefined : line.y[at];
        const smooth = at < 0 || !line.smooth ? undefined : line.smooth[at];
        return (
          <span className="item" key={i}>
            <span className="swatch" style={{ background: s.color ?? seriesColor(i) }} />
            {series.length > 1 && <span className="label">{s.label}</span>}
            <span className="value">
              {raw === undefined ? '—' : smooth !== undefined ? `${formatNumber(smooth)} (${formatNumber(raw)})` : formatNumber(raw)}
            </span>
          </span>
        );
      })}
    </div>
  );
}
