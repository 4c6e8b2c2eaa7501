-- Removing a member marks their sessions instead of deleting them, so their devices can be told
-- the membership ended (their unsynced changes can never be sent) rather than "sign in again".
ALTER TABLE "sessions" ADD COLUMN "removed_at" timestamp with time zone;
