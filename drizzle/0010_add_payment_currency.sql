-- A payment keeps its own currency: what it received beyond its allocations stays as the customer's
-- credit in that currency (lib/entities paymentSchema). Payments recorded before were all allocated
-- in full to invoices of one currency: each takes its first invoice's, or, should that invoice be
-- gone, its customer's, then the account's currency.
ALTER TABLE "payments" ADD COLUMN "currency" text;--> statement-breakpoint
UPDATE "payments" AS p SET "currency" = COALESCE(
  (SELECT i."currency" FROM "invoices" AS i WHERE i."tenant_id" = p."tenant_id" AND i."id" = p."allocations" -> 0 ->> 'invoiceId'),
  (SELECT c."currency" FROM "customers" AS c WHERE c."tenant_id" = p."tenant_id" AND c."id" = p."customer_id"),
  (SELECT a."currency" FROM "account" AS a WHERE a."tenant_id" = p."tenant_id" LIMIT 1),
  'USD'
);--> statement-breakpoint
ALTER TABLE "payments" ALTER COLUMN "currency" SET NOT NULL;
