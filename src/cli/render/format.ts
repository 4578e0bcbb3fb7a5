/**
 * Compact text for table cells. Tables are read by people comparing runs at a glance, so
 * numbers keep about four significant digits and times are short.
 */

/** 0.91234 → "0.9123", 123456789 → "1.23e8", 42 → "42", NaN → "NaN", Infinity → "inf". */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  const abs = Math.abs(value);
  if (Number.isInteger(value) && abs < 1e9) return String(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(value.toPrecision(4)));
}

/** 850 → "850ms", 12_345 → "12.3s", 185_000 → "3m05s", 3_720_000 → "1h02m", 2 days → "2d03h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.floor(s)}s`;
  const totalSeconds = Math.floor(s);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m${pad(totalSeconds % 60)}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 24 * 60) return `${Math.floor(totalMinutes / 60)}h${pad(totalMinutes % 60)}m`;
  const totalHours = Math.floor(totalMinutes / 60);
  return `${Math.floor(totalHours / 24)}d${pad(totalHours % 24)}h`;
}

/** How long ago `then` was, relative to `now`: "just now", "5m ago", "3h ago", "2d ago". */
export function formatAge(then: number, now: number): string {
  const s = Math.floor((now - then) / 1000);
  if (!Number.isFinite(s)) return '-';
  if (s < 10) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** A run's duration: end - start, or so far for a run without an end time. */
export function runDuration(info: { startTime: number; endTime: number | null }, now: number): number {
  return (info.endTime ?? now) - info.startTime;
}

/** The first 8 characters of a run id, as git shortens hashes; `fw runs show` accepts them. */
export const shortId = (runId: string): string => runId.slice(0, 8);

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
