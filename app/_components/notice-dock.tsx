'use client';

import { useRef, type ReactNode } from 'react';
import { useSpaceOnRoot } from './space-on-root';

/** How far the dock sits above the viewport's bottom edge (`.notice-dock` in globals.css). */
const DOCK_BOTTOM_PX = 12;
/** The room the dock takes: none when it holds no notice, else its height and the gap under it. */
const dockSpace = (height: number) => (height > 0 ? `${Math.ceil(height) + DOCK_BOTTOM_PX}px` : '0px');

/**
 * The notices that float over the page (refused changes, update, storage full), stacked in one column at
 * the bottom right so none hides another. The page's content ends with as much bottom padding as the
 * dock takes (`--notice-dock-space` on the root element, which `.content` adds): scrolled to the
 * end, nothing lies under a notice.
 */
export function NoticeDock({ children }: { children: ReactNode }) {
  const dock = useRef<HTMLDivElement>(null);
  useSpaceOnRoot(dock, '--notice-dock-space', { space: dockSpace });
  return (
    <div ref={dock} className="notice-dock">
      {children}
    </div>
  );
}
