import { useMemo, useState } from 'react';
import type { MetricGoal, ParameterSpec, Trial } from '../../../api/sweeps-types';
import { formatNumber } from '../../../lib/format';
import { sequentialColor, sequentialGradient, useThemeName } from '../../compare/color-scale';
import { useElementWidth } from '../../compare/scale';
import { formatParam } from '../../sweeps/sweep-format';
import { layoutParallel, linePath, PC_MARGIN } from './pc-layout';

const HEIGHT = 360;

interface Props {
  parameters: readonly ParameterSpec[];
  trials: readonly Trial[];
  metric: { name: string; goal: MetricGoal };
  bestTrial: number | null;
}

/**
 * The sweep's trials as parallel coordinates (hand-drawn SVG): one axis per parameter (log for
 * log_uniform, evenly spaced categories for categorical) and the metric last, better on top.
 * Lines are coloured from worst (dark) to best (bright); the best trial is drawn on top,
 * thicker. Hovering a line picks it out and names its trial.
 */
export function ParallelCoords({ parameters, trials, metric, bestTrial }: Props) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const theme = useThemeName();
  const [hover, setHover] = useState<number | null>(null);
  const layout = useMemo(
    () => layoutParallel({ parameters, trials, goal: metric.goal, metricName: metric.name, bestTrial, width, height: HEIGHT }),
    [parameters, trials, metric.goal, metric.name, bestTrial, width],
  );
  const byNumber = useMemo(() => new Map(trials.map((t) => [t.number, t])), [trials]);
  const hovered = hover === null ? undefined : byNumber.get(hover);

  return (
    <div className="sweep-pc" ref={ref} data-testid="sweep-pc">
      {layout.lines.length === 0 ? (
        <p className="empty">No trial has a value yet.</p>
      ) : (
        width > 0 && (
          <svg width={width} height={HEIGHT} role="img" aria-label={`Parallel coordinates of ${layout.lines.length} trials`} data-testid="sweep-pc-svg" onMouseLeave={() => setHover(null)}>
            <g className="sweep-pc-lines">
              {layout.lines.map((line) => (
                <path
                  key={line.trial}
                  d={linePath(line.points)}
                  className={'sweep-pc-line' + (line.best ? ' best' : '') + (hover === line.trial ? ' hover' : '')}
                  stroke={sequentialColor(line.goodness, theme)}
                  data-testid="sweep-pc-line"
                  data-trial={line.trial}
                  data-best={line.best ? 'true' : undefined}
                  onMouseEnter={() => setHover(line.trial)}
                />
              ))}
            </g>
            {layout.axes.map((axis) => (
              <g key={`${axis.kind}:${axis.label}`} className={'sweep-pc-axis ' + axis.kind} transform={`translate(${axis.x},0)`} data-testid="sweep-pc-axis" data-kind={axis.scale.kind}>
                <line y1={PC_MARGIN.top} y2={HEIGHT - PC_MARGIN.bottom} />
                <text className="sweep-pc-label" y={PC_MARGIN.top - 16} textAnchor="middle">
                  {axis.label}
                </text>
                {axis.scale.ticks.map((t) => (
                  <g key={`${t.label}@${t.pos}`} transform={`translate(0,${t.pos})`}>
                    <line x2={-4} />
                    <text x={-7} dy="0.32em" textAnchor="end">
                      {t.label}
                    </text>
                  </g>
                ))}
                {layout.missingY !== null && axis.hasMissing && (
                  <text className="sweep-pc-missing" y={layout.missingY} dy="0.32em" textAnchor="middle">
                    n/a
                  </text>
                )}
              </g>
            ))}
          </svg>
        )
      )}
      <div className="sweep-pc-legend muted">
        <span>worse</span>
        <span className="sweep-pc-gradient" style={{ background: sequentialGradient(theme) }} />
        <span>better</span>
        <span className="sweep-pc-hover" data-testid="sweep-pc-hover">
          {hovered
            ? `trial ${hovered.number}: ${parameters.map((p) => `${p.name}=${formatParam(hovered.params[p.name])}`).join(', ')} → ${metric.name} ${hovered.value === null ? '—' : formatNumber(hovered.value)}`
            : 'Hover a line to see its trial.'}
        </span>
      </div>
    </div>
  );
}
