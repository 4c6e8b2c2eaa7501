-- Browser CDR imports are recorded (cdr_imports, with what each importCdrs mutation billed per usage row
-- in cdr_import_parts), so one can be listed and undone; each key a browser import claims names its
-- import (cdr_keys.import_id) so undoing it forgets them. Keys claimed before, and POST /api/cdrs's, stay null.
CREATE TABLE "cdr_import_parts" (
	"tenant_id" uuid NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"import_id" text NOT NULL,
	"cells" jsonb NOT NULL,
	CONSTRAINT "cdr_import_parts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "cdr_imports" (
	"tenant_id" uuid NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"file_name" text NOT NULL,
	"imported_at" text NOT NULL,
	"imported_by" text NOT NULL,
	"status" text NOT NULL,
	"undone_at" text,
	"undone_by" text,
	"cdrs" bigint NOT NULL,
	"calls" bigint NOT NULL,
	"billed_seconds" bigint NOT NULL,
	"charges" jsonb NOT NULL,
	"customer_ids" jsonb NOT NULL,
	"first_day" date,
	"last_day" date,
	CONSTRAINT "cdr_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "cdr_keys" ADD COLUMN "import_id" text;--> statement-breakpoint
ALTER TABLE "cdr_import_parts" ADD CONSTRAINT "cdr_import_parts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdr_imports" ADD CONSTRAINT "cdr_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cdr_import_parts_version_idx" ON "cdr_import_parts" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "cdr_import_parts_import_idx" ON "cdr_import_parts" USING btree ("tenant_id","import_id");--> statement-breakpoint
CREATE INDEX "cdr_imports_version_idx" ON "cdr_imports" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "cdr_keys_import_idx" ON "cdr_keys" USING btree ("tenant_id","import_id") WHERE "cdr_keys"."import_id" is not null;