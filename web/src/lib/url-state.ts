import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The raw binding of page state to the query string. Pages use `useViewState`
 * (lib/view-state.ts), which wraps this so controls update at once.
 *
 * Page state that lives in the URL's query string, so a view (filter, sort, selection,
 * chart settings) can be shared as a link and survives a reload. `defaults` are left out of
 * the URL. Updates replace the history entry unless `push` is asked for.
 */
export function useUrlState<T extends Record<string, string>>(defaults: T): [T, (patch: Partial<T>, options?: { push?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const state = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const v = params.get(key);
    if (v !== null) state[key] = v as T[typeof key];
  }
  const defaultsKey = JSON.stringify(defaults);
  const update = useCallback(
    (patch: Partial<T>, options: { push?: boolean } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === defaults[k]) next.delete(k);
            else next.set(k, v as string);
          }
          // Commas separate list items (runs=a,b,c); left unescaped, links stay readable.
          return next.toString().replaceAll('%2C', ',');
        },
        { replace: !options.push },
      );
    },
    // defaults is a literal per call site; its values are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setParams, defaultsKey],
  );
  return [state, update];
}

/** A comma-separated list in one query parameter. */
export const splitList = (s: string): string[] => (s ? s.split(',').filter(Boolean) : []);
export const joinList = (items: readonly string[]): string => items.join(',');
