/**
 * The run page's state in the URL, so a view can be shared as a link: the tab, the charts'
 * x axis (`step` | `time` | `relative`), log scale (`1`), smoothing (0..0.99), the metric keys
 * shown (comma-separated; all when empty) and the artifact previewed. Defaults stay out of the URL.
 */
export const RUN_PAGE_URL_DEFAULTS = { tab: 'overview', x: 'step', log: '', smooth: '0', keys: '', artifact: '' };
export type RunPageUrlState = typeof RUN_PAGE_URL_DEFAULTS;
export type SetRunPageUrl = (patch: Partial<RunPageUrlState>, options?: { push?: boolean }) => void;
