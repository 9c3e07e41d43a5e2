-- The credit ledger is append-only: a mistake is fixed by a reversing transfer, never by editing
-- or deleting an entry.
CREATE OR REPLACE FUNCTION credit_transfers_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit_transfers is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER credit_transfers_no_update_or_delete
  BEFORE UPDATE OR DELETE ON credit_transfers
  FOR EACH ROW EXECUTE FUNCTION credit_transfers_append_only();
