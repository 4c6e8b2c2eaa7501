/**
 * Drizzle schema of the sync server. Every synced row carries its tenant and the tenant version
 * that last touched it; deletes are tombstones so pulls can tell devices about them.
 */
import { bigint, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A provider's company account. `version` is the tenant's change counter, bumped under a row lock. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
