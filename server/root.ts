/** Composes the routers; the app imports only `type AppRouter` from here. */
import { authRouter } from './routers/auth';
import { cdrRouter } from './routers/cdr';
import { healthRouter } from './routers/health';
import { syncRouter } from './routers/sync';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  sync: syncRouter,
  cdr: cdrRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
