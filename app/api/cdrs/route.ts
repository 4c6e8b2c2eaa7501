import { handleCdrIngest } from '@/server/cdr/http';
import { getDatabase } from '@/server/instance';

export const dynamic = 'force-dynamic';

export async function POST(req: Request): Promise<Response> {
  return handleCdrIngest(req, await getDatabase());
}
