-- Holds of one tenant authorised together (docs/decisions/022-hold-batches.md).
-- The tenant's available-account lock is held until the commit's WAL flush, so holds of one
-- tenant run one after another, each paying a statement and a flush. `credit_authorise_holds`
-- takes every hold of one tenant that the application has waiting (a JSON array, in arrival
-- order) and decides them in ONE statement and ONE commit: the lock is taken once, the flush is
-- paid once per batch. Each hold is still decided on its own, in order, against what the holds
-- before it in the batch left (the lots' and the project's rows as this transaction updated
-- them), with the rules of migration 0015: unknown tenant; a hold with this id (same tenant:
-- the first answer, `duplicate`, also when the first is earlier in the same batch; another
-- tenant: `id_conflict`); the project and its budget; the spendable lots in `lotPriority` order;
-- every check before any write, so a refused hold changes nothing. A refusal is an answer, not an
-- error, so one hold's refusal never undoes the others: an id taken at the same instant by
-- another tenant's hold is `id_conflict` (ON CONFLICT DO NOTHING), not a unique violation.
-- Lock order unchanged: available account, then lots, then projects. The two account balances
-- are updated once, by the batch's total. Answers a JSON array of {"outcome": …, "hold": {…}},
-- one per hold, in the order given.
CREATE OR REPLACE FUNCTION credit_authorise_holds(p_tenant text, p_holds json) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_org uuid;
  v_available uuid;
  v_held uuid;
  v_item json;
  v_id text;
  v_amount bigint;
  v_answers text[] := '{}';
  v_total bigint := 0;
  v_hold credit_holds%ROWTYPE;
  v_project compute_projects%ROWTYPE;
  v_project_id uuid;
  v_lot record;
  v_left bigint;
  v_take bigint;
  v_lot_ids uuid[];
  v_takes bigint[];
BEGIN
  SELECT id INTO v_org FROM organisations WHERE slug = p_tenant AND kind = 'tenant' AND status = 'active';
  IF v_org IS NULL THEN
    RETURN (SELECT coalesce(json_agg(json_build_object('outcome', 'unknown_tenant')), '[]'::json)::text FROM json_array_elements(p_holds));
  END IF;
  SELECT id INTO v_available FROM credit_accounts WHERE org_id = v_org AND kind = 'available' FOR UPDATE;
  SELECT id INTO v_held FROM credit_accounts WHERE org_id = v_org AND kind = 'held';
  IF v_available IS NULL OR v_held IS NULL THEN
    -- A tenant's first movement: its accounts come into being (as `tenantAccounts` does).
    INSERT INTO credit_accounts (org_id, kind) VALUES (v_org, 'available'), (v_org, 'held') ON CONFLICT DO NOTHING;
    SELECT id INTO v_available FROM credit_accounts WHERE org_id = v_org AND kind = 'available' FOR UPDATE;
    SELECT id INTO v_held FROM credit_accounts WHERE org_id = v_org AND kind = 'held';
  END IF;

  <<holds>>
  FOR v_item IN SELECT value FROM json_array_elements(p_holds) LOOP
    v_id := v_item->>'id';
    v_amount := (v_item->>'amount_milli')::bigint;
    v_project_id := NULL;
    IF v_id IS NULL OR v_amount IS NULL OR v_amount <= 0 THEN
      v_answers := v_answers || json_build_object('outcome', 'invalid')::text;
      CONTINUE holds;
    END IF;
    -- Holds of this tenant queue on the lock above (and earlier holds of this batch are visible
    -- to this statement), so a retry with the same id finds the first.
    SELECT * INTO v_hold FROM credit_holds WHERE id = v_id;
    IF FOUND THEN
      IF v_hold.org_id <> v_org THEN
        v_answers := v_answers || json_build_object('outcome', 'id_conflict')::text;
      ELSE
        v_answers := v_answers || credit_hold_json('duplicate', v_hold);
      END IF;
      CONTINUE holds;
    END IF;
    IF v_item->>'project' IS NOT NULL THEN
      -- Not `for update`: a usage batch naming this project holds a key-share lock on it while it
      -- waits for this tenant's account, which this transaction holds.
      SELECT * INTO v_project FROM compute_projects WHERE org_id = v_org AND code = v_item->>'project' FOR NO KEY UPDATE;
      IF NOT FOUND THEN
        v_answers := v_answers || json_build_object('outcome', 'unknown_project')::text;
        CONTINUE holds;
      END IF;
      IF v_project.budget_milli IS NOT NULL AND v_project.spent_milli + v_project.held_milli + v_amount > v_project.budget_milli THEN
        v_answers := v_answers || json_build_object('outcome', 'budget_exceeded')::text;
        CONTINUE holds;
      END IF;
      v_project_id := v_project.id;
    END IF;
    -- The spendable lots in the order usage takes them (`lotPriority`): grants and bonuses by
    -- soonest expiry, then purchases, oldest first. What earlier holds of the batch took is
    -- already gone from `remaining_milli`.
    v_left := v_amount;
    v_lot_ids := '{}';
    v_takes := '{}';
    FOR v_lot IN
      SELECT id, remaining_milli FROM credit_lots
      WHERE org_id = v_org AND remaining_milli > 0 AND (expires_at IS NULL OR expires_at > now())
      ORDER BY CASE WHEN source = 'purchase' THEN 1 ELSE 0 END, expires_at ASC NULLS LAST, created_at ASC, id ASC
      FOR UPDATE
    LOOP
      EXIT WHEN v_left = 0;
      v_take := least(v_lot.remaining_milli, v_left);
      v_lot_ids := v_lot_ids || v_lot.id;
      v_takes := v_takes || v_take;
      v_left := v_left - v_take;
    END LOOP;
    IF v_left > 0 THEN
      v_answers := v_answers || json_build_object('outcome', 'insufficient_credits')::text;
      CONTINUE holds;
    END IF;

    -- Another tenant's hold may have taken this id at the same instant: then nothing is written.
    INSERT INTO credit_holds (id, org_id, project_id, amount_milli, description, expires_at)
    VALUES (v_id, v_org, v_project_id, v_amount, coalesce(v_item->>'description', ''),
            now() + make_interval(secs => coalesce((v_item->>'ttl_seconds')::integer, 86400)))
    ON CONFLICT (id) DO NOTHING
    RETURNING * INTO v_hold;
    IF NOT FOUND THEN
      v_answers := v_answers || json_build_object('outcome', 'id_conflict')::text;
      CONTINUE holds;
    END IF;
    UPDATE credit_lots l SET remaining_milli = l.remaining_milli - t.take
    FROM unnest(v_lot_ids, v_takes) AS t(id, take) WHERE l.id = t.id;
    INSERT INTO credit_transfers (debit_account_id, credit_account_id, amount_milli, kind, reference, lot_id)
    SELECT v_available, v_held, t.take, 'hold', 'hold:' || v_id, t.id FROM unnest(v_lot_ids, v_takes) WITH ORDINALITY AS t(id, take, n) ORDER BY t.n;
    IF v_project_id IS NOT NULL THEN
      UPDATE compute_projects SET held_milli = held_milli + v_amount WHERE id = v_project_id;
    END IF;
    v_total := v_total + v_amount;
    v_answers := v_answers || credit_hold_json('created', v_hold);
  END LOOP;

  IF v_total > 0 THEN
    UPDATE credit_accounts SET balance_milli = balance_milli + CASE WHEN id = v_available THEN -v_total ELSE v_total END
    WHERE id IN (v_available, v_held);
  END IF;
  RETURN '[' || array_to_string(v_answers, ',') || ']';
END;
$$;
--> statement-breakpoint
-- The one-hold form (migration 0015) is now a batch of one, so the rules live in one place.
CREATE OR REPLACE FUNCTION credit_authorise_hold(
  p_id text, p_tenant text, p_project text, p_amount_milli bigint, p_ttl_seconds integer, p_description text
) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF p_amount_milli IS NULL OR p_amount_milli <= 0 THEN
    RAISE EXCEPTION 'a hold amount is positive' USING ERRCODE = 'check_violation';
  END IF;
  RETURN (credit_authorise_holds(p_tenant, json_build_array(json_build_object(
    'id', p_id, 'project', p_project, 'amount_milli', p_amount_milli::text,
    'ttl_seconds', p_ttl_seconds, 'description', p_description))))::json ->> 0;
END;
$$;
