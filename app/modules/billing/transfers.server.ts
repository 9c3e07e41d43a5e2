// Corporate bank transfers (对公转账): finance records the money seen on the park's account and
// allocates it to invoices, by hand or by the invoice's transfer reference found in the memo, one
// transfer at a time or a whole bank-statement CSV at once. Each allocation is a payment applied
// through `applyPayment`, whose (method, external ref) is unique, so it counts once.
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { bankTransfers, invoices, payments } from "#db/schema/billing";
import type { MemberActor } from "~/modules/identity/access.server";
import { requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import {
  findInvoiceMentions,
  parseBankStatement,
  type InvalidStatementRow,
  type ParsedStatement,
  type SkippedStatementRow,
  type StatementRow,
} from "./bank-statement";
import { isIsoDate, parkDate, parkMidnight } from "~/modules/platform/dates";
import { fenToYuanString } from "./money";
import { openInvoicesWithTenant } from "./invoices.server";
import { applyPayment } from "./payments.server";
import { readStatementFile } from "./statement-file.server";

type Transfer = typeof bankTransfers.$inferSelect;
type Invoice = typeof invoices.$inferSelect;
interface RequestMeta {
  ip: string | null;
}

export interface RecordTransferInput {
  bankReference: string;
  amountFen: bigint;
  /** YYYY-MM-DD, the day the money reached the park's account. */
  receivedOn: string;
  payerName: string;
  memo?: string;
}

interface Allocation {
  invoiceId: string;
  invoiceNumber: string | null;
  amountFen: bigint;
  /** What the invoice needed of it; the rest is flagged on the payment for refund. */
  appliedFen: bigint;
  excessFen: bigint;
  invoiceStatus: string;
}

/** What matching a transfer's memo against invoice transfer references found. */
export type MatchResult =
  | { matched: true; allocations: Allocation[]; unallocatedFen: bigint }
  | { matched: false; reason: "noReference" | "unknownReference" | "invoiceNotOpen"; references: string[]; unallocatedFen: bigint };

/** The payment's receipt time: now for money that came in today, else the start of that park day. */
function receivedAtFor(receivedOn: string) {
  return receivedOn === parkDate() ? new Date() : parkMidnight(receivedOn);
}

function checkTransferInput(input: RecordTransferInput) {
  if (input.amountFen <= 0n) throw new AppError("invalid", "errors.amountPositive");
  if (!isIsoDate(input.receivedOn)) throw new AppError("invalid", "errors.date");
  if (input.receivedOn > parkDate()) throw new AppError("invalid", "errors.dateInFuture");
  if (!input.bankReference.trim() || !input.payerName.trim()) throw new AppError("invalid", "errors.required");
}

/** Inserts the transfer and its audit entry; null when its bank reference was recorded before. */
async function insertTransfer(tx: Tx, actor: MemberActor, input: RecordTransferInput, meta: RequestMeta) {
  const [transfer] = await tx
    .insert(bankTransfers)
    .values({
      bankReference: input.bankReference.trim(),
      amountFen: input.amountFen,
      receivedOn: input.receivedOn,
      payerName: input.payerName.trim(),
      memo: (input.memo ?? "").trim(),
      recordedBy: actor.user.id,
    })
    .onConflictDoNothing({ target: bankTransfers.bankReference })
    .returning();
  if (!transfer) return null;
  await recordAudit(tx, {
    actorUserId: actor.user.id,
    orgId: actor.org.id,
    action: "transfer.recorded",
    subjectType: "bank_transfer",
    subjectId: transfer.id,
    after: {
      bankReference: transfer.bankReference,
      amountFen: String(transfer.amountFen),
      receivedOn: transfer.receivedOn,
      payerName: transfer.payerName,
      memo: transfer.memo,
    },
    ip: meta.ip,
  });
  return transfer;
}

/** Locks invoices in id order (so two allocations never wait on each other crosswise) and returns them by id. */
async function lockInvoices(tx: Tx, ids: string[]) {
  if (ids.length === 0) return new Map<string, Invoice>();
  const rows = await tx
    .select()
    .from(invoices)
    .where(inArray(invoices.id, ids))
    .orderBy(asc(invoices.id))
    .for("update");
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Applies `amountFen` of a locked transfer to an invoice: one payment per (transfer, invoice),
 * the transfer's allocated amount raised by the same, and an audit entry. Beyond what the invoice
 * still needs, `applyPayment` keeps the excess on the payment flagged for refund.
 */
async function allocate(tx: Tx, actor: MemberActor, transfer: Transfer, invoice: Invoice, amountFen: bigint, meta: RequestMeta) {
  const remainingFen = transfer.amountFen - transfer.allocatedFen;
  if (amountFen <= 0n) throw new AppError("invalid", "errors.amountPositive");
  if (amountFen > remainingFen) throw new AppError("conflict", "errors.allocationTooLarge", { max: fenToYuanString(remainingFen) });
  if (invoice.status !== "open" && invoice.status !== "paid") throw new AppError("conflict", "errors.invoiceNotPayable");
  const result = await applyPayment(tx, {
    invoiceId: invoice.id,
    method: "bank_transfer",
    externalRef: `${transfer.bankReference}#${invoice.id}`,
    amountFen,
    recordedBy: actor.user.id,
    receivedAt: receivedAtFor(transfer.receivedOn),
  });
  if (result.duplicate) throw new AppError("conflict", "errors.transferAlreadyAllocated", { number: invoice.number ?? "" });
  const allocatedFen = transfer.allocatedFen + amountFen;
  await tx.update(bankTransfers).set({ allocatedFen }).where(eq(bankTransfers.id, transfer.id));
  await recordAudit(tx, {
    actorUserId: actor.user.id,
    orgId: invoice.orgId,
    action: "transfer.allocated",
    subjectType: "bank_transfer",
    subjectId: transfer.id,
    before: { allocatedFen: String(transfer.allocatedFen) },
    after: {
      allocatedFen: String(allocatedFen),
      bankReference: transfer.bankReference,
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      amountFen: String(amountFen),
      appliedFen: String(result.appliedFen),
      excessFen: String(result.excessFen),
      paymentId: result.paymentId,
    },
    ip: meta.ip,
  });
  // Keep the locked rows in step for the next allocation in this transaction.
  transfer.allocatedFen = allocatedFen;
  invoice.status = result.invoiceStatus;
  invoice.paidFen += result.appliedFen;
  const allocation: Allocation = {
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    amountFen,
    appliedFen: result.appliedFen,
    excessFen: result.excessFen,
    invoiceStatus: result.invoiceStatus,
  };
  return allocation;
}

type MemoTarget = Pick<Invoice, "id" | "number" | "transferReference" | "status" | "totalFen" | "paidFen">;
type Unmatched = Extract<MatchResult, { matched: false }>["reason"];

/** The invoices a memo names (by transfer reference or number), without locking them. */
async function invoicesNamed(db: Tx | Awaited<ReturnType<typeof getDb>>, mentions: string[]): Promise<MemoTarget[]> {
  if (mentions.length === 0) return [];
  return db
    .select({ id: invoices.id, number: invoices.number, transferReference: invoices.transferReference, status: invoices.status, totalFen: invoices.totalFen, paidFen: invoices.paidFen })
    .from(invoices)
    .where(or(inArray(invoices.transferReference, mentions), inArray(invoices.number, mentions)));
}

/**
 * How a transfer of `amountFen` whose memo names `mentions` is split: each open invoice, in the
 * order the memo names them, gets what it still needs; what is left stays unallocated. One rule
 * for the preview and for applying.
 */
function planByMemo(amountFen: bigint, mentions: string[], named: MemoTarget[]): { reason: Unmatched } | { parts: { invoice: MemoTarget; amountFen: bigint }[] } {
  if (mentions.length === 0) return { reason: "noReference" };
  const inMemoOrder = [
    ...new Set(mentions.map((key) => named.find((invoice) => invoice.transferReference === key || invoice.number === key)).filter((invoice) => invoice !== undefined)),
  ];
  if (inMemoOrder.length === 0) return { reason: "unknownReference" };
  const open = inMemoOrder.filter((invoice) => invoice.status === "open");
  if (open.length === 0) return { reason: "invoiceNotOpen" };
  const parts: { invoice: MemoTarget; amountFen: bigint }[] = [];
  let remainingFen = amountFen;
  for (const invoice of open) {
    if (remainingFen === 0n) break;
    const dueFen = invoice.totalFen - invoice.paidFen;
    const partFen = remainingFen < dueFen ? remainingFen : dueFen;
    if (partFen <= 0n) continue;
    parts.push({ invoice, amountFen: partFen });
    remainingFen -= partFen;
  }
  return { parts };
}

/**
 * Matches a freshly recorded transfer by the invoice references (or numbers) in its memo and
 * allocates it as `planByMemo` says, on the invoices locked.
 */
async function allocateByMemo(tx: Tx, actor: MemberActor, transfer: Transfer, meta: RequestMeta): Promise<MatchResult> {
  const mentions = findInvoiceMentions(transfer.memo);
  const named = await invoicesNamed(tx, mentions);
  const locked = await lockInvoices(
    tx,
    named.map((f) => f.id),
  );
  const plan = planByMemo(
    transfer.amountFen - transfer.allocatedFen,
    mentions,
    named.map((f) => locked.get(f.id) ?? f),
  );
  if ("reason" in plan) return { matched: false, reason: plan.reason, references: mentions, unallocatedFen: transfer.amountFen - transfer.allocatedFen };
  const allocations: Allocation[] = [];
  for (const part of plan.parts) allocations.push(await allocate(tx, actor, transfer, locked.get(part.invoice.id)!, part.amountFen, meta));
  if (allocations.length === 0) return { matched: false, reason: "invoiceNotOpen", references: mentions, unallocatedFen: transfer.amountFen - transfer.allocatedFen };
  return { matched: true, allocations, unallocatedFen: transfer.amountFen - transfer.allocatedFen };
}

/**
 * Finance records a received transfer and, when its memo names invoices, allocates it to them.
 * A bank reference recorded before is a conflict and nothing is written.
 */
export async function recordTransfer(actor: MemberActor, input: RecordTransferInput, meta: RequestMeta) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  checkTransferInput(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const transfer = await insertTransfer(tx, actor, input, meta);
    if (!transfer) throw new AppError("conflict", "errors.transferDuplicate", { reference: input.bankReference.trim() });
    const match = await allocateByMemo(tx, actor, transfer, meta);
    return { transfer, match };
  });
}

export interface AllocationRequest {
  invoiceId: string;
  /** Defaults to what the invoice still needs, at most what is left of the transfer. */
  amountFen?: bigint;
}

/**
 * Finance allocates (part of) a transfer to one or more invoices of its choosing, all or nothing.
 * An invoice already paid may receive it too: the payment is then flagged for refund.
 */
export async function allocateTransfer(
  actor: MemberActor,
  input: { transferId: string; allocations: AllocationRequest[] },
  meta: RequestMeta,
) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  if (!isUuid(input.transferId) || input.allocations.some((a) => !isUuid(a.invoiceId))) throw notFound();
  if (input.allocations.length === 0) throw new AppError("invalid", "errors.required");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [transfer] = await tx.select().from(bankTransfers).where(eq(bankTransfers.id, input.transferId)).for("update");
    if (!transfer) throw notFound();
    const locked = await lockInvoices(tx, [...new Set(input.allocations.map((a) => a.invoiceId))]);
    const allocations: Allocation[] = [];
    for (const request of input.allocations) {
      const invoice = locked.get(request.invoiceId);
      if (!invoice || invoice.status === "draft") throw notFound();
      const remainingFen = transfer.amountFen - transfer.allocatedFen;
      const dueFen = invoice.status === "open" ? invoice.totalFen - invoice.paidFen : remainingFen;
      const amountFen = request.amountFen ?? (remainingFen < dueFen ? remainingFen : dueFen);
      allocations.push(await allocate(tx, actor, transfer, invoice, amountFen, meta));
    }
    return { transfer, allocations };
  });
}

interface ImportedRow {
  line: number;
  bankReference: string;
  amountFen: bigint;
  payerName: string;
  receivedOn: string;
  memo: string;
  match: MatchResult;
}

export interface StatementImport {
  /** False when the file had invalid rows: then nothing of it was recorded. */
  applied: boolean;
  invalid: InvalidStatementRow[];
  skipped: SkippedStatementRow[];
  matched: ImportedRow[];
  unmatched: ImportedRow[];
  alreadyImported: { line: number; bankReference: string; amountFen: bigint }[];
}

/** What importing a statement would do, before anything is written; `rows` are what applying records. */
export interface StatementPreview extends Omit<StatementImport, "applied"> {
  /** True when there are rows to record and none is invalid. */
  ready: boolean;
  headerLine: number;
  rows: StatementRow[];
}

/** A statement as pasted text, an uploaded file's bytes (CSV in UTF-8/GB18030, or .xlsx), or rows a preview read. */
export type StatementSource = string | Uint8Array | StatementRow[];

async function readStatement(statement: string | Uint8Array): Promise<ParsedStatement> {
  return parseBankStatement(typeof statement === "string" ? statement : await readStatementFile(statement), parkDate());
}

/**
 * Reads a statement and says, row by row, what applying it would do — matched to which invoices
 * for how much, unmatched and why, skipped and why (totals, outgoing payments …), already imported,
 * invalid — and writes nothing.
 */
export async function previewBankStatement(actor: MemberActor, statement: string | Uint8Array): Promise<StatementPreview> {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const { rows, invalid, skipped, headerLine } = await readStatement(statement);
  const preview: StatementPreview = { ready: false, headerLine, rows, invalid, skipped, matched: [], unmatched: [], alreadyImported: [] };
  const db = await getDb();
  const known = rows.length
    ? new Set(
        (
          await db
            .select({ bankReference: bankTransfers.bankReference })
            .from(bankTransfers)
            .where(
              inArray(
                bankTransfers.bankReference,
                rows.map((r) => r.bankReference),
              ),
            )
        ).map((t) => t.bankReference),
      )
    : new Set<string>();
  const mentions = rows.map((row) => findInvoiceMentions(row.memo));
  // Invoices as the rows above this one would leave them: two rows paying one invoice split it.
  const named = new Map((await invoicesNamed(db, [...new Set(mentions.flat())])).map((invoice) => [invoice.id, { ...invoice }]));
  rows.forEach((row, i) => {
    if (known.has(row.bankReference)) {
      preview.alreadyImported.push({ line: row.line, bankReference: row.bankReference, amountFen: row.amountFen });
      return;
    }
    const plan = planByMemo(row.amountFen, mentions[i], [...named.values()]);
    const base = { line: row.line, bankReference: row.bankReference, amountFen: row.amountFen, payerName: row.payerName, receivedOn: row.receivedOn, memo: row.memo };
    if ("reason" in plan) {
      preview.unmatched.push({ ...base, match: { matched: false, reason: plan.reason, references: mentions[i], unallocatedFen: row.amountFen } });
      return;
    }
    const allocations = plan.parts.map(({ invoice, amountFen }): Allocation => {
      invoice.paidFen += amountFen;
      if (invoice.paidFen >= invoice.totalFen) invoice.status = "paid";
      return { invoiceId: invoice.id, invoiceNumber: invoice.number, amountFen, appliedFen: amountFen, excessFen: 0n, invoiceStatus: invoice.status };
    });
    const allocatedFen = allocations.reduce((sum, a) => sum + a.amountFen, 0n);
    preview.matched.push({ ...base, match: { matched: true, allocations, unallocatedFen: row.amountFen - allocatedFen } });
  });
  preview.ready = invalid.length === 0 && preview.matched.length + preview.unmatched.length > 0;
  return preview;
}

/**
 * Imports a bank statement (pasted text, an uploaded file, or the rows a preview read): every row
 * is validated first and one bad row refuses the file; then, in one transaction, each row is
 * recorded once (a reference seen before is reported and skipped) and matched by its memo.
 * Unmatched rows stay as unallocated transfers. Totals and outgoing rows are never recorded.
 */
export async function importBankStatement(actor: MemberActor, statement: StatementSource, meta: RequestMeta): Promise<StatementImport> {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const { rows, invalid, skipped } = Array.isArray(statement) ? { rows: statement, invalid: [], skipped: [] } : await readStatement(statement);
  const report: StatementImport = { applied: false, invalid, skipped, matched: [], unmatched: [], alreadyImported: [] };
  if (invalid.length) return report;
  for (const row of rows) checkTransferInput(row);
  const db = await getDb();
  await db.transaction(async (tx) => {
    for (const row of rows) {
      const transfer = await insertTransfer(tx, actor, row, meta);
      if (!transfer) {
        report.alreadyImported.push({ line: row.line, bankReference: row.bankReference, amountFen: row.amountFen });
        continue;
      }
      const match = await allocateByMemo(tx, actor, transfer, meta);
      const imported = { line: row.line, bankReference: row.bankReference, amountFen: row.amountFen, payerName: row.payerName, receivedOn: row.receivedOn, memo: row.memo, match };
      (match.matched ? report.matched : report.unmatched).push(imported);
    }
  });
  report.applied = true;
  return report;
}

/** How a transfer was used: the payments made from it, by invoice. */
async function allocationsOf(transfers: Transfer[]) {
  if (transfers.length === 0) return new Map<string, { invoiceId: string; invoiceNumber: string | null; amountFen: bigint; status: string }[]>();
  const db = await getDb();
  // external_ref is `${bankReference}#${invoiceId}`; an invoice id is a 36-character uuid.
  const bankReference = sql<string>`left(${payments.externalRef}, -37)`;
  const rows = await db
    .select({
      bankReference,
      invoiceId: payments.invoiceId,
      invoiceNumber: invoices.number,
      amountFen: payments.amountFen,
      status: payments.status,
    })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(
      and(
        eq(payments.method, "bank_transfer"),
        inArray(
          bankReference,
          transfers.map((t) => t.bankReference),
        ),
      ),
    )
    .orderBy(asc(payments.receivedAt));
  const byReference = new Map<string, { invoiceId: string; invoiceNumber: string | null; amountFen: bigint; status: string }[]>();
  for (const { bankReference: ref, ...allocation } of rows) {
    byReference.set(ref, [...(byReference.get(ref) ?? []), allocation]);
  }
  return byReference;
}

/** Transfers with money not yet allocated to an invoice ("to refund or allocate"), oldest first. */
export async function listUnallocatedTransfers(actor: MemberActor) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const db = await getDb();
  const rows = await db
    .select()
    .from(bankTransfers)
    .where(sql`${bankTransfers.allocatedFen} < ${bankTransfers.amountFen}`)
    .orderBy(asc(bankTransfers.receivedOn), asc(bankTransfers.createdAt))
    .limit(500);
  const allocations = await allocationsOf(rows);
  return rows.map((t) => ({ ...t, remainingFen: t.amountFen - t.allocatedFen, allocations: allocations.get(t.bankReference) ?? [] }));
}

/** The most recently recorded transfers, with what they paid. */
export async function listRecentTransfers(actor: MemberActor, limit = 50) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const db = await getDb();
  const rows = await db.select().from(bankTransfers).orderBy(desc(bankTransfers.createdAt)).limit(limit);
  const allocations = await allocationsOf(rows);
  return rows.map((t) => ({ ...t, remainingFen: t.amountFen - t.allocatedFen, allocations: allocations.get(t.bankReference) ?? [] }));
}

/** Open invoices to allocate a transfer to, with their tenant and what they still need. */
export async function listAllocatableInvoices(actor: MemberActor) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const db = await getDb();
  const rows = await openInvoicesWithTenant(db).limit(1000);
  return rows.map((r) => ({ ...r, outstandingFen: r.totalFen - r.paidFen }));
}
