// Usage from the compute gateway: batches of up to 1,000 events, each applied once ever by its
// producer-chosen id, priced, and debited from the tenant's lots (grants first) in one
// transaction per batch — one ledger transfer per lot touched, not one per event.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { computeProjects } from "#db/schema/credits";
import { orgDirectory } from "~/modules/identity/directory.server";
import { getDb, queryRows, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { isCleanText, jsonLiteral, lotPriority, parkAccount, postTransfers, saveLotChanges, takeFromLots, tenantAccounts, type TransferInput } from "./ledger.server";
import { loadPriceList, priceAt } from "./prices.server";
import { ALERT_THRESHOLDS_PERCENT, checkBalanceAlerts } from "./alerts.server";
import { isMeter, usageCostMilli, type Meter } from "./units";

export const MAX_BATCH = 1000;

export type UsageResult =
  | { id: string; status: "applied"; cost_milli: string }
  | { id: string; status: "duplicate"; cost_milli: string }
  | { id: string; status: "rejected"; reason: string };

interface ValidEvent {
  index: number;
  id: string;
  tenant: string;
  project: string | null;
  meter: Meter;
  model: string;
  quantity: bigint;
  startedAt: Date;
  endedAt: Date;
  /** Set once the tenant and price are known. */
  orgId: string;
  costMilli: bigint;
  projectId: string | null;
}

/** Largest quantity an event may report (10^15 GPU-seconds or tokens) and largest cost it may have. */
const MAX_QUANTITY = 10n ** 15n;
const MAX_EVENT_COST_MILLI = 10n ** 15n;
/**
 * The window an event's times must fall in, measured from when the batch arrives: it started at
 * most 35 days ago (a gateway that was offline for a month can still report, and a statement
 * month is never reopened long after it closed) and ended at most 5 minutes from now (clock skew
 * between the gateway and us). Documented for gateway authors on /compute/api.
 */
const USAGE_MAX_AGE_DAYS = 35;
const USAGE_MAX_FUTURE_MINUTES = 5;

/** An ISO 8601 date-time with its offset: "2026-11-20T01:00:00Z", "2026-11-20T09:00:00.5+08:00". */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * An instant written as ISO 8601 with an offset, or null. Every part is checked against the
 * calendar: JavaScript's Date reads "2026-02-30" as March 2, and we would have charged the price
 * of a day that was never named.
 */
export function parseIsoInstant(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const match = ISO_TIME.exec(value);
  if (!match) return null;
  // Plain arithmetic, no intermediate Date objects: this runs twice per usage event (~7 % of the
  // ingest's CPU when it made four Dates per call).
  const year = +match[1];
  const month = +match[2];
  const day = +match[3];
  const hour = +match[4];
  const minute = +match[5];
  const second = match[6] === undefined ? 0 : +match[6];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const zulu = match[8] !== undefined;
  const offsetHours = match[10] === undefined ? 0 : +match[10];
  const offsetMinutes = match[11] === undefined ? 0 : +match[11];
  if (!zulu && (offsetHours > 14 || offsetMinutes > 59)) return null;
  const offsetMs = zulu ? 0 : (match[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const fraction = match[7] === undefined ? 0 : +match[7].slice(0, 3).padEnd(3, "0");
  return new Date(daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + fraction - offsetMs);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar (year 1900 is not a leap year, 2000 is). */
function daysInMonth(year: number, month: number) {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function parseEvent(raw: unknown, index: number, now: Date): ValidEvent | { index: number; id: string; reason: string } {
  const e = (raw !== null && typeof raw === "object" && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const id = typeof e.id === "string" ? e.id : "";
  const reject = (reason: string) => ({ index, id, reason });
  if (!id || id.length > 200 || !isCleanText(id)) return reject("invalid_id");
  if (typeof e.tenant !== "string" || !e.tenant || e.tenant.length > 100 || !isCleanText(e.tenant)) return reject("unknown_tenant");
  if (!isMeter(e.meter)) return reject("unknown_meter");
  if (typeof e.model !== "string" || !e.model || e.model.length > 100 || !isCleanText(e.model)) return reject("unknown_model");
  const q = e.quantity;
  if (!(typeof q === "number" && Number.isSafeInteger(q) && q > 0) && !(typeof q === "string" && /^[1-9]\d{0,17}$/.test(q))) {
    return reject("bad_quantity");
  }
  const quantity = BigInt(q);
  if (quantity > MAX_QUANTITY) return reject("bad_quantity");
  const startedAt = parseIsoInstant(e.started_at);
  const endedAt = parseIsoInstant(e.ended_at);
  if (!startedAt || !endedAt || endedAt < startedAt) return reject("bad_time_range");
  if (startedAt.getTime() < now.getTime() - USAGE_MAX_AGE_DAYS * 86_400_000) return reject("too_old");
  if (endedAt.getTime() > now.getTime() + USAGE_MAX_FUTURE_MINUTES * 60_000) return reject("in_future");
  if (e.project !== undefined && e.project !== null && (typeof e.project !== "string" || !e.project || e.project.length > 100 || !isCleanText(e.project))) {
    return reject("unknown_project");
  }
  return {
    index,
    id,
    tenant: e.tenant,
    project: (e.project as string | null | undefined) ?? null,
    meter: e.meter,
    model: e.model,
    quantity,
    startedAt,
    endedAt,
    orgId: "",
    costMilli: 0n,
    projectId: null,
  };
}

/** Applies a batch; the answer lists every event, in order, as applied, duplicate or rejected. */
export async function ingestUsage(rawEvents: unknown[], now = new Date()): Promise<UsageResult[]> {
  if (!Array.isArray(rawEvents) || rawEvents.length === 0) throw new AppError("invalid", "errors.usageBatchEmpty");
  if (rawEvents.length > MAX_BATCH) throw new AppError("invalid", "errors.usageBatchTooLarge");
  const results: UsageResult[] = new Array(rawEvents.length);
  const valid: ValidEvent[] = [];
  for (const [index, raw] of rawEvents.entries()) {
    const parsed = parseEvent(raw, index, now);
    if ("reason" in parsed) results[index] = { id: parsed.id, status: "rejected", reason: parsed.reason };
    else valid.push(parsed);
  }
  if (valid.length === 0) return results;

  // Everything that needs no lock is settled before the transaction: tenants, prices, costs,
  // which project each code names, the park's usage account.
  const db = await getDb();
  const slugs = [...new Set(valid.map((e) => e.tenant))];
  const [tenants, prices, usageAccount] = await Promise.all([
    db
      .select({ id: orgDirectory.id, slug: orgDirectory.slug, status: orgDirectory.status })
      .from(orgDirectory)
      .where(and(inArray(orgDirectory.slug, slugs), eq(orgDirectory.kind, "tenant"))),
    loadPriceList(db),
    parkAccount(db, "usage"),
  ]);
  const tenantBySlug = new Map(tenants.map((t) => [t.slug, t]));

  const priced: ValidEvent[] = [];
  for (const e of valid) {
    const tenant = tenantBySlug.get(e.tenant);
    if (!tenant || tenant.status !== "active") {
      results[e.index] = { id: e.id, status: "rejected", reason: tenant ? "tenant_inactive" : "unknown_tenant" };
      continue;
    }
    const price = priceAt(prices, e.meter, e.model, e.startedAt);
    if (price === null) {
      // A model we price, but not yet at that time, is told apart from one we have never priced.
      const priced = prices.some((p) => p.meter === e.meter && p.model === e.model);
      results[e.index] = { id: e.id, status: "rejected", reason: priced ? "no_price" : "unknown_model" };
      continue;
    }
    const costMilli = usageCostMilli(e.meter, e.quantity, price);
    if (costMilli > MAX_EVENT_COST_MILLI) {
      results[e.index] = { id: e.id, status: "rejected", reason: "bad_quantity" };
      continue;
    }
    e.orgId = tenant.id;
    e.costMilli = costMilli;
    priced.push(e);
  }
  if (priced.length === 0) return results;

  const orgIds = [...new Set(priced.map((e) => e.orgId))].sort();
  const codes = [...new Set(priced.filter((e) => e.project).map((e) => e.project!))];
  if (codes.length) {
    const projects = await db
      .select({ id: computeProjects.id, orgId: computeProjects.orgId, code: computeProjects.code })
      .from(computeProjects)
      .where(and(inArray(computeProjects.orgId, orgIds), inArray(computeProjects.code, codes)));
    const projectByKey = new Map(projects.map((p) => [`${p.orgId}|${p.code}`, p.id]));
    for (const e of priced) if (e.project) e.projectId = projectByKey.get(`${e.orgId}|${e.project}`) ?? null;
  }
  const batchId = randomUUID();
  await db.transaction(async (tx) => applyPricedBatch(tx, batchId, orgIds, priced, results, usageAccount));
  return results;
}

/**
 * Whether a balance alert could fire: the lowest balance relative to the credits held that any
 * threshold reacts to. Below it `checkBalanceAlerts` decides (once per crossing); above it there is
 * nothing to check, which spares a batch several statements per tenant.
 */
const ALERT_CEILING_PERCENT = BigInt(Math.max(...ALERT_THRESHOLDS_PERCENT));

/**
 * One transaction per batch, in a fixed number of round trips whatever its size.
 *
 * 1. The events are inserted first, before any account is locked (`on conflict do nothing`, in
 *    id byte order so that two batches carrying the same ids wait for each other without
 *    deadlocking): a concurrent batch with one of these ids makes this one wait until it ends,
 *    then that id is found already there. Concurrent batches insert in parallel.
 * 2. The tenants' available accounts are locked — one tenant's batches queue here, so what
 *    follows is kept short — with the spendable lots and the projects named; these statements
 *    are sent together with the insert (one round trip for both steps). Only when some row did
 *    not go in are the rows of the batch's ids read (one more statement). Every event is decided
 *    in memory, in batch order: duplicate (or another tenant's id), unknown project, over budget,
 *    insufficient credits, or applied.
 * 3. Inserted events that were not applied are deleted again (never visible to anyone), the lots
 *    move, one usage transfer per lot touched is posted, project spending grows — single
 *    statements each reading one inlined JSON list, sent together (see `jsonLiteral`).
 */
async function applyPricedBatch(tx: Tx, batchId: string, orgIds: string[], events: ValidEvent[], results: UsageResult[], usageAccount: string) {
  // The rows to insert, grouped by tenant, each an array (not an object): half the bytes on the
  // wire. Times travel as epoch milliseconds, turned back into timestamps exactly. Read as jsonb:
  // parsed once, where `->>` on json would parse each row again for every field.
  const byOrg = new Map<string, unknown[][]>();
  const firstIds = new Set<string>();
  /** The event whose row this batch inserts for each id: only it can be applied under that id. */
  const storedEvent = new Map<string, ValidEvent>();
  let rowCount = 0;
  for (const e of events) {
    if (firstIds.has(e.id) || (e.project && !e.projectId)) continue;
    firstIds.add(e.id);
    storedEvent.set(e.id, e);
    const row = [e.id, e.projectId, e.meter, e.model, String(e.quantity), String(e.costMilli), e.startedAt.getTime(), e.endedAt.getTime()];
    const list = byOrg.get(e.orgId);
    if (list) list.push(row);
    else byOrg.set(e.orgId, [row]);
    rowCount++;
  }
  // Only a count comes back: in the usual case every row went in, and nothing more is needed.
  if (!/^[0-9a-f-]{36}$/.test(batchId)) throw new Error("a batch id is a UUID");
  const batch = sql.raw(`'${batchId}'::uuid`);
  const insertion = rowCount
    ? queryRows<{ n: number }>(
        tx,
        sql`with added as (
            insert into usage_events (id, org_id, project_id, meter, model, quantity, cost_milli, started_at, ended_at, batch_id)
            select r->>0, (g->>0)::uuid, (r->>1)::uuid, r->>2, r->>3, (r->>4)::bigint, (r->>5)::bigint,
                   timestamptz 'epoch' + (r->>6)::bigint * interval '1 millisecond',
                   timestamptz 'epoch' + (r->>7)::bigint * interval '1 millisecond',
                   ${batch}
            from jsonb_array_elements(${jsonLiteral([...byOrg])}::jsonb) as g, jsonb_array_elements(g->1) as r
            order by (r->>0) collate "C"
            on conflict do nothing
            returning 1)
          select count(*)::int as n from added`,
      )
    : null;

  const orgList = jsonLiteral(orgIds);
  const lockAccounts = () =>
    queryRows<{ id: string; org_id: string; balance: string }>(
      tx,
      sql`select id, org_id, balance_milli::text as balance from credit_accounts
          where org_id in (select value::uuid from json_array_elements_text(${orgList}::json)) and kind = 'available'
          order by id for update`,
    );
  const projectIds = [...new Set(events.filter((e) => e.projectId).map((e) => e.projectId!))];
  // Sent together with the insert (executed after it, in this order): one round trip fewer.
  const [added, lockedAccounts, lots, projects] = await Promise.all([
    insertion,
    lockAccounts(),
    // The spendable lots in the order usage takes them (`lotPriority`).
    queryRows<{ id: string; org_id: string; remaining: string }>(
      tx,
      sql`select id, org_id, remaining_milli::text as remaining from credit_lots
          where org_id in (select value::uuid from json_array_elements_text(${orgList}::json))
            and remaining_milli > 0 and (expires_at is null or expires_at > now())
          order by org_id, ${lotPriority}
          for update`,
    ),
    // `no key update`: adding to the rollups for a project takes a key-share lock on it (their
    // foreign key), which this must not wait for (that batch may be queued behind this one's
    // accounts).
    projectIds.length
      ? queryRows<{ id: string; budget: string | null; spent: string; held: string }>(
          tx,
          sql`select id, budget_milli::text as budget, spent_milli::text as spent, held_milli::text as held from compute_projects
              where id in (select value::uuid from json_array_elements_text(${jsonLiteral(projectIds)}::json))
              order by id for no key update`,
        )
      : [],
  ]);
  // Usually every row went in. Otherwise the ids this batch did not insert were applied before
  // (or by a batch that just committed): their rows are read in one more statement.
  let inserted = firstIds;
  let existing: { id: string; org_id: string; cost: string }[] = [];
  if (added === null || Number(added[0].n) !== rowCount) {
    const rows = await queryRows<{ id: string; org_id: string; cost: string; ours: boolean }>(
      tx,
      sql`select id, org_id, cost_milli::text as cost, batch_id = ${batch} as ours from usage_events
          where id in (select value from json_array_elements_text(${jsonLiteral([...new Set(events.map((e) => e.id))])}::json))`,
    );
    inserted = new Set(rows.filter((r) => r.ours).map((r) => r.id));
    existing = rows.filter((r) => !r.ours);
  }
  let accounts = lockedAccounts;
  if (accounts.length < orgIds.length) {
    // A tenant's first usage (it has no lots yet either, so nothing above was locked out of order).
    const known = new Set(accounts.map((a) => a.org_id));
    for (const orgId of orgIds) if (!known.has(orgId)) await tenantAccounts(tx, orgId);
    accounts = await lockAccounts();
  }
  const availableByOrg = new Map(accounts.map((a) => [a.org_id, a.id]));
  const seen = new Map(existing.map((e) => [e.id, { orgId: e.org_id, costMilli: BigInt(e.cost) }]));
  const lotsByOrg = new Map<string, { id: string; orgId: string; remainingMilli: bigint }[]>();
  for (const row of lots) {
    const lot = { id: row.id, orgId: row.org_id, remainingMilli: BigInt(row.remaining) };
    const list = lotsByOrg.get(lot.orgId);
    if (list) list.push(lot);
    else lotsByOrg.set(lot.orgId, [lot]);
  }
  const projectById = new Map(
    projects.map((p) => [p.id, { id: p.id, budgetMilli: p.budget === null ? null : BigInt(p.budget), spentMilli: BigInt(p.spent), heldMilli: BigInt(p.held) }]),
  );
  const projectSpend = new Map<string, bigint>();

  const applied = new Set<string>();
  const lotChanges = new Map<string, bigint>();
  const spentByOrg = new Map<string, bigint>();
  for (const e of events) {
    const prior = seen.get(e.id);
    if (prior !== undefined) {
      // The same id for another tenant is not a retry of this event: it is refused, not "done".
      results[e.index] =
        prior.orgId === e.orgId ? { id: e.id, status: "duplicate", cost_milli: String(prior.costMilli) } : { id: e.id, status: "rejected", reason: "id_conflict" };
      continue;
    }
    const stored = inserted.has(e.id) ? storedEvent.get(e.id)! : e;
    if (stored !== e && stored.index < e.index) {
      // A later copy of an id this batch stored from an earlier event that was refused: the id is
      // one event, so the copy gets the same answer (applying it would debit one event's cost
      // against another's stored row).
      results[e.index] = results[stored.index];
      continue;
    }
    if (e.project && !e.projectId) {
      results[e.index] = { id: e.id, status: "rejected", reason: "unknown_project" };
      continue;
    }
    const project = e.projectId ? projectById.get(e.projectId)! : null;
    if (project) {
      const spend = (projectSpend.get(project.id) ?? 0n) + e.costMilli;
      if (project.budgetMilli !== null && project.spentMilli + project.heldMilli + spend > project.budgetMilli) {
        results[e.index] = { id: e.id, status: "rejected", reason: "budget_exceeded" };
        continue;
      }
      projectSpend.set(project.id, spend);
    }
    const takes = e.costMilli === 0n ? [] : takeFromLots(lotsByOrg.get(e.orgId) ?? [], e.costMilli);
    if (takes === null) {
      if (project) projectSpend.set(project.id, projectSpend.get(project.id)! - e.costMilli);
      results[e.index] = { id: e.id, status: "rejected", reason: "insufficient_credits" };
      continue;
    }
    for (const take of takes) lotChanges.set(take.lotId, (lotChanges.get(take.lotId) ?? 0n) - take.amountMilli);
    spentByOrg.set(e.orgId, (spentByOrg.get(e.orgId) ?? 0n) + e.costMilli);
    seen.set(e.id, { orgId: e.orgId, costMilli: e.costMilli });
    applied.add(e.id);
    results[e.index] = { id: e.id, status: "applied", cost_milli: String(e.costMilli) };
  }

  const refused = [...inserted].filter((id) => !applied.has(id));
  const transfers: TransferInput[] = [];
  for (const lot of lots) {
    const change = lotChanges.get(lot.id);
    if (change) transfers.push({ from: availableByOrg.get(lot.org_id)!, to: usageAccount, amountMilli: -change, kind: "usage", reference: `usage:${batchId}`, lotId: lot.id });
  }
  const spent = [...projectSpend.entries()].filter(([, spend]) => spend > 0n).map(([id, spend]) => ({ id, spend: String(spend) }));
  const debited = [...spentByOrg.keys()];
  const rollups = usageRollups(events.filter((e) => results[e.index].status === "applied"));
  // Sent together, executed in this order.
  const [, , , , references] = await Promise.all([
    refused.length ? tx.execute(sql`delete from usage_events where id in (select value from json_array_elements_text(${jsonLiteral(refused)}::json))`) : null,
    saveLotChanges(tx, lotChanges),
    postTransfers(tx, transfers),
    spent.length
      ? tx.execute(
          sql`update compute_projects p set spent_milli = p.spent_milli + s.spend
              from json_to_recordset(${jsonLiteral(spent)}::json) as s(id uuid, spend bigint)
              where p.id = s.id`,
        )
      : null,
    debited.length
      ? queryRows<{ org_id: string; total: string }>(
          tx,
          sql`select org_id, coalesce(sum(amount_milli), 0)::text as total from credit_lots
              where org_id in (select value::uuid from json_array_elements_text(${jsonLiteral(debited)}::json))
                and (expires_at is null or expires_at > now())
              group by org_id`,
        )
      : [],
    rollups.hourly.length ? addToRollups(tx, batch, rollups) : null,
  ]);

  // Alerts: only tenants whose balance came near a threshold are checked in full.
  const referenceByOrg = new Map(references.map((r) => [r.org_id, BigInt(r.total)]));
  const balanceByOrg = new Map(accounts.map((a) => [a.org_id, BigInt(a.balance)]));
  for (const orgId of debited) {
    const balance = balanceByOrg.get(orgId)! - spentByOrg.get(orgId)!;
    const reference = referenceByOrg.get(orgId) ?? 0n;
    if (reference > 0n && balance * 100n <= reference * ALERT_CEILING_PERCENT) await checkBalanceAlerts(tx, orgId);
  }
}

/** Shanghai is UTC+8 all year, so a park hour is a UTC hour. */
const HOUR_MS = 3600_000;

/**
 * The batch's applied events summed per tenant, project, meter, model and park hour, and per
 * tenant (the statement's line for the batch). Rows are arrays, amounts strings, as elsewhere.
 */
function usageRollups(applied: ValidEvent[]) {
  const hours = new Map<string, { row: (string | number | null)[]; events: number; quantity: bigint; cost: bigint }>();
  const batches = new Map<string, { events: number; first: number; last: number; gpuSeconds: bigint; tokens: bigint }>();
  for (const e of applied) {
    const hour = Math.floor(e.startedAt.getTime() / HOUR_MS) * HOUR_MS;
    const key = `${e.orgId}|${e.projectId ?? ""}|${e.meter}|${e.model}|${hour}`;
    const sums = hours.get(key);
    if (sums) {
      sums.events++;
      sums.quantity += e.quantity;
      sums.cost += e.costMilli;
    } else hours.set(key, { row: [e.orgId, e.projectId, e.meter, e.model, hour], events: 1, quantity: e.quantity, cost: e.costMilli });
    const gpu = e.meter === "gpu_seconds";
    const batch = batches.get(e.orgId);
    if (batch) {
      batch.events++;
      batch.first = Math.min(batch.first, e.startedAt.getTime());
      batch.last = Math.max(batch.last, e.endedAt.getTime());
      if (gpu) batch.gpuSeconds += e.quantity;
      else batch.tokens += e.quantity;
    } else {
      batches.set(e.orgId, { events: 1, first: e.startedAt.getTime(), last: e.endedAt.getTime(), gpuSeconds: gpu ? e.quantity : 0n, tokens: gpu ? 0n : e.quantity });
    }
  }
  return {
    hourly: [...hours.values()].map((h) => [...h.row, h.events, String(h.quantity), String(h.cost)]),
    batches: [...batches].map(([orgId, b]) => [orgId, b.events, b.first, b.last, String(b.gpuSeconds), String(b.tokens)]),
  };
}

/**
 * Adds a batch's sums to the hourly and daily rollups and records its per-tenant line, in one
 * statement. Only ever called with the batch's tenants' accounts locked, so no two transactions
 * update one tenant's rollup rows at once (no deadlock, no lost update).
 */
function addToRollups(tx: Tx, batch: SQL, rollups: ReturnType<typeof usageRollups>) {
  const add = (table: string) =>
    sql.raw(`set events = ${table}.events + excluded.events, quantity = ${table}.quantity + excluded.quantity, cost_milli = ${table}.cost_milli + excluded.cost_milli`);
  return tx.execute(
    sql`with r as (
          select (x->>0)::uuid as org_id, (x->>1)::uuid as project_id, x->>2 as meter, x->>3 as model,
                 timestamptz 'epoch' + (x->>4)::bigint * interval '1 millisecond' as hour,
                 (x->>5)::bigint as events, (x->>6)::bigint as quantity, (x->>7)::bigint as cost_milli
          from jsonb_array_elements(${jsonLiteral(rollups.hourly)}::jsonb) as x),
        hourly as (
          insert into usage_hourly (org_id, project_id, meter, model, hour, events, quantity, cost_milli)
          select org_id, project_id, meter, model, hour, events, quantity, cost_milli from r
          on conflict on constraint usage_hourly_key do update ${add("usage_hourly")}),
        daily as (
          insert into usage_daily (org_id, project_id, meter, model, day, events, quantity, cost_milli)
          select org_id, project_id, meter, model, (hour at time zone 'Asia/Shanghai')::date, sum(events), sum(quantity), sum(cost_milli)
          from r group by 1, 2, 3, 4, 5
          on conflict on constraint usage_daily_key do update ${add("usage_daily")})
        insert into usage_batches (batch_id, org_id, events, first_started_at, last_ended_at, gpu_seconds, tokens)
        select ${batch}, (x->>0)::uuid, (x->>1)::int,
               timestamptz 'epoch' + (x->>2)::bigint * interval '1 millisecond',
               timestamptz 'epoch' + (x->>3)::bigint * interval '1 millisecond',
               (x->>4)::bigint, (x->>5)::bigint
        from jsonb_array_elements(${jsonLiteral(rollups.batches)}::jsonb) as x`,
  );
}
