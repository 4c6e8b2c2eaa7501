import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files it loads from its own package folder at run time;
  // bundling it breaks those paths, so the server requires it from node_modules.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) before anything else; checking again
  // inside every build only doubles the time.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // On every response: no other site may frame the app (clickjacking: a full CSP is out of reach
  // while Next inlines its scripts, so the CSP says only that), no MIME sniffing, and no address of
  // ours (an invite link carries its token) sent to other sites as a Referer.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
