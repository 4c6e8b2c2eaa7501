'use client';

/**
 * A table of many rows of one fixed height, rendering only the rows in view (10,000 customers
 * scroll as smoothly as 10). ARIA table roles with row indexes keep it a table to a screen reader
 * even though most rows are not in the DOM.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type CSSProperties, type ReactNode } from 'react';

export interface VirtualColumn<T> {
  key: string;
  header: string;
  /** CSS grid track of the column, e.g. "2fr" or "120px". */
  width: string;
  /** Hidden on narrow screens (the row stays one line high). */
  wide?: boolean;
  /**
   * The cell's text, for a column of user text (names): the cell then takes the text's own
   * direction (an Arabic name is cut at its end, on the left) and shows it whole on hover.
   */
  text?: (item: T) => string;
  render: (item: T) => ReactNode;
}

interface VirtualTableProps<T> {
  label: string;
  items: readonly T[];
  columns: readonly VirtualColumn<T>[];
  getKey: (item: T) => string;
  rowHeight?: number;
  /** Height of the scroll area when there are many rows. */
  maxHeight?: string;
}

export function VirtualTable<T>({ label, items, columns, getKey, rowHeight = 52, maxHeight = '65vh' }: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => getKey(items[index]!),
  });
  const template = columns.map((c) => c.width).join(' ');
  const wideTemplate = columns.filter((c) => !c.wide).map((c) => c.width).join(' ');
  const style = { '--vt-columns': template, '--vt-columns-narrow': wideTemplate, '--vt-row-height': `${rowHeight}px` } as CSSProperties;
  return (
    <div className="vt" role="table" aria-label={label} aria-rowcount={items.length + 1} style={style}>
      <div role="rowgroup">
        <div className="vt-row vt-head" role="row" aria-rowindex={1}>
          {columns.map((c) => (
            <span key={c.key} role="columnheader" className={c.wide ? 'vt-wide' : undefined}>
              {c.header}
            </span>
          ))}
        </div>
      </div>
      {/* The scroll area is focusable so keyboard users can scroll it with the arrow keys. */}
      <div ref={scrollRef} className="vt-scroll" style={{ maxHeight }} tabIndex={0} role="rowgroup" aria-label={`${label} rows`}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const item = items[v.index]!;
            return (
              <div key={v.key} className="vt-row" role="row" aria-rowindex={v.index + 2} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${v.start}px)` }}>
                {columns.map((c) => (
                  <span key={c.key} role="cell" className={c.wide ? 'vt-wide' : undefined} dir={c.text ? 'auto' : undefined} title={c.text?.(item) || undefined}>
                    {c.render(item)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
