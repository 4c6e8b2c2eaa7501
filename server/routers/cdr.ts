/** API keys for CDR ingest (`POST /api/cdrs`): owners create, list and revoke them. */
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../cdr/api-keys';
import { ownerProcedure, router } from '../trpc';

export const cdrRouter = router({
  /** The key is in this response only; the server keeps its hash. */
  createKey: ownerProcedure
    .input(z.object({ name: z.string().trim().min(1, { message: 'is required' }).max(100, { message: 'must be at most 100 characters' }) }))
    .mutation(({ ctx, input }) => createApiKey(ctx.database, { tenantId: ctx.tenantId, userId: ctx.user.id, name: input.name })),

  listKeys: ownerProcedure.query(({ ctx }) => listApiKeys(ctx.database, ctx.tenantId)),

  revokeKey: ownerProcedure.input(z.object({ id: z.string().uuid() })).mutation(({ ctx, input }) => revokeApiKey(ctx.database, ctx.tenantId, input.id)),
});
