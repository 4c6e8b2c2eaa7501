import { migrationState } from '../db';
import { publicProcedure, router } from '../trpc';

export const healthRouter = router({
  /** Which database this server runs on and whether every committed migration is applied. */
  check: publicProcedure.query(async ({ ctx }) => {
    const migrations = await migrationState(ctx.database.db);
    return { ok: migrations.upToDate, database: ctx.database.kind, migrations };
  }),
});
