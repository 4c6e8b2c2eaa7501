-- An invoice may replace a void one (Void and replace, lib/mutators createReplacementInvoice): it
-- names the invoice it replaces, of the same customer, and the void one's screen finds its
-- replacement by it. Null on every invoice before this migration: what replaced what was never kept.
ALTER TABLE "invoices" ADD COLUMN "replaces_id" text;--> statement-breakpoint
CREATE INDEX "invoices_replaces_idx" ON "invoices" USING btree ("tenant_id","replaces_id") WHERE "invoices"."replaces_id" is not null;
