-- A credit note may name the issued invoice it credits (Credit note… on the invoice's page, lib/mutators
-- createCreditNote), of the same customer; its screen and PDF print "Credits invoice <number>". Null on
-- every invoice before this migration: credit notes made by hand never named the invoice they corrected.
ALTER TABLE "invoices" ADD COLUMN "credits_id" text;
