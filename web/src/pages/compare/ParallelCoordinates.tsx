import { type PointerEvent, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { formatNumber } from '../../lib/format';
import { categoricalAxis, numericAxis, type AxisTick } from './axes';
import { sequentialColor, sequentialGradient, useThemeName } from './color-scale';
import { type ComparedRun, isNumericParam, lowerIsBetter, parseNumber } from './compare-data';
import { idFraction } from './run-colors';
import { clip, useElementWidth } from './scale';
import { Tooltip, useTooltip } from './tooltip';

const HEIGHT = 380;
const TOP = 48;
const AXIS_BOTTOM = HEIGHT - 52;
/** Where runs without a value on an axis meet it: an "n/a" slot under the axis. */
const MISSING_Y = AXIS_BOTTOM + 22;
const LEFT = 64;
const RIGHT = 80;
const MIN_SPACING = 110;
const FAN_OUT_RUNS = 12;
const FAN_OUT_PX = 24;

interface PcAxis {
  id: string;
  label: string;
  kind: 'param' | 'metric';
  scaleKind: 'linear' | 'log' | 'categorical';
  ticks: AxisTick[];
  /** Each run's y: a position on the axis, or MISSING_Y. */
  ys: Map<string, number>;
  hasMissing: boolean;
  text: (run: ComparedRun) => string;
}

function paramAxis(runs: readonly ComparedRun[], key: string): PcAxis {
  const range = [AXIS_BOTTOM, TOP] as const;
  const ys = new Map<string, number>();
  let scale: { kind: PcAxis['scaleKind']; ticks: AxisTick[] };
  if (isNumericParam(runs, key)) {
    const axis = numericAxis(runs.flatMap((r) => parseNumber(r.params.get(key)) ?? []), range);
    for (const r of runs) {
      const v = parseNumber(r.params.get(key));
      ys.set(r.id, v === undefined ? MISSING_Y : axis.pos(v));
    }
    scale = axis;
  } else {
    // Categories run top to bottom in reading order. With many runs, each run's line meets its
    // category a little apart from the others (always at the same place), so the lines fan
    // out instead of merging into one thick line through one point.
    const categories = runs.flatMap((r) => r.params.get(key) ?? []);
    const spread = runs.length > FAN_OUT_RUNS ? Math.min(FAN_OUT_PX, (AXIS_BOTTOM - TOP) / Math.max(1, new Set(categories).size - 1) / 3) : 0;
    const axis = categoricalAxis(categories, [TOP + spread / 2, AXIS_BOTTOM - spread / 2], { banded: false });
    for (const r of runs) {
      const v = r.params.get(key);
      ys.set(r.id, v === undefined ? MISSING_Y : axis.pos(v) + (idFraction(r.id) - 0.5) * spread);
    }
    scale = axis;
  }
  return {
    id: `param:${key}`,
    label: key,
    kind: 'param',
    scaleKind: scale.kind,
    ticks: scale.ticks,
    ys,
    hasMissing: [...ys.values()].includes(MISSING_Y),
    text: (r) => r.params.get(key) ?? '—',
  };
}

function metricAxis(runs: readonly ComparedRun[], key: string): PcAxis & { domain: [number, number] | undefined } {
  const finite = (r: ComparedRun) => {
    const v = r.metrics.get(key);
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  };
  const values = runs.flatMap((r) => finite(r) ?? []);
  const axis = numericAxis(values, [AXIS_BOTTOM, TOP]);
  const ys = new Map(runs.map((r) => [r.id, finite(r) === undefined ? MISSING_Y : axis.pos(finite(r)!)]));
  return {
    id: `metric:${key}`,
    label: key,
    kind: 'metric',
    scaleKind: axis.kind,
    ticks: axis.ticks,
    ys,
    hasMissing: [...ys.values()].includes(MISSING_Y),
    text: (r) => {
      const v = r.metrics.get(key);
      return v === undefined ? '—' : formatNumber(v);
    },
    domain: values.length > 0 ? [Math.min(...values), Math.max(...values)] : undefined,
  };
}

/**
 * One vertical axis per param that differs between the runs, then one for the chosen
 * metric's latest value; each run is a line across them, colored by that metric. Drag
 * along an axis to keep only the runs in that range (a brush); click the axis to clear it.
 */
export function ParallelCoordinates({
  runs,
  params,
  metricKeys,
  metric,
  onMetricChange,
}: {
  runs: readonly ComparedRun[];
  params: readonly string[];
  metricKeys: readonly string[];
  metric: string | undefined;
  onMetricChange: (key: string) => void;
}) {
  const theme = useThemeName();
  const navigate = useNavigate();
  const [measure, containerWidth] = useElementWidth<HTMLDivElement>();
  const [hovered, setHovered] = useState<string | undefined>();
  const [brushes, setBrushes] = useState<Record<string, readonly [number, number]>>({});
  const drag = useRef<{ axis: string; from: number } | undefined>(undefined);
  const { tipRef, track } = useTooltip();

  const paramAxes = useMemo(() => params.map((key) => paramAxis(runs, key)), [runs, params]);
  const mAxis = useMemo(() => (metric ? metricAxis(runs, metric) : undefined), [runs, metric]);
  const axes = mAxis ? [...paramAxes, mAxis] : paramAxes;
  const width = Math.max(containerWidth, LEFT + RIGHT + Math.max(1, axes.length - 1) * MIN_SPACING);
  const xs = axes.map((_, i) => (axes.length === 1 ? width / 2 : LEFT + ((width - LEFT - RIGHT) * i) / (axes.length - 1)));
  // The last axis (the metric) has its labels on the right, outside the lines.
  const tickSide = (i: number) => (i === axes.length - 1 && axes.length > 1 ? 1 : -1);
  const labelChars = Math.max(8, Math.floor(((width - LEFT - RIGHT) / Math.max(1, axes.length - 1)) / 7));

  const colorOf = (run: ComparedRun): string => {
    if (!mAxis) return run.color;
    const y = mAxis.ys.get(run.id)!;
    return y === MISSING_Y ? 'var(--fg-muted)' : sequentialColor((AXIS_BOTTOM - y) / (AXIS_BOTTOM - TOP), theme);
  };
  const inBrushes = (run: ComparedRun) =>
    axes.every((a) => {
      const b = brushes[a.id];
      const y = a.ys.get(run.id)!;
      return !b || (y >= b[0] && y <= b[1]);
    });
  const selected = runs.filter(inBrushes);
  const selectedIds = new Set(selected.map((r) => r.id));
  const path = (run: ComparedRun) => axes.map((a, i) => `${i ? 'L' : 'M'}${xs[i]!.toFixed(1)},${a.ys.get(run.id)!.toFixed(1)}`).join('');
  const opacity = runs.length > 100 ? 0.45 : runs.length > 30 ? 0.7 : 0.9;
  // Lines out of the brushes underneath, the hovered one on top.
  const order = [...runs].sort((a, b) => Number(selectedIds.has(a.id)) - Number(selectedIds.has(b.id)) || Number(a.id === hovered) - Number(b.id === hovered));
  const hoveredRun = runs.find((r) => r.id === hovered);

  const localY = (e: PointerEvent<SVGElement>) => e.clientY - (e.currentTarget.ownerSVGElement ?? e.currentTarget).getBoundingClientRect().top;
  const onBrushDown = (axis: string) => (e: PointerEvent<SVGRectElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { axis, from: localY(e) };
  };
  const onBrushMove = (e: PointerEvent<SVGRectElement>) => {
    const d = drag.current;
    if (!d) return;
    const y = localY(e);
    setBrushes((b) => ({ ...b, [d.axis]: [Math.min(d.from, y), Math.max(d.from, y)] }));
  };
  const onBrushUp = (e: PointerEvent<SVGRectElement>) => {
    const d = drag.current;
    drag.current = undefined;
    if (d && Math.abs(localY(e) - d.from) < 3) {
      setBrushes(({ [d.axis]: _cleared, ...rest }) => rest);
    }
  };

  // Brushes of axes no longer shown (another metric chosen) do not count.
  const brushCount = axes.filter((a) => brushes[a.id]).length;
  return (
    <section className="cmp-section" aria-label="Parallel coordinates">
      <div className="cmp-toolbar">
        <h2>Parallel coordinates</h2>
        {metricKeys.length > 0 && (
          <label>
            Color by{' '}
            <select data-testid="pc-metric" value={metric ?? ''} onChange={(e) => onMetricChange(e.target.value)}>
              {metricKeys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        )}
        {mAxis?.domain && (
          <span className="cmp-legend" data-testid="pc-legend">
            <span>{formatNumber(mAxis.domain[0])}</span>
            <span className="cmp-legend-bar" style={{ background: sequentialGradient(theme) }} />
            <span>{formatNumber(mAxis.domain[1])}</span>
            <span className="muted">({lowerIsBetter(mAxis.label) ? 'lower' : 'higher'} is better)</span>
          </span>
        )}
        {brushCount > 0 && (
          <span className="muted">
            {selected.length} of {runs.length} runs in the brushed ranges{' '}
            <button type="button" className="link-button" data-testid="pc-clear-brushes" onClick={() => setBrushes({})}>
              Clear
            </button>
          </span>
        )}
      </div>
      {axes.length === 0 ? (
        <p className="empty">The runs have no params that differ and no metrics: nothing to draw.</p>
      ) : (
        <div className="cmp-scroll" ref={measure}>
          <div className="cmp-plot" style={{ width }} {...track}>
            <svg data-testid="parallel-coordinates" width={width} height={HEIGHT} className="cmp-svg" role="img" aria-label="Parallel coordinates of params and a metric">
              {order.map((run) => {
                const active = selectedIds.has(run.id);
                const isHovered = run.id === hovered;
                return (
                  <path
                    key={run.id}
                    d={path(run)}
                    data-testid="pc-line"
                    data-run-id={run.id}
                    className={`pc-line${isHovered ? ' hovered' : ''}${active ? '' : ' filtered'}`}
                    style={{
                      ...(active ? { stroke: colorOf(run) } : {}),
                      strokeOpacity: isHovered ? 1 : hovered ? 0.15 : active ? opacity : 0.25,
                    }}
                    strokeDasharray={mAxis && mAxis.ys.get(run.id) === MISSING_Y ? '4 3' : undefined}
                  />
                );
              })}
              {runs.map((run) => (
                <path
                  key={run.id}
                  d={path(run)}
                  className="pc-hit"
                  onMouseEnter={() => setHovered(run.id)}
                  onMouseLeave={() => setHovered((h) => (h === run.id ? undefined : h))}
                  onClick={() => navigate(`/runs/${run.id}`)}
                />
              ))}
              {axes.map((a, i) => (
                <g key={a.id} transform={`translate(${xs[i]},0)`} data-testid="pc-axis" data-key={a.label} data-kind={a.kind}>
                  <line className="cmp-axis-line" y1={TOP} y2={AXIS_BOTTOM} />
                  <text className={`cmp-axis-title${a.kind === 'metric' ? ' metric' : ''}`} y={TOP - 24} textAnchor="middle">
                    <title>{`${a.kind === 'metric' ? 'metric' : 'param'} ${a.label}${a.scaleKind === 'log' ? ' (log scale)' : ''}`}</title>
                    {clip(a.label, labelChars)}
                  </text>
                  {a.scaleKind === 'log' && (
                    <text className="cmp-axis-note" y={TOP - 11} textAnchor="middle">
                      log
                    </text>
                  )}
                  {a.ticks.map((t) => (
                    <g key={`${t.pos}:${t.label}`} transform={`translate(0,${t.pos})`}>
                      <line className="cmp-axis-line" x1={tickSide(i) * 4} x2={0} />
                      <text className="cmp-tick" x={tickSide(i) * 7} dy="0.32em" textAnchor={tickSide(i) < 0 ? 'end' : 'start'}>
                        {t.title && <title>{t.title}</title>}
                        {t.label}
                      </text>
                    </g>
                  ))}
                  {a.hasMissing && (
                    <text className="cmp-tick" x={tickSide(i) * 7} y={MISSING_Y} dy="0.32em" textAnchor={tickSide(i) < 0 ? 'end' : 'start'}>
                      n/a
                    </text>
                  )}
                  {brushes[a.id] && <rect className="pc-brush" x={-8} width={16} y={brushes[a.id]![0]} height={Math.max(1, brushes[a.id]![1] - brushes[a.id]![0])} />}
                  <rect
                    className="pc-brush-target"
                    x={-10}
                    width={20}
                    y={TOP - 6}
                    height={MISSING_Y - TOP + 14}
                    onPointerDown={onBrushDown(a.id)}
                    onPointerMove={onBrushMove}
                    onPointerUp={onBrushUp}
                  >
                    <title>Drag to keep only the runs in a range; click to clear</title>
                  </rect>
                </g>
              ))}
            </svg>
            <Tooltip tipRef={tipRef}>
              {hoveredRun && (
                <>
                  <div className="cmp-tooltip-title">
                    <span className="cmp-swatch" style={{ background: hoveredRun.color }} />
                    {hoveredRun.name}
                  </div>
                  <table>
                    <tbody>
                      {axes.map((a) => (
                        <tr key={a.id}>
                          <th>{a.label}</th>
                          <td>{a.text(hoveredRun)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </Tooltip>
          </div>
        </div>
      )}
    </section>
  );
}
