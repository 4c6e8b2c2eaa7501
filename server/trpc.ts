/**
 * tRPC set-up in three parts: the context each request gets, the tRPC instance, and the procedures
 * routers build on.
 */
import { initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import type { Database } from './db';

// 1. Context ---------------------------------------------------------------------------------
export interface Context {
  database: Database;
  headers: Headers;
}

export function createContext(database: Database, headers: Headers = new Headers()): Context {
  return { database, headers };
}

// 2. Initialisation --------------------------------------------------------------------------
const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Name the offending field: "customers.0.name: is required" reaches the client as data.issues.
    const issues =
      error.cause instanceof ZodError
        ? error.cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
        : undefined;
    return { ...shape, data: { ...shape.data, issues } };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

// 3. Procedures ------------------------------------------------------------------------------
export const publicProcedure = t.procedure;
