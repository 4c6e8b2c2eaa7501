import { handleTrpcRequest } from '@/server/http-handler';
import { getDatabase } from '@/server/instance';

export const dynamic = 'force-dynamic';

async function handler(req: Request): Promise<Response> {
  return handleTrpcRequest(req, await getDatabase());
}

export { handler as GET, handler as POST };
