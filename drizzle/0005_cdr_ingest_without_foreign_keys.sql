ALTER TABLE "cdr_keys" DROP CONSTRAINT "cdr_keys_tenant_id_tenants_id_fk";
--> statement-breakpoint
-- Ingest without foreign-key checks (one per CDR and per key, a third of the cost of ingest).
-- Referential integrity is kept by the writers (ingest and push write under a lock on an existing
-- tenant row) and by this trigger, which deletes a removed tenant's CDRs and keys as the cascade did.
ALTER TABLE "cdrs" DROP CONSTRAINT "cdrs_tenant_id_fkey";--> statement-breakpoint
-- Keys compare as bytes: the database's locale collation costs a strcoll per comparison.
ALTER TABLE "cdr_keys" ALTER COLUMN "key" TYPE text COLLATE "C";--> statement-breakpoint
CREATE FUNCTION "delete_tenant_cdrs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM "cdr_keys" WHERE "tenant_id" IN (SELECT "id" FROM "removed");
	DELETE FROM "cdrs" WHERE "tenant_id" IN (SELECT "id" FROM "removed");
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "tenants_delete_cdrs" AFTER DELETE ON "tenants" REFERENCING OLD TABLE AS "removed"
	FOR EACH STATEMENT EXECUTE FUNCTION "delete_tenant_cdrs"();
