// A small PostgreSQL-backed job queue (see docs/decisions/003-job-queue.md): jobs are rows, workers
// claim them with FOR UPDATE SKIP LOCKED, failures retry with exponential backoff.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { jobs } from "#db/schema/platform";
import { getDb, queryRows, type DbOrTx } from "./db.server";
import { parkDate } from "./dates";
import { logger } from "./logger.server";

/** `attempts` counts this run; when it equals `maxAttempts` a failure is final. */
export type JobHandler = (
  payload: Record<string, unknown>,
  job: { id: string; attempts: number; maxAttempts: number },
) => Promise<void>;

const handlers = new Map<string, JobHandler>();
const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
/** A job locked longer than this is taken to belong to a dead worker and is run again. */
const LOCK_TIMEOUT_SECONDS = 300;

export function registerJobHandler(kind: string, handler: JobHandler) {
  handlers.set(kind, handler);
}

export interface EnqueueOptions {
  runAt?: Date;
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Enqueue inside the caller's transaction, so the job exists exactly when the change commits. */
export async function enqueueJob(db: DbOrTx, kind: string, payload: Record<string, unknown>, options: EnqueueOptions = {}) {
  const rows = await db
    .insert(jobs)
    .values({
      kind,
      payload,
      runAt: options.runAt ?? new Date(),
      dedupeKey: options.dedupeKey,
      maxAttempts: options.maxAttempts ?? 5,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}

interface ClaimedJob extends Record<string, unknown> {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

async function claimNextJob(): Promise<ClaimedJob | undefined> {
  const db = await getDb();
  const rows = await queryRows<ClaimedJob>(
    db,
    sql`update jobs set status = 'running', locked_at = now(), locked_by = ${workerId}, attempts = attempts + 1
        where id = (
          select id from jobs
          where (status = 'queued' and run_at <= now())
             or (status = 'running' and locked_at < now() - make_interval(secs => ${LOCK_TIMEOUT_SECONDS}))
          order by run_at
          for update skip locked
          limit 1)
        returning id, kind, payload, attempts, max_attempts`,
  );
  return rows[0];
}

async function runJob(job: ClaimedJob) {
  const db = await getDb();
  const handler = handlers.get(job.kind);
  try {
    if (!handler) throw new Error(`no handler registered for job kind ${job.kind}`);
    await handler(job.payload, { id: job.id, attempts: job.attempts, maxAttempts: job.max_attempts });
    await db
      .update(jobs)
      .set({ status: "done", finishedAt: new Date(), lockedAt: null, lockedBy: null })
      .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const finalAttempt = job.attempts >= job.max_attempts;
    const backoffSeconds = Math.min(3600, 2 ** job.attempts * 5);
    logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: message }, "job failed");
    await db
      .update(jobs)
      .set({
        status: finalAttempt ? "failed" : "queued",
        lastError: message.slice(0, 2000),
        runAt: new Date(Date.now() + backoffSeconds * 1000),
        finishedAt: finalAttempt ? new Date() : null,
        lockedAt: null,
        lockedBy: null,
      })
      .where(eq(jobs.id, job.id));
  }
}

/** Runs every job that is due now, one after another; returns how many ran. Tests call it. */
export async function runDueJobs(limit = 100): Promise<number> {
  let ran = 0;
  while (ran < limit) {
    const job = await claimNextJob();
    if (!job) break;
    await runJob(job);
    ran++;
  }
  return ran;
}

const periodicTasks = new Map<string, (at: Date) => string>();

/**
 * A task that runs once per period whatever number of instances are up: each worker tick
 * enqueues the current period's job, and the (kind, dedupe key = period) unique index keeps
 * only the first.
 */
export function registerPeriodicTask(name: string, periodSeconds: number, task: () => Promise<void>) {
  const kind = `periodic:${name}`;
  periodicTasks.set(kind, (at) => String(Math.floor(at.getTime() / 1000 / periodSeconds)));
  registerJobHandler(kind, () => task());
}

/** Once a day, by the park's calendar (Asia/Shanghai). */
export function registerDailyTask(name: string, task: () => Promise<void>) {
  const kind = `daily:${name}`;
  periodicTasks.set(kind, (at) => parkDate(at));
  registerJobHandler(kind, () => task());
}

export { parkDate };

export async function enqueuePeriodicTasks(at = new Date()) {
  const db = await getDb();
  for (const [kind, period] of periodicTasks) await enqueueJob(db, kind, {}, { dedupeKey: period(at) });
}

let timer: NodeJS.Timeout | undefined;
let running: Promise<unknown> | undefined;

export function startJobWorker(intervalMs = 1000) {
  if (timer) return;
  const tick = () => {
    running = enqueuePeriodicTasks()
      .then(() => runDueJobs(50))
      .catch((error) => logger.error({ err: error }, "job worker tick failed"))
      .finally(() => {
        running = undefined;
        if (timer) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
}

export async function stopJobWorker() {
  if (timer) clearTimeout(timer);
  timer = undefined;
  await running;
}
