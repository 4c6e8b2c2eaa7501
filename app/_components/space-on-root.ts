'use client';

import { useEffect, type RefObject } from 'react';

const heightInPx = (height: number) => `${Math.ceil(height)}px`;

/**
 * Keeps CSS custom property `property` on the root element at the room `ref`'s element takes
 * (`space` of its height; by default the height itself, in whole px) while `active`, following its
 * resizes, and takes it off again after: so fixed or sticky parts of the page (the header, the
 * notices, a phone's selection bar) can leave room for it in CSS (scroll padding, bottom padding).
 * `space` must be stable (defined at module level), as it is a dependency of the effect.
 */
export function useSpaceOnRoot(ref: RefObject<HTMLElement | null>, property: string, { active = true, space = heightInPx }: { active?: boolean; space?: (height: number) => string } = {}): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || !active) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty(property, space(element.getBoundingClientRect().height));
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => {
      observer.disconnect();
      root.style.removeProperty(property);
    };
  }, [ref, property, active, space]);
}
