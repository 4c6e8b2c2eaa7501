-- A usage row's id starts with its customer's id (lib/cdr usageId: `<customer id>:<day>:<destination>`,
-- which putUsage now enforces). Compared as bytes, the ids of one customer are one range of the
-- primary key, so the server finds a customer's usage without an index by customer (drizzle/0006
-- dropped it to make ingest cheaper), and comparing ids no longer costs a strcoll each.
ALTER TABLE "usage" ALTER COLUMN "id" TYPE text COLLATE "C";
