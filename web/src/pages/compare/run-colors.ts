import { PALETTE_SIZE, seriesColor } from '../../components/metric-chart/colors';

// The charts' palette (CSS variables, one set per theme), so a run looks the same here as on its own page.
const PALETTE = Array.from({ length: PALETTE_SIZE }, (_, i) => seriesColor(i));

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function extraColor(i: number): string {
  // Past the palette: hues a golden angle apart, so neighbours never look alike.
  return `hsl(${Math.round((i * 137.508) % 360)} 65% 55%)`;
}

/**
 * One color per run. Each run prefers the palette slot its id hashes to and takes the next
 * free one on a clash, so removing a run from the comparison leaves the others' colors as
 * they were (a color that moved would read as a different run).
 */
export function assignRunColors(runIds: readonly string[]): Map<string, string> {
  const slots = Math.max(PALETTE.length, runIds.length);
  const taken = new Set<number>();
  const out = new Map<string, string>();
  for (const id of runIds) {
    let slot = hash(id) % PALETTE.length;
    while (taken.has(slot)) slot = (slot + 1) % slots;
    taken.add(slot);
    out.set(id, slot < PALETTE.length ? PALETTE[slot]! : extraColor(slot));
  }
  return out;
}

/** A stable number in [0, 1) for a run id: scatter jitter that does not move between renders. */
export function idFraction(id: string): number {
  return hash(id) / 2 ** 32;
}
