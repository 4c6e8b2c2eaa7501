-- What a mutation undid of other devices' changes (lib/overridden-changes) gets a table of its own,
-- keyed by tenant and version as pull reads it. Until now each was a row of mutation_results with
-- status 'overrode' under the negated tenant version, which every pull found by joining clients.
-- Those rows move here, so an upgraded server still tells the devices that have not pulled them.
CREATE TABLE "sync_notices" (
	"tenant_id" uuid NOT NULL,
	"version" bigint NOT NULL,
	"client_id" uuid NOT NULL,
	"changes" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_notices_tenant_id_version_pk" PRIMARY KEY("tenant_id","version")
);
--> statement-breakpoint
ALTER TABLE "sync_notices" ADD CONSTRAINT "sync_notices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "sync_notices" ("tenant_id", "version", "client_id", "changes", "created_at")
  SELECT c."tenant_id", -r."mutation_id", r."client_id", r."error", r."at"
  FROM "mutation_results" AS r JOIN "clients" AS c ON c."id" = r."client_id"
  WHERE r."status" = 'overrode' AND r."mutation_id" < 0
  ON CONFLICT DO NOTHING;--> statement-breakpoint
DELETE FROM "mutation_results" WHERE "status" = 'overrode';
