import { useEffect, useState } from 'react';

// Viridis, sampled at 11 points: perceptually even and readable by the color-blind.
const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'];

export type ThemeName = 'light' | 'dark';

// Each theme drops the end that vanishes into its background (yellow on white, purple on black).
const RANGE: Record<ThemeName, [number, number]> = { light: [0, 0.85], dark: [0.2, 1] };

function mix(a: string, b: string, t: number): string {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return `rgb(${pa.map((v, i) => Math.round(v + (pb[i]! - v) * t)).join(' ')})`;
}

/** The sequential color for t in [0, 1] (clamped). */
export function sequentialColor(t: number, theme: ThemeName): string {
  const [lo, hi] = RANGE[theme];
  const u = (lo + Math.min(1, Math.max(0, t)) * (hi - lo)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  return mix(VIRIDIS[i]!, VIRIDIS[i + 1]!, u - i);
}

/** A CSS gradient of the scale, for its legend. */
export function sequentialGradient(theme: ThemeName): string {
  const stops = Array.from({ length: 9 }, (_, i) => sequentialColor(i / 8, theme));
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** The theme the app shell set on <html data-theme>, following its changes. */
export function useThemeName(): ThemeName {
  const read = (): ThemeName => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');
  const [theme, setTheme] = useState<ThemeName>(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(read()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    setTheme(read());
    return () => observer.disconnect();
  }, []);
  return theme;
}
