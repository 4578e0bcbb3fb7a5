/**
 * The label filter as typed: `team=vision size=small` (spaces or commas between pairs).
 * Every pair must match (the API's rule). Returns the labels, or the first problem to show
 * under the field.
 */
export function parseLabelFilter(text: string): { labels: Record<string, string> } | { error: string } {
  const labels: Record<string, string> = {};
  for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { error: `“${pair}” is not key=value` };
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { labels };
}
