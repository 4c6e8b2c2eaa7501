CREATE TABLE "tenant_version_marks" (
	"tenant_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "tenant_version_marks_tenant_id_at_pk" PRIMARY KEY("tenant_id","at")
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "sync_floor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "pruned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_version_marks" ADD CONSTRAINT "tenant_version_marks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;