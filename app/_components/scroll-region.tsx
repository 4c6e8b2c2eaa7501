import type { ReactNode } from 'react';

/**
 * The box a wide table scrolls sideways in on a phone. Focusable and a named region, so the columns
 * that scroll out of sight are reachable from the keyboard (Tab to it, then the arrow keys) and a
 * screen reader names what the focus landed on (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
