import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/**
 * Fixed-height row virtualization that works for any row count. Browsers cap an element's
 * height (about 17 million px in Firefox, 33 million in Chromium), which 1,000,000 rows of
 * 40 px exceed, so past MAX_SCROLL_PX the scroll range is scaled: the scrollbar maps linearly
 * onto the rows and only the visible ones (plus overscan) are rendered.
 */
export const MAX_SCROLL_PX = 8_000_000;

export interface VirtualRow {
  index: number;
  /** Top of the row inside the scroll content, in px. */
  top: number;
}

export function useVirtualRows(opts: { count: number; rowHeight: number; overscan?: number; scrollRef: RefObject<HTMLElement | null> }) {
  const { count, rowHeight, scrollRef } = opts;
  const overscan = opts.overscan ?? 8;
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setScrollTop(el.scrollTop);
      });
    };
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    setViewport(el.clientHeight);
    setScrollTop(el.scrollTop);
    el.addEventListener('scroll', onScroll, { passive: true });
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scrollRef]);

  const natural = count * rowHeight;
  const height = Math.min(natural, MAX_SCROLL_PX);
  const ratio = natural > height && height > viewport ? (natural - viewport) / (height - viewport) : 1;
  const top = Math.min(scrollTop, Math.max(0, height - viewport));
  const virtualTop = top * ratio;
  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((virtualTop + viewport) / rowHeight) + overscan);
  const rows: VirtualRow[] = [];
  for (let i = first; i <= last; i++) rows.push({ index: i, top: top + (i * rowHeight - virtualTop) });

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (!el) return;
      el.scrollTop = (index * rowHeight) / ratio;
    },
    [scrollRef, rowHeight, ratio],
  );

  return { height, rows, first: Math.max(0, first + overscan), last: Math.max(0, last - overscan), scrollToIndex };
}
