'use client';

import { useEffect, useImperativeHandle, useRef, type ComponentProps } from 'react';

/**
 * The focus after a save that opens another page (Create customer, Save of an invoice or a package).
 * The button pressed goes with the form's page, and the focus with it, to the body: a keyboard user
 * would start again from the top of the page, and a screen reader would not say where they are.
 * So the page opened puts the focus on its heading, as the invoice's heading takes it after Issue
 * and a CDR import's step heading when the step appears: the heading's name is read, and Tab goes
 * on from there. Only then: a page opened by a link, Back or a reload leaves the focus alone.
 */
let headingToFocus: string | null = null;

/** Called just before a save opens `href` (a path and query): that page's heading takes the focus once it shows. */
export function focusHeadingOnArrival(href: string): void {
  headingToFocus = href;
}

const withoutTrailingSlash = (path: string) => path.replace(/(.)\/$/, '$1');

/** Whether this page is the one a save opened, not yet focused: once only. */
function takeArrival(): boolean {
  if (headingToFocus === null) return false;
  const to = new URL(headingToFocus, window.location.href);
  const here = window.location;
  if (withoutTrailingSlash(to.pathname) !== withoutTrailingSlash(here.pathname) || to.search !== here.search) return false;
  headingToFocus = null;
  return true;
}

/**
 * A page's h1. Focusable from script only (tabIndex -1, like the skip link's target): it takes the
 * focus when it first shows on the page a save opened (focusHeadingOnArrival). `ref` reaches the
 * heading too, for a page that moves the focus to it on other occasions.
 */
export function PageHeading({ ref, ...props }: ComponentProps<'h1'>) {
  const heading = useRef<HTMLHeadingElement>(null);
  useImperativeHandle(ref, () => heading.current!, []);
  useEffect(() => {
    if (takeArrival()) heading.current?.focus();
  }, []);
  return <h1 {...props} ref={heading} tabIndex={-1} />;
}
