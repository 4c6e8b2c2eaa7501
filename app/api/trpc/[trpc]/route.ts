import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getDatabase } from '@/server/instance';
import { appRouter } from '@/server/root';
import { createContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

async function handler(req: Request): Promise<Response> {
  const database = await getDatabase();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createContext(database, req.headers),
  });
}

export { handler as GET, handler as POST };
