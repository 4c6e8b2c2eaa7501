-- My Account's home country: the calling code of the country whose national numbers the company's
-- switches write in CDRs (lib/destinations homeNumbering). Accounts stored before this migration
-- have none (''): CDRs are read as before. Devices keep it absent until the account is written again.
ALTER TABLE "account" ADD COLUMN "home_country" text DEFAULT '' NOT NULL;
