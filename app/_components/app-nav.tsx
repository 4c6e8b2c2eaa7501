'use client';

import Link from 'next/link';
import { useEffect, useRef, type ReactNode } from 'react';
import { usePathname } from 'next/navigation';
import { useIdentity } from '../_local/session';

const SECTIONS = [
  { href: '/invoices', label: 'Invoices', match: ['/invoices', '/invoice'] },
  { href: '/customers', label: 'Customers', match: ['/customers', '/customer'] },
  { href: '/packages', label: 'Packages', match: ['/packages', '/package'] },
  { href: '/usage/import', label: 'Usage', match: ['/usage'] },
  { href: '/settings', label: 'Settings', match: ['/settings'] },
] as const;

export function AppNav({ children }: { children?: ReactNode }) {
  const pathname = usePathname();
  // Signed out (or not known yet), the sections would only lead back to the sign-in screen.
  const signedIn = Boolean(useIdentity());
  // The header's height, for the page's scroll-padding-top (globals.css): a field reached with Tab
  // scrolls clear of the sticky header rather than under it.
  const header = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = header.current;
    if (!element) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty('--header-space', `${Math.ceil(element.getBoundingClientRect().height)}px`);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => {
      observer.disconnect();
      root.style.removeProperty('--header-space');
    };
  }, []);
  return (
    <header className="topbar" ref={header}>
      <Link href="/" className="brand" aria-label="Tollbook home">
        Tollbook
      </Link>
      {signedIn && (
        <nav aria-label="Main">
          <ul className="nav-list">
            {SECTIONS.map((s) => {
              const active = s.match.some((m) => pathname === m || pathname.startsWith(`${m}/`));
              return (
                <li key={s.href}>
                  <Link href={s.href} className="nav-link" aria-current={active ? 'page' : undefined}>
                    {s.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
      {children}
    </header>
  );
}
