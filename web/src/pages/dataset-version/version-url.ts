/**
 * The version page's state in the URL: the tab, the folder the file browser shows, and the
 * SQL last run on the Query tab (so a query's results are a link). Defaults stay out of it.
 */
export const VERSION_PAGE_URL_DEFAULTS = { tab: 'files', path: '', sql: '' };
export type VersionPageUrlState = typeof VERSION_PAGE_URL_DEFAULTS;
export type SetVersionPageUrl = (patch: Partial<VersionPageUrlState>, options?: { push?: boolean }) => void;
