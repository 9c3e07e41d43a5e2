-- Hold authorisation in one statement (docs/decisions/015-hold-authorisation-in-one-statement.md).
-- A hold locks its tenant's available account, so holds of one tenant run one at a time; done
-- from the application that lock was held over ~8 round trips, each waiting for the Node event
-- loop. Here the whole decision and its writes run inside the server: the lock is held for the
-- function's few statements and the commit. Same rules and lock order as before: available
-- account, then lots (spending order), then the project; every check before any write, so a
-- refusal changes nothing. Answers JSON text: {"outcome": …, "hold": {…}}.
CREATE OR REPLACE FUNCTION credit_hold_json(p_outcome text, h credit_holds) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object(
    'outcome', p_outcome,
    'hold', json_build_object(
      'id', h.id, 'org_id', h.org_id, 'project_id', h.project_id,
      'amount_milli', h.amount_milli::text, 'captured_milli', h.captured_milli::text,
      'status', h.status, 'description', h.description,
      'expires_at_ms', floor(extract(epoch FROM h.expires_at) * 1000)::bigint,
      'created_at_ms', floor(extract(epoch FROM h.created_at) * 1000)::bigint,
      'resolved_at_ms', floor(extract(epoch FROM h.resolved_at) * 1000)::bigint))::text
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION credit_authorise_hold(
  p_id text, p_tenant text, p_project text, p_amount_milli bigint, p_ttl_seconds integer, p_description text
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_org uuid;
  v_available uuid;
  v_held uuid;
  v_hold credit_holds%ROWTYPE;
  v_project compute_projects%ROWTYPE;
  v_lot record;
  v_left bigint := p_amount_milli;
  v_take bigint;
  v_lot_ids uuid[] := '{}';
  v_takes bigint[] := '{}';
BEGIN
  IF p_amount_milli IS NULL OR p_amount_milli <= 0 THEN
    RAISE EXCEPTION 'a hold amount is positive' USING ERRCODE = 'check_violation';
  END IF;
  SELECT id INTO v_org FROM organisations WHERE slug = p_tenant AND kind = 'tenant' AND status = 'active';
  IF v_org IS NULL THEN
    RETURN json_build_object('outcome', 'unknown_tenant')::text;
  END IF;
  SELECT id INTO v_available FROM credit_accounts WHERE org_id = v_org AND kind = 'available' FOR UPDATE;
  SELECT id INTO v_held FROM credit_accounts WHERE org_id = v_org AND kind = 'held';
  IF v_available IS NULL OR v_held IS NULL THEN
    -- A tenant's first movement: its accounts come into being (as `tenantAccounts` does).
    INSERT INTO credit_accounts (org_id, kind) VALUES (v_org, 'available'), (v_org, 'held') ON CONFLICT DO NOTHING;
    SELECT id INTO v_available FROM credit_accounts WHERE org_id = v_org AND kind = 'available' FOR UPDATE;
    SELECT id INTO v_held FROM credit_accounts WHERE org_id = v_org AND kind = 'held';
  END IF;
  -- Holds of this tenant queue on the lock above, so a retry with the same id finds the first.
  SELECT * INTO v_hold FROM credit_holds WHERE id = p_id;
  IF FOUND THEN
    IF v_hold.org_id <> v_org THEN
      RETURN json_build_object('outcome', 'id_conflict')::text;
    END IF;
    RETURN credit_hold_json('duplicate', v_hold);
  END IF;
  IF p_project IS NOT NULL THEN
    -- Not `for update`: a usage batch naming this project holds a key-share lock on it while it
    -- waits for this tenant's account, which this transaction holds.
    SELECT * INTO v_project FROM compute_projects WHERE org_id = v_org AND code = p_project FOR NO KEY UPDATE;
    IF NOT FOUND THEN
      RETURN json_build_object('outcome', 'unknown_project')::text;
    END IF;
    IF v_project.budget_milli IS NOT NULL AND v_project.spent_milli + v_project.held_milli + p_amount_milli > v_project.budget_milli THEN
      RETURN json_build_object('outcome', 'budget_exceeded')::text;
    END IF;
  END IF;
  -- The spendable lots in the order usage takes them (`lotPriority`): grants and bonuses by
  -- soonest expiry, then purchases, oldest first.
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
    RETURN json_build_object('outcome', 'insufficient_credits')::text;
  END IF;

  INSERT INTO credit_holds (id, org_id, project_id, amount_milli, description, expires_at)
  VALUES (p_id, v_org, v_project.id, p_amount_milli, coalesce(p_description, ''), now() + make_interval(secs => p_ttl_seconds))
  RETURNING * INTO v_hold;
  UPDATE credit_lots l SET remaining_milli = l.remaining_milli - t.take
  FROM unnest(v_lot_ids, v_takes) AS t(id, take) WHERE l.id = t.id;
  UPDATE credit_accounts SET balance_milli = balance_milli + CASE WHEN id = v_available THEN -p_amount_milli ELSE p_amount_milli END
  WHERE id IN (v_available, v_held);
  INSERT INTO credit_transfers (debit_account_id, credit_account_id, amount_milli, kind, reference, lot_id)
  SELECT v_available, v_held, t.take, 'hold', 'hold:' || p_id, t.id FROM unnest(v_lot_ids, v_takes) WITH ORDINALITY AS t(id, take, n) ORDER BY t.n;
  IF v_project.id IS NOT NULL THEN
    UPDATE compute_projects SET held_milli = held_milli + p_amount_milli WHERE id = v_project.id;
  END IF;
  RETURN credit_hold_json('created', v_hold);
END;
$$;
