'use client';

/**
 * A table of many rows, rendering only the rows in view (10,000 customers scroll as smoothly as 10).
 * ARIA table roles with row indexes keep it a table to a screen reader even though most rows are not
 * in the DOM. At a desk each row is one line of one fixed height; on a phone each row is a card
 * (globals.css vt-row) whose text wraps whole, as tall as it needs: the list measures each card.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import { usePhoneWidth } from './phone-width';

export interface VirtualColumn<T> {
  key: string;
  header: string;
  /** CSS grid track of the column, e.g. "2fr" or "120px". */
  width: string;
  /** Hidden on narrow screens. */
  wide?: boolean;
  /**
   * Its place in a row's card on a phone: the card's title (top left, as a customer's name), a
   * badge at its top right (a status), or a line under the title (the default).
   */
  phone?: 'title' | 'badge' | 'line';
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
  /** A card's height on a phone as first guessed, before the list measures it. */
  phoneRowHeight?: number;
  /** Height of the scroll area when there are many rows. */
  maxHeight?: string;
}

const phoneClass = (column: { wide?: boolean; phone?: string }) => [column.wide && 'vt-wide', `vt-${column.phone ?? 'line'}`].filter(Boolean).join(' ');

export function VirtualTable<T>({ label, items, columns, getKey, rowHeight = 52, phoneRowHeight = 64, maxHeight = '65vh' }: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const phone = usePhoneWidth();
  // Heights are kept per row, not per place: filtered or sorted again, a card keeps its own.
  const itemKey = useCallback((index: number) => getKey(items[index]!), [getKey, items]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => (phone ? phoneRowHeight : rowHeight),
    overscan: 8,
    getItemKey: itemKey,
  });
  // Turned to or from a phone's width: the rows not on screen are guessed again at the new height.
  useEffect(() => virtualizer.measure(), [virtualizer, phone]);
  const template = columns.map((c) => c.width).join(' ');
  const wideTemplate = columns.filter((c) => !c.wide).map((c) => c.width).join(' ');
  const style = { '--vt-columns': template, '--vt-columns-narrow': wideTemplate, '--vt-row-height': `${rowHeight}px` } as CSSProperties;
  return (
    <div className="vt" role="table" aria-label={label} aria-rowcount={items.length + 1} style={style}>
      <div role="rowgroup">
        <div className="vt-row vt-head" role="row" aria-rowindex={1}>
          {columns.map((c) => (
            <span key={c.key} role="columnheader" className={phoneClass(c)}>
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
              <div
                key={v.key}
                ref={virtualizer.measureElement}
                data-index={v.index}
                className="vt-row"
                role="row"
                aria-rowindex={v.index + 2}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
              >
                {columns.map((c) => (
                  <span key={c.key} role="cell" className={phoneClass(c)} dir={c.text ? 'auto' : undefined} title={c.text?.(item) || undefined}>
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
