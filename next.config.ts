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
};

export default nextConfig;
