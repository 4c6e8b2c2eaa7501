-- Usage rows are written by the tens of thousands per ingest transaction (server/cdr/ingest.ts
-- fold). Their foreign-key check per row and the index by customer (no server query reads usage by
-- customer; every customer's rows share one key there) were a third of the cost of each write.
ALTER TABLE "usage" DROP CONSTRAINT "usage_tenant_id_tenants_id_fk";
--> statement-breakpoint
DROP INDEX "usage_customer_idx";
--> statement-breakpoint
-- The tenant's delete trigger (drizzle/0005) now removes usage rows too, as the cascade did.
DROP TRIGGER "tenants_delete_cdrs" ON "tenants";
--> statement-breakpoint
DROP FUNCTION "delete_tenant_cdrs"();
--> statement-breakpoint
CREATE FUNCTION "delete_tenant_ingested_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM "cdr_keys" WHERE "tenant_id" IN (SELECT "id" FROM "removed");
	DELETE FROM "cdrs" WHERE "tenant_id" IN (SELECT "id" FROM "removed");
	DELETE FROM "usage" WHERE "tenant_id" IN (SELECT "id" FROM "removed");
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "tenants_delete_ingested_rows" AFTER DELETE ON "tenants" REFERENCING OLD TABLE AS "removed"
	FOR EACH STATEMENT EXECUTE FUNCTION "delete_tenant_ingested_rows"();
