import type { MetadataRoute } from 'next';

/**
 * The web app manifest (served at /manifest.webmanifest, linked from every page by Next). Colours
 * match globals.css: the accent bar is the theme, the page background the splash screen.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: 'Tollbook — invoicing for telecom carriers',
    short_name: 'Tollbook',
    description: 'Local-first invoicing for VoIP carriers: usage, packages, invoices and PDFs, online or offline.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    theme_color: '#1f4e79',
    background_color: '#f5f7fa',
    categories: ['business', 'finance', 'productivity'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    shortcuts: [
      {
        name: 'New invoice',
        short_name: 'New invoice',
        url: '/invoice/edit',
        icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
      },
      {
        name: 'Invoices',
        short_name: 'Invoices',
        url: '/invoices',
        icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
      },
    ],
  };
}
