'use client';

import Link from 'next/link';
import { useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { usePathname } from 'next/navigation';
import { useIdentity } from '../_local/session';
import { useSpaceOnRoot } from './space-on-root';

const SECTIONS = [
  { href: '/invoices', label: 'Invoices', match: ['/invoices', '/invoice'] },
  { href: '/customers', label: 'Customers', match: ['/customers', '/customer'] },
  { href: '/packages', label: 'Packages', match: ['/packages', '/package'] },
  { href: '/usage/import', label: 'Usage', match: ['/usage'] },
  { href: '/settings', label: 'Settings', match: ['/settings'] },
] as const;

const MAIN_NAV_ID = 'main-nav';
/** The company link and Sign out (SyncStatusBar), folded into the menu on a phone beside the sections. */
export const ACCOUNT_CONTROLS_ID = 'account-controls';

export function AppNav({ children }: { children?: ReactNode }) {
  const pathname = usePathname();
  // Signed out (or not known yet), the sections would only lead back to the sign-in screen.
  const signedIn = Boolean(useIdentity());
  // The header's height, for the page's scroll-padding-top (globals.css): a field reached with Tab
  // scrolls clear of the sticky header rather than under it.
  const header = useRef<HTMLElement>(null);
  const menuToggle = useRef<HTMLButtonElement>(null);
  // On a phone the sections and the account's controls fold into a menu (globals.css), so the header
  // is one row. The menu is open on the page it was opened on: moving to another page folds it.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === pathname;
  function closeMenuOnEscape(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !menuOpen) return;
    setMenuOpenOn(null);
    menuToggle.current?.focus();
  }
  // A link followed from the menu folds it, even the current page's own.
  function closeMenuOnLink(event: MouseEvent) {
    if (event.target instanceof Element && event.target.closest('a')) setMenuOpenOn(null);
  }
  useSpaceOnRoot(header, '--header-space');
  return (
    <header className="topbar" ref={header} data-menu-open={menuOpen} onKeyDown={closeMenuOnEscape} onClick={closeMenuOnLink}>
      {signedIn && (
        <button
          ref={menuToggle}
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls={`${MAIN_NAV_ID} ${ACCOUNT_CONTROLS_ID}`}
          onClick={() => setMenuOpenOn(menuOpen ? null : pathname)}
        >
          <span aria-hidden="true">☰</span> Menu
        </button>
      )}
      <Link href="/" className="brand" aria-label="Tollbook home">
        Tollbook
      </Link>
      {signedIn && (
        <nav aria-label="Main" id={MAIN_NAV_ID}>
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
