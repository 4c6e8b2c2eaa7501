/**
 * The HTTP server `npm start` runs (scripts/start.mjs, after its checks and the build): Next's
 * production server, with one thing `next start` cannot do. With no proxy in front (PROXY_HOPS=0,
 * the default) the X-Forwarded-For a client sends is replaced by the connection's own address:
 * `next start` keeps a client's header, so the rate limits would count whatever address the
 * client made up. Behind proxies (PROXY_HOPS ≥ 1) the header is theirs and passes untouched.
 */
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
// scripts/preflight.ts has checked both (server/env.ts).
const port = Number(process.env.PORT || 3000);
const proxyHops = Number(process.env.PROXY_HOPS || 0);

const app = next({ dev: false, dir: root, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  if (proxyHops === 0) request.headers['x-forwarded-for'] = request.socket.remoteAddress ?? '';
  void handle(request, response);
});
server.on('error', (error) => {
  console.error(`tollbook: cannot serve on port ${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, () => console.log(`tollbook: serving on http://localhost:${port}`));
