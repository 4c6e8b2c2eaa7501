'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/** How far the dock sits above the viewport's bottom edge (`.notice-dock` in globals.css). */
const DOCK_BOTTOM_PX = 12;

/**
 * The notices that float over the page (refused changes, update, storage full), stacked in one column at
 * the bottom right so none hides another. The page's content ends with as much bottom padding as the
 * dock takes (`--notice-dock-space` on the root element, which `.content` adds): scrolled to the
 * end, nothing lies under a notice.
 */
export function NoticeDock({ children }: { children: ReactNode }) {
  const dock = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = dock.current;
    if (!element) return;
    const root = document.documentElement;
    const measure = () => {
      const height = element.getBoundingClientRect().height;
      root.style.setProperty('--notice-dock-space', height > 0 ? `${Math.ceil(height) + DOCK_BOTTOM_PX}px` : '0px');
    };
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => {
      observer.disconnect();
      root.style.removeProperty('--notice-dock-space');
    };
  }, []);
  return (
    <div ref={dock} className="notice-dock">
      {children}
    </div>
  );
}
