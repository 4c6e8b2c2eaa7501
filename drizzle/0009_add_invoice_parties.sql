-- An issued invoice keeps the seller's and customer's details it was issued with (lib/invoice-parties),
-- so editing My Account or the customer no longer changes it. Null on drafts, and on invoices issued
-- before this migration: what they printed then was never stored, so they keep showing the live details.
ALTER TABLE "invoices" ADD COLUMN "parties" jsonb;
