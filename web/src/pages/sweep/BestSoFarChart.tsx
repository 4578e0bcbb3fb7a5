import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricGoal, Trial } from '../../api/sweeps-types';
import { cssVar, resolveColor } from '../../components/metric-chart/colors';
import { useThemeVersion } from '../../components/metric-chart/use-theme-version';
import { formatNumber } from '../../lib/format';
import { bestSoFar } from './best-so-far';

const HEIGHT = 240;
const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** Tick spacings 1, 2, 5, 10, ...: trial numbers are whole. */
const INTEGER_INCRS = Array.from({ length: 8 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat();

interface Props {
  trials: readonly Trial[];
  goal: MetricGoal;
  metricName: string;
  bestTrial: number | null;
}

/**
 * Each trial's value as a point by trial number, the best completed value so far as a step
 * line (down when minimizing, up when maximizing), and the best trial ringed. uPlot on a
 * canvas, in the theme's colours (rebuilt when the theme changes; new data goes through setData).
 */
export function BestSoFarChart({ trials, goal, metricName, bestTrial }: Props) {
  const plotRef = useRef<HTMLDivElement>(null);
  const uplotRef = useRef<uPlot | undefined>(undefined);
  const theme = useThemeVersion();
  const data = useMemo((): uPlot.AlignedData => {
    const s = bestSoFar(trials, goal);
    const best = s.x.map((n, i) => (n === bestTrial ? s.values[i]! : null));
    return [s.x, s.values, s.best, best];
  }, [trials, goal, bestTrial]);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const target = plotRef.current;
    if (!target) return undefined;
    const fg = cssVar('--fg-muted', '#5c6677');
    const grid = cssVar('--border', '#d9dee6');
    const pointColor = resolveColor('var(--accent)');
    const bestColor = resolveColor('var(--ok)');
    const axis = (label: string): uPlot.Axis => ({
      stroke: fg,
      font: FONT,
      labelFont: FONT,
      label,
      labelSize: 16,
      labelGap: 0,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1, size: 4 },
      gap: 4,
    });
    const xAxis: uPlot.Axis = { ...axis('trial'), size: 28, incrs: INTEGER_INCRS };
    const yAxis: uPlot.Axis = { ...axis(metricName), size: 64, values: (_u, splits) => splits.map((v) => (v == null ? '' : formatNumber(v))) };
    const u = new uPlot(
      {
        width: Math.max(100, target.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: false, range: (_u, min, max) => (min == null || max == null ? [0, 1] : [min - 0.5, max + 0.5]) },
          y: { range: (_u, min, max) => (min == null || max == null || !Number.isFinite(min) || !Number.isFinite(max) ? [0, 1] : uPlot.rangeNum(min, max, 0.1, true)) },
        },
        axes: [xAxis, yAxis],
        series: [
          {},
          { label: 'trial value', stroke: pointColor, paths: () => null, points: { show: true, size: 6, fill: pointColor, stroke: pointColor } },
          { label: 'best so far', stroke: bestColor, width: 2, spanGaps: true, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
          { label: 'best trial', stroke: bestColor, paths: () => null, points: { show: true, size: 12, width: 2, fill: 'transparent', stroke: bestColor } },
        ],
      },
      dataRef.current,
      target,
    );
    uplotRef.current = u;
    const ro = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => u.setSize({ width: Math.max(100, Math.floor(target.clientWidth)), height: HEIGHT }));
    ro?.observe(target);
    return () => {
      ro?.disconnect();
      u.destroy();
      uplotRef.current = undefined;
    };
  }, [theme, metricName]);

  useEffect(() => {
    uplotRef.current?.setData(data, true);
  }, [data]);

  return (
    <div className="sweep-best-chart" data-testid="sweep-best-chart">
      <div ref={plotRef} style={{ height: HEIGHT }} />
      <div className="sweep-chart-legend muted">
        <span>
          <span className="sweep-swatch dot" /> trial value
        </span>
        <span>
          <span className="sweep-swatch line" /> best so far ({goal === 'minimize' ? 'lowest' : 'highest'} completed)
        </span>
        <span>
          <span className="sweep-swatch ring" /> best trial
        </span>
      </div>
    </div>
  );
}
