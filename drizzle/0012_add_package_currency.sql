-- A package is priced in a currency (lib/entities packageSchema.currency): assignPackage refuses one
-- in another currency than the customer's, and Generate Invoice never bills one so. The packages of
-- before were priced in no currency and billed in whichever the customer had; they take their
-- account's default currency (My Account), which is what they were meant in. A tenant without an
-- account row has the default account's, USD (lib/mutators defaultAccount). Devices holding them
-- fill in the same on their side (app/_local/db.ts), as these rows are not sent again.
ALTER TABLE "packages" ADD COLUMN "currency" text;--> statement-breakpoint
UPDATE "packages" SET "currency" = coalesce(
  (SELECT "account"."currency" FROM "account" WHERE "account"."tenant_id" = "packages"."tenant_id" AND "account"."id" = 'account'),
  'USD'
);--> statement-breakpoint
ALTER TABLE "packages" ALTER COLUMN "currency" SET NOT NULL;
