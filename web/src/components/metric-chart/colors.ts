/** How many distinct series colours the palette has (metric-chart.css defines them per theme). */
export const PALETTE_SIZE = 10;

/**
 * The palette colour for the i-th series, as a CSS value (`var(--chart-3)`), so a legend or a
 * table row outside the chart can show the same colour and follow the theme.
 */
export function seriesColor(i: number): string {
  return `var(--chart-${(((i % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE) + 1})`;
}

let probe: HTMLElement | undefined;

/**
 * Any CSS colour (a name, hex, `var(--x)`, `color-mix(...)`) as `rgb(...)`/`rgba(...)`, which a
 * canvas accepts: resolved by the browser against the current theme.
 */
export function resolveColor(css: string): string {
  if (!probe) {
    probe = document.createElement('span');
    probe.style.display = 'none';
    probe.setAttribute('aria-hidden', 'true');
    document.body.appendChild(probe);
  }
  probe.style.color = '';
  probe.style.color = css;
  return getComputedStyle(probe).color || css;
}

/** An rgb()/rgba() colour with its alpha replaced. */
export function withAlpha(rgb: string, alpha: number): string {
  const m = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(rgb);
  return m ? `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})` : rgb;
}

/** A theme variable's current value, e.g. cssVar('--fg-muted'). */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}
