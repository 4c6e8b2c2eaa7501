CREATE TABLE "cdr_api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "cdr_api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "cdr_keys" (
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "cdr_keys_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
ALTER TABLE "cdr_api_keys" ADD CONSTRAINT "cdr_api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdr_api_keys" ADD CONSTRAINT "cdr_api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdr_keys" ADD CONSTRAINT "cdr_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cdr_api_keys_tenant_idx" ON "cdr_api_keys" USING btree ("tenant_id");--> statement-breakpoint
-- Raw CDRs as ingested, partitioned by the month (UTC) of call start: a month is dropped or
-- archived as one table. Not in server/schema.ts (drizzle-kit cannot describe partitioning);
-- server/cdr/partitions.ts creates each month's partition before the first CDR of that month.
-- Duplicates never get here: server/cdr/ingest.ts inserts only CDRs whose key was new in cdr_keys.
CREATE TABLE "cdrs" (
	"tenant_id" uuid NOT NULL REFERENCES "public"."tenants"("id") ON DELETE cascade,
	"key" text NOT NULL,
	"call_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"customer_id" text NOT NULL,
	"destination_number" text NOT NULL,
	"destination" text NOT NULL,
	"destination_name" text NOT NULL,
	"seconds" integer NOT NULL,
	"billed_seconds" integer NOT NULL,
	"charge" numeric NOT NULL,
	"currency" text NOT NULL,
	"usage_day" date NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
) PARTITION BY RANGE ("started_at");
