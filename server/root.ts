/** Composes the routers; the app imports only `type AppRouter` from here. */
import { healthRouter } from './routers/health';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
