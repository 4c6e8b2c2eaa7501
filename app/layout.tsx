import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppNav } from './_components/app-nav';
import { PwaSupport } from './_components/service-worker';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tollbook', template: '%s · Tollbook' },
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
        <div className="shell">
          <AppNav />
          <main className="content" id="main">
            {children}
          </main>
        </div>
        <PwaSupport />
      </body>
    </html>
  );
}
