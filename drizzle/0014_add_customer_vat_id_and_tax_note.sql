-- A customer may have a VAT id (EU invoices print the buyer's) and a tax note printed near the
-- totals (the reverse-charge wording of a 0% invoice). Customers stored before this migration have
-- neither: ''. Devices keep theirs absent until the customer is written again (lib/entities reads absent as '').
ALTER TABLE "customers" ADD COLUMN "vat_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tax_note" text DEFAULT '' NOT NULL;