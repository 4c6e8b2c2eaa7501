import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppNav } from './_components/app-nav';
import { RouteTitle } from './_components/document-title';
import { NoticeDock } from './_components/notice-dock';
import { SessionGate } from './_components/session-gate';
import { InstallOffer, PwaSupport } from './_components/service-worker';
import { SyncRefusals, SyncStatusBar } from './_components/sync-status';
import './globals.css';

// No `title`: the screens are client shells, so RouteTitle (and a screen naming its record) sets it.
export const metadata: Metadata = {
  description: 'Local-first invoicing for telecom carriers: usage, packages, invoices and PDFs, online or offline.',
  applicationName: 'Tollbook',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#1f4e79',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <RouteTitle />
        {/* The first Tab stop: past the header and its links, straight to the page's content. */}
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <div className="shell">
          <AppNav>
            <SyncStatusBar />
          </AppNav>
          {/* tabIndex -1: the skip link's target takes the focus, so the next Tab continues from it. */}
          <main className="content" id="main" tabIndex={-1}>
            {/* In the page's flow, above it: the offer never covers what the page shows. */}
            <InstallOffer />
            <SessionGate>{children}</SessionGate>
          </main>
        </div>
        {/* Notices that float over the page share one column, so none hides another. */}
        <NoticeDock>
          <SyncRefusals />
          <PwaSupport />
        </NoticeDock>
      </body>
    </html>
  );
}
