'use client';

import { useEffect, useState } from 'react';

/** Whether `box` scrolls: an axis that may scroll (overflow auto or scroll) with more content than room. */
function scrollsNow(box: HTMLElement): boolean {
  const style = getComputedStyle(box);
  const may = (overflow: string) => overflow === 'auto' || overflow === 'scroll';
  return (may(style.overflowY) && box.scrollHeight > box.clientHeight) || (may(style.overflowX) && box.scrollWidth > box.clientWidth);
}

/**
 * A ref for a box that scrolls in some layouts only (the usage summary: in its own box at a desk
 * once its rows outgrow it, with the page on a phone), and whether it scrolls now, followed as the
 * box or its content changes size. A box that scrolls is focusable, so the keyboard can scroll it
 * (WCAG 2.1.1; axe's scrollable-region-focusable); one that does not is no Tab stop.
 */
export function useScrollsInside<E extends HTMLElement>() {
  // A callback ref: the box may mount after the component (once its rows are read), and again.
  const [box, setBox] = useState<E | null>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    if (!box) return;
    const check = () => setScrolls(scrollsNow(box));
    const observer = new ResizeObserver(check);
    observer.observe(box);
    // Its content: rows added or taken away change the table's size, not always the box's.
    for (const child of box.children) observer.observe(child);
    check();
    return () => observer.disconnect();
  }, [box]);
  return { ref: setBox, scrolls };
}
