import { useEffect, useState } from 'react';

/**
 * The page's theme (`data-theme` on <html>), re-read when it changes, so that canvas
 * drawing, which cannot use CSS variables, is redone in the new colours.
 */
export function useThemeVersion(): string {
  const read = () => document.documentElement.dataset.theme ?? '';
  const [theme, setTheme] = useState(read);
  useEffect(() => {
    const mo = new MutationObserver(() => setTheme(read()));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => mo.disconnect();
  }, []);
  return theme;
}
