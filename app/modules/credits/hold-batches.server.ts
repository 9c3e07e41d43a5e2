// Hold authorisation, batched per tenant (docs/decisions/022-hold-batches.md). A tenant's holds
// queue on its available-account row lock until each commit's WAL flush, so they used to run one
// after another, a statement and a flush each. Here each tenant has a lane: a hold that finds no
// batch of its tenant in flight is sent at once, alone (no waiting at low rates); holds that
// arrive while one is in flight wait for it and then go together, in arrival order, as ONE
// statement and ONE commit (`credit_authorise_holds`, migration 0023). The database still decides
// each hold on its own against what the ones before it left, so nothing is ever over-authorised,
// and other app instances' batches of the same tenant still queue on the same row lock.
import { sql } from "drizzle-orm";
import { getDb, queryRows } from "~/modules/platform/db.server";

/** One hold as the database function takes it (amount as text: bigint in JSON). */
export interface HoldRequest {
  id: string;
  project: string | null;
  amount_milli: string;
  ttl_seconds: number;
  description: string;
}

export interface AuthorisationAnswer {
  outcome: "created" | "duplicate" | "invalid" | "unknown_tenant" | "unknown_project" | "budget_exceeded" | "insufficient_credits" | "id_conflict";
  hold?: {
    id: string;
    org_id: string;
    project_id: string | null;
    amount_milli: string;
    captured_milli: string | null;
    status: string;
    description: string;
    expires_at_ms: number;
    created_at_ms: number;
    resolved_at_ms: number | null;
  };
}

interface Waiting {
  request: HoldRequest;
  resolve: (answer: AuthorisationAnswer) => void;
  reject: (error: unknown) => void;
}

/** At most this many holds in one statement; more wait for the next batch. */
const MAX_BATCH = 200;

/** Per tenant: the holds waiting for the batch in flight. A tenant's lane exists only while busy. */
const lanes = new Map<string, Waiting[]>();

/** Decides one hold of `tenant`, together with the tenant's other holds waiting at that moment. */
export function authoriseHold(tenant: string, request: HoldRequest): Promise<AuthorisationAnswer> {
  return new Promise((resolve, reject) => {
    const waiting = lanes.get(tenant);
    if (waiting) {
      waiting.push({ request, resolve, reject });
      return;
    }
    const lane: Waiting[] = [{ request, resolve, reject }];
    lanes.set(tenant, lane);
    void drain(tenant, lane);
  });
}

async function drain(tenant: string, lane: Waiting[]) {
  try {
    while (lane.length) {
      await runBatch(tenant, lane.splice(0, MAX_BATCH));
    }
  } finally {
    lanes.delete(tenant);
  }
}

/** Settles every hold of the batch; never throws. */
async function runBatch(tenant: string, batch: Waiting[]) {
  try {
    const answers = await authoriseTogether(
      tenant,
      batch.map((w) => w.request),
    );
    batch.forEach((w, i) => w.resolve(answers[i]));
  } catch (error) {
    if (batch.length === 1) {
      batch[0].reject(error);
      return;
    }
    // The statement failed as a whole, so it changed nothing (one autocommitted statement). Each
    // hold is tried again on its own, so that whatever failed fails only the hold it belongs to.
    await Promise.all(
      batch.map(async (w) => {
        try {
          w.resolve((await authoriseTogether(tenant, [w.request]))[0]);
        } catch (own) {
          w.reject(own);
        }
      }),
    );
  }
}

async function authoriseTogether(tenant: string, requests: HoldRequest[]): Promise<AuthorisationAnswer[]> {
  const db = await getDb();
  const [row] = await queryRows<{ answers: string }>(db, sql`select credit_authorise_holds(${tenant}, ${JSON.stringify(requests)}::json) as answers`);
  const answers = JSON.parse(row.answers) as AuthorisationAnswer[];
  if (answers.length !== requests.length) throw new Error(`credit_authorise_holds answered ${answers.length} of ${requests.length} holds`);
  return answers;
}
