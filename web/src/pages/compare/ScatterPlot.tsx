import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { formatNumber } from '../../lib/format';
import { categoricalAxis, numericAxis } from './axes';
import { type ComparedRun, isNumericParam, parseNumber } from './compare-data';
import { idFraction } from './run-colors';
import { useElementWidth } from './scale';
import { Tooltip, useTooltip } from './tooltip';

const HEIGHT = 360;
const TOP = 16;
const BOTTOM = HEIGHT - 52;
const LEFT = 72;
const RIGHT = 24;
const PAD = 12;
const NUMERIC_JITTER_PX = 10;

interface Point {
  run: ComparedRun;
  cx: number;
  cy: number;
}

/** One param (x) against one metric's latest value (y), a point per run in its color. */
export function ScatterPlot({
  runs,
  paramKeys,
  metricKeys,
  x,
  y,
  onChange,
}: {
  runs: readonly ComparedRun[];
  paramKeys: readonly string[];
  metricKeys: readonly string[];
  x: string | undefined;
  y: string | undefined;
  onChange: (patch: { x?: string; y?: string }) => void;
}) {
  const navigate = useNavigate();
  const [measure, containerWidth] = useElementWidth<HTMLDivElement>();
  const width = Math.max(360, containerWidth);
  const [hovered, setHovered] = useState<string | undefined>();
  const { tipRef, track } = useTooltip();

  const plot = useMemo(() => {
    if (!x || !y) return undefined;
    const metricOf = (r: ComparedRun) => {
      const v = r.metrics.get(y);
      return v !== undefined && Number.isFinite(v) ? v : undefined;
    };
    const shown = runs.filter((r) => r.params.has(x) && metricOf(r) !== undefined);
    const yAxis = numericAxis(shown.map((r) => metricOf(r)!), [BOTTOM - PAD, TOP + PAD]);
    const xRange = [LEFT + PAD, width - RIGHT - PAD] as const;
    let xAxis;
    let points: Point[];
    if (isNumericParam(runs, x)) {
      xAxis = numericAxis(shown.map((r) => parseNumber(r.params.get(x))!), xRange, 6);
      const pos = xAxis.pos;
      // Sweeps over a few values stack many runs on one x: a few pixels of jitter keeps them apart.
      const distinct = new Set(shown.map((r) => r.params.get(x))).size;
      const jitter = shown.length > 2 * distinct ? NUMERIC_JITTER_PX : 0;
      points = shown.map((run) => ({
        run,
        cx: pos(parseNumber(run.params.get(x))!) + (idFraction(run.id) - 0.5) * jitter,
        cy: yAxis.pos(metricOf(run)!),
      }));
    } else {
      const axis = categoricalAxis(
        shown.map((r) => r.params.get(x)!),
        xRange,
        { banded: true, maxLabel: 18 },
      );
      xAxis = axis;
      // Runs of one category spread across the middle of its band, each always at the same place.
      const spread = Math.min(axis.band * 0.6, 80);
      points = shown.map((run) => ({ run, cx: axis.pos(run.params.get(x)!) + (idFraction(run.id) - 0.5) * spread, cy: yAxis.pos(metricOf(run)!) }));
    }
    return { xAxis, yAxis, points, omitted: runs.length - shown.length, metricOf };
  }, [runs, x, y, width]);

  const hoveredPoint = plot?.points.find((p) => p.run.id === hovered);
  // Draw the hovered point last so it is on top.
  const points = plot ? [...plot.points].sort((a, b) => Number(a.run.id === hovered) - Number(b.run.id === hovered)) : [];

  return (
    <section className="cmp-section" aria-label="Scatter plot">
      <div className="cmp-toolbar">
        <h2>Scatter</h2>
        {paramKeys.length > 0 && metricKeys.length > 0 && (
          <>
            <label>
              x{' '}
              <select data-testid="scatter-x" value={x ?? ''} onChange={(e) => onChange({ x: e.target.value })}>
                {paramKeys.map((k) => (
                  <option key={k} value={k}>
                    param {k}
                  </option>
                ))}
              </select>
            </label>
            <label>
              y{' '}
              <select data-testid="scatter-y" value={y ?? ''} onChange={(e) => onChange({ y: e.target.value })}>
                {metricKeys.map((k) => (
                  <option key={k} value={k}>
                    metric {k}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {plot && plot.omitted > 0 && (
          <span className="muted">
            {plot.omitted} {plot.omitted === 1 ? 'run has' : 'runs have'} no value for both and {plot.omitted === 1 ? 'is' : 'are'} not shown
          </span>
        )}
      </div>
      {!plot ? (
        <p className="empty">{paramKeys.length === 0 ? 'The runs have no params.' : 'The runs have no metrics.'}</p>
      ) : (
        <div className="cmp-scroll" ref={measure}>
          <div className="cmp-plot" style={{ width }} {...track}>
            <svg data-testid="scatter" width={width} height={HEIGHT} className="cmp-svg" role="img" aria-label={`${y} against ${x}`}>
              {plot.yAxis.ticks.map((t) => (
                <g key={`y${t.pos}`} transform={`translate(0,${t.pos})`}>
                  <line className="cmp-grid" x1={LEFT} x2={width - RIGHT} />
                  <text className="cmp-tick" x={LEFT - 6} dy="0.32em" textAnchor="end">
                    {t.label}
                  </text>
                </g>
              ))}
              {plot.xAxis.ticks.map((t) => (
                <g key={`x${t.pos}`} transform={`translate(${t.pos},0)`}>
                  <line className="cmp-axis-line" y1={BOTTOM} y2={BOTTOM + 4} />
                  <text className="cmp-tick" y={BOTTOM + 16} textAnchor="middle">
                    {t.title && <title>{t.title}</title>}
                    {t.label}
                  </text>
                </g>
              ))}
              <line className="cmp-axis-line" x1={LEFT} x2={width - RIGHT} y1={BOTTOM} y2={BOTTOM} />
              <line className="cmp-axis-line" x1={LEFT} x2={LEFT} y1={TOP} y2={BOTTOM} />
              <text className="cmp-axis-title" x={(LEFT + width - RIGHT) / 2} y={HEIGHT - 8} textAnchor="middle">
                {x}
                {plot.xAxis.kind === 'log' ? ' (log)' : ''}
              </text>
              <text className="cmp-axis-title" transform={`translate(16,${(TOP + BOTTOM) / 2}) rotate(-90)`} textAnchor="middle">
                {y}
                {plot.yAxis.kind === 'log' ? ' (log)' : ''}
              </text>
              {points.map(({ run, cx, cy }) => (
                <circle
                  key={run.id}
                  data-testid="scatter-point"
                  data-run-id={run.id}
                  className={`scatter-point${run.id === hovered ? ' hovered' : ''}`}
                  cx={cx}
                  cy={cy}
                  r={run.id === hovered ? 7 : 5}
                  style={{ fill: run.color }}
                  onMouseEnter={() => setHovered(run.id)}
                  onMouseLeave={() => setHovered((h) => (h === run.id ? undefined : h))}
                  onClick={() => navigate(`/runs/${run.id}`)}
                  aria-label={run.name}
                />
              ))}
            </svg>
            <Tooltip tipRef={tipRef}>
              {hoveredPoint && x && y && (
                <>
                  <div className="cmp-tooltip-title">
                    <span className="cmp-swatch" style={{ background: hoveredPoint.run.color }} />
                    {hoveredPoint.run.name}
                  </div>
                  <table>
                    <tbody>
                      <tr>
                        <th>{x}</th>
                        <td>{hoveredPoint.run.params.get(x)}</td>
                      </tr>
                      <tr>
                        <th>{y}</th>
                        <td>{formatNumber(plot.metricOf(hoveredPoint.run)!)}</td>
                      </tr>
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
