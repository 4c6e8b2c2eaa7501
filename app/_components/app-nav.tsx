'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
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
  return (
    <header className="topbar">
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
