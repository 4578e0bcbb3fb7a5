import { type MouseEvent, type ReactNode, type RefObject, useCallback, useRef } from 'react';

const OFFSET = 14;

/**
 * A tooltip that follows the mouse over a chart. Its position is written straight to the
 * element on each move: re-rendering a few hundred SVG lines per mouse move would lag. It is
 * fixed to the window, so the chart's scrolling container does not clip it. Spread `track`
 * on the element whose mouse moves it follows and render `<Tooltip>` inside it.
 */
export function useTooltip() {
  const tipRef = useRef<HTMLDivElement>(null);
  const onMouseMove = useCallback((e: MouseEvent<HTMLElement>) => {
    const tip = tipRef.current;
    if (!tip) return;
    let x = e.clientX + OFFSET;
    let y = e.clientY + OFFSET;
    // Flip to the other side of the pointer near the window's right and bottom edges.
    if (x + tip.offsetWidth > window.innerWidth - 8) x = e.clientX - OFFSET - tip.offsetWidth;
    if (y + tip.offsetHeight > window.innerHeight - 8) y = e.clientY - OFFSET - tip.offsetHeight;
    tip.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  }, []);
  return { tipRef, track: { onMouseMove } };
}

export function Tooltip({ tipRef, children }: { tipRef: RefObject<HTMLDivElement | null>; children: ReactNode }) {
  return (
    <div ref={tipRef} className="cmp-tooltip" role="tooltip" hidden={!children}>
      {children}
    </div>
  );
}
