import { useCallback, useRef, useState } from 'react';
import { useUrlState } from './url-state';

/**
 * useUrlState with a local copy that changes at once. react-router applies URL changes in a
 * transition, so a checkbox or text field bound straight to the URL reverts on click and only
 * later shows the new value (and a test's `check()` sees it unchanged). Here the local copy
 * updates synchronously, the URL follows, and a URL change from outside (back/forward, a
 * link) replaces the local copy. Patches made in the same tick are merged into one URL
 * update, because react-router's updater would otherwise start each from the same old URL.
 */
export function useViewState<T extends Record<string, string>>(defaults: T): [T, (patch: Partial<T>, options?: { push?: boolean }) => void] {
  const [url, setUrl] = useUrlState(defaults);
  const urlKey = JSON.stringify(url);
  const [local, setLocal] = useState<{ urlKey: string; value: T }>({ urlKey, value: url });
  let current = local;
  if (local.urlKey !== urlKey) {
    current = { urlKey, value: url };
    setLocal(current);
  }

  const setUrlRef = useRef(setUrl);
  setUrlRef.current = setUrl;
  const defaultsRef = useRef(defaults);
  defaultsRef.current = defaults;
  const pending = useRef<{ patch: Partial<T>; push: boolean } | undefined>(undefined);

  const update = useCallback((patch: Partial<T>, options: { push?: boolean } = {}) => {
    const filled = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v ?? defaultsRef.current[k]])) as Partial<T>;
    setLocal((l) => ({ urlKey: l.urlKey, value: { ...l.value, ...filled } }));
    if (pending.current) {
      pending.current.patch = { ...pending.current.patch, ...patch };
      pending.current.push ||= options.push === true;
      return;
    }
    pending.current = { patch, push: options.push === true };
    queueMicrotask(() => {
      const p = pending.current!;
      pending.current = undefined;
      setUrlRef.current(p.patch, { push: p.push });
    });
  }, []);
  return [current.value, update];
}
