import type { RefObject } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import type { RowWindow } from './row-window';

/** The viewport over a windowed table's body rows, as last measured, and the rows rendered for it. */
export interface Viewport {
  /** The viewport's top relative to the first body row's (negative while rows above it show). */
  top: number;
  height: number;
  window: RowWindow;
}

/**
 * Keeps `port.current` measured as the table's scroller scrolls or resizes, and re-renders the
 * component (at most once a frame) when `windowNow()`, the rows to render for the new viewport,
 * differs from those rendered. `measured` sees the scroller after each measure. The callbacks
 * are read once, at mount: read state through refs.
 */
export function useViewport(
  scrollerOf: () => HTMLElement | null | undefined,
  body: RefObject<HTMLElement>,
  port: RefObject<Viewport>,
  windowNow: () => RowWindow,
  measured?: (scroller: HTMLElement) => void,
): void {
  const [, setMoved] = useState(0);
  useLayoutEffect(() => {
    const scroller = scrollerOf();
    if (!scroller) return;
    let frame = 0;
    const onMove = (): void => {
      const rows = body.current;
      const p = port.current;
      if (!rows || !p) return;
      p.top = scroller.scrollTop - bodyTop(scroller, rows);
      p.height = scroller.clientHeight;
      measured?.(scroller);
      const w = windowNow();
      if (frame === 0 && (w.first !== p.window.first || w.end !== p.window.end)) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          setMoved((x) => x + 1);
        });
      }
    };
    scroller.addEventListener('scroll', onMove, { passive: true });
    const resize = new ResizeObserver(onMove);
    resize.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', onMove);
      resize.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
}

/** Where the body rows start in the scroller's content (below whatever precedes them). */
export function bodyTop(scroller: HTMLElement, body: HTMLElement): number {
  return body.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
}
