export { MetricChart, type MetricChartProps, type MetricChartSeries, type XRange } from './MetricChart';
export { SamplingNote } from './SamplingNote';
export { seriesColor, PALETTE_SIZE } from './colors';
export { smoothEma, MAX_SMOOTHING } from './chart-data';
export { useMetricHistory, type MetricHistory, type MetricHistoryOptions } from './use-metric-history';
export type { Columns, HistoryAxis, KeyHistory, Sampling, SeriesView } from './history-store';
export { X_MODES, xValues, toAxisRange, fromAxisRange, historyAxisOf, xLabelOf, type XMode } from './series-xy';
