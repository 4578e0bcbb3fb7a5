import { useState, useSyncExternalStore } from 'react';

// One shared one-second timer for every live duration on the page, running only while
// something listens, so fifty running runs do not mean fifty intervals.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const idle = (): (() => void) => () => {};

/**
 * The current time, updated every second while the component is mounted and `live` (for a
 * RUNNING run's duration); otherwise the time of the first render, unchanging.
 */
export function useNow(live = true): number {
  const [firstRender] = useState(Date.now);
  return useSyncExternalStore(live ? subscribe : idle, () => (live ? now : firstRender));
}
