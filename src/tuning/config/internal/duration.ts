const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * A duration as written in a sweep file: "90s", "30m", "2h", "1d", "1h30m", or a bare
 * number of seconds. Returns seconds, or undefined when the text is none of these.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (!/^(\d+(\.\d+)?\s*[smhd]\s*)+$/i.test(trimmed)) return undefined;
  let total = 0;
  for (const m of trimmed.matchAll(/(\d+(?:\.\d+)?)\s*([smhd])/gi)) total += Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!;
  return total;
}
