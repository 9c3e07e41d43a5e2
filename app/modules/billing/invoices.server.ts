// Invoices: created by the modules that sell things (through `createInvoice`), issued with a
// gapless yearly number, read by their tenant and by park finance, voided by finance.
import { randomInt } from "node:crypto";
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { fapiaoRequests, invoiceLines, invoices, paymentAttempts, payments, refunds } from "#db/schema/billing";
import { orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission, requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, queryRows, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { addDaysIso, parkDate, parkInstant } from "~/modules/platform/dates";
import { canTransition, invoiceNumber, invoiceTotals, MAX_INVOICE_TOTAL_FEN, type InvoiceStatus, type LineInput } from "./money";

const qb = new QueryBuilder();

/**
 * What other modules may read of invoices (the modules that sell what an invoice is for join their
 * lines to it): its number, state, amounts and due date. A subquery over billing's table, which
 * PostgreSQL inlines.
 */
export const invoiceDirectory = qb
  .select({
    id: invoices.id,
    orgId: invoices.orgId,
    number: invoices.number,
    kind: invoices.kind,
    status: invoices.status,
    totalFen: invoices.totalFen,
    paidFen: invoices.paidFen,
    dueOn: invoices.dueOn,
  })
  .from(invoices)
  .as("invoice_directory");

/** The overdue rule of money.ts (isOverdue) as a condition on invoiceDirectory: open and past its due date. */
export function overdueOn(today: string) {
  return and(eq(invoiceDirectory.status, "open"), lt(invoiceDirectory.dueOn, today));
}

export interface CreateInvoiceInput {
  orgId: string;
  kind: string;
  sourceRef?: string | null;
  lines: LineInput[];
  vatRateBp: number;
  /** YYYY-MM-DD; defaults to 14 days after today (park time). */
  dueOn?: string;
  note?: string;
  createdBy?: string | null;
  /** Issue right away (the usual case); false leaves a draft for finance to review. */
  issue?: boolean;
  /** YYYY-MM-DD the invoice is dated, when not today (demo data written as if months had passed). */
  issuedOn?: string;
}

const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A short code a payer can type into a bank transfer's memo: HP-7K2Q-M9XD. */
function transferReference() {
  const pick = () => Array.from({ length: 4 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join("");
  return `HP-${pick()}-${pick()}`;
}

/** Kept for callers of billing: the park-date arithmetic lives in platform/dates. */
export const addDays = addDaysIso;

/** Advances this year's counter in the caller's transaction: a rollback gives the number back. */
async function nextInvoiceNumber(tx: Tx) {
  const year = Number(parkDate().slice(0, 4));
  const [row] = await queryRows<{ last_value: number }>(
    tx,
    sql`insert into invoice_number_counters (year, last_value) values (${year}, 1)
        on conflict (year) do update set last_value = invoice_number_counters.last_value + 1
        returning last_value`,
  );
  return invoiceNumber(year, Number(row.last_value));
}

/** Creates (and normally issues) an invoice. Other modules call this inside their own transaction. */
export async function createInvoice(tx: Tx, input: CreateInvoiceInput) {
  if (input.lines.length === 0) throw new AppError("invalid", "errors.invoiceEmpty");
  const totals = invoiceTotals(input.lines, input.vatRateBp);
  if (totals.totalFen <= 0n) throw new AppError("invalid", "errors.invoiceEmpty");
  if (totals.totalFen > MAX_INVOICE_TOTAL_FEN) throw new AppError("invalid", "errors.invoiceTooLarge");
  const issue = input.issue ?? true;
  const issuedOn = input.issuedOn ?? parkDate();
  const dueOn = input.dueOn ?? addDays(issuedOn, 14);
  // An invoice is never issued already overdue.
  if (issue && dueOn < issuedOn) throw new AppError("invalid", "errors.dueBeforeIssue");
  const [invoice] = await tx
    .insert(invoices)
    .values({
      orgId: input.orgId,
      kind: input.kind,
      sourceRef: input.sourceRef ?? null,
      status: issue ? "open" : "draft",
      number: issue ? await nextInvoiceNumber(tx) : null,
      ...totals,
      vatRateBp: input.vatRateBp,
      dueOn,
      transferReference: transferReference(),
      note: input.note ?? "",
      createdBy: input.createdBy ?? null,
      issuedAt: issue ? (input.issuedOn ? parkInstant(input.issuedOn, "10:00") : new Date()) : null,
    })
    .returning();
  await tx.insert(invoiceLines).values(
    input.lines.map((line, position) => ({
      invoiceId: invoice.id,
      position,
      descriptionZh: line.descriptionZh,
      descriptionEn: line.descriptionEn,
      quantity: line.quantity,
      quantityLabelZh: line.quantityLabel?.zh ?? null,
      quantityLabelEn: line.quantityLabel?.en ?? null,
      unitPriceFen: line.unitPriceFen,
      amountFen: BigInt(line.quantity) * line.unitPriceFen,
    })),
  );
  await recordAudit(tx, {
    actorUserId: input.createdBy ?? null,
    orgId: input.orgId,
    action: issue ? "invoice.issued" : "invoice.drafted",
    subjectType: "invoice",
    subjectId: invoice.id,
    after: { number: invoice.number, kind: invoice.kind, totalFen: String(invoice.totalFen) },
  });
  return invoice;
}

/**
 * An invoice another module created (its deposit, its fee), read by that module, which has already
 * decided who may see it; null when there is none.
 */
export async function invoiceById(db: DbOrTx, invoiceId: string) {
  if (!isUuid(invoiceId)) return null;
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  return invoice ?? null;
}

/** The lines of an invoice another module created, in order (to bill some of them again). */
export async function invoiceLinesOf(db: DbOrTx, invoiceId: string) {
  if (!isUuid(invoiceId)) return [];
  return db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position));
}

/** The invoice if the actor may see it: its tenant's members with billing access, or park finance. */
export async function loadInvoiceFor(db: DbOrTx, actor: MemberActor, invoiceId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(invoiceId)) throw notFound();
  const scope = hasPermission(actor, "finance:manage", { kind: "park" }) ? undefined : eq(invoices.orgId, actor.org.id);
  if (!hasPermission(actor, "finance:manage", { kind: "park" }) && !hasPermission(actor, "billing:read")) throw forbidden();
  const query = db.select().from(invoices).where(and(eq(invoices.id, invoiceId), scope));
  const [invoice] = options.lock ? await query.for("update") : await query;
  if (!invoice || (!hasPermission(actor, "finance:manage", { kind: "park" }) && invoice.status === "draft")) throw notFound();
  return invoice;
}

export async function getInvoiceDetail(actor: MemberActor, invoiceId: string) {
  const db = await getDb();
  const invoice = await loadInvoiceFor(db, actor, invoiceId);
  const [lines, paymentRows, attempts, fapiao, [org]] = await Promise.all([
    db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position)),
    db.select().from(payments).where(eq(payments.invoiceId, invoice.id)).orderBy(asc(payments.receivedAt)),
    db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoice.id)).orderBy(desc(paymentAttempts.createdAt)),
    db.select().from(fapiaoRequests).where(eq(fapiaoRequests.invoiceId, invoice.id)).orderBy(desc(fapiaoRequests.createdAt)),
    db.select().from(orgDirectory).where(eq(orgDirectory.id, invoice.orgId)),
  ]);
  const refundRows = paymentRows.length
    ? await db.select().from(refunds).where(inArray(refunds.paymentId, paymentRows.map((p) => p.id))).orderBy(asc(refunds.createdAt))
    : [];
  return {
    invoice,
    org: { id: org.id, nameZh: org.nameZh, nameEn: org.nameEn, uscc: org.uscc },
    lines,
    payments: paymentRows,
    attempts,
    refunds: refundRows,
    fapiao,
  };
}

export interface InvoiceFilter {
  status?: InvoiceStatus;
}

/** The tenant's own invoices (drafts are finance's business and not shown). */
export async function listTenantInvoices(actor: MemberActor, filter: InvoiceFilter = {}) {
  requirePermission(actor, "billing:read");
  const db = await getDb();
  const conditions: SQL[] = [eq(invoices.orgId, actor.org.id), sql`${invoices.status} <> 'draft'`];
  if (filter.status) conditions.push(eq(invoices.status, filter.status));
  return db
    .select()
    .from(invoices)
    .where(and(...conditions))
    .orderBy(desc(invoices.createdAt))
    .limit(500);
}

/**
 * 工作台's billing card as questions for `askTogether`: the tenant's open invoices — how many, how
 * much is still due (fen, as text) and how many are past their due date on `today` (park date,
 * the rule of `isOverdue`) — without reading the invoices.
 */
export function openInvoiceQuestions(actor: MemberActor, today: string) {
  requirePermission(actor, "billing:read");
  const open = sql`${invoices.orgId} = ${actor.org.id} and ${invoices.status} = 'open'`;
  return {
    openInvoices: sql<number>`select count(*)::int from ${invoices} where ${open}`,
    dueFen: sql<string>`select coalesce(sum(${invoices.totalFen} - ${invoices.paidFen}), 0)::text from ${invoices} where ${open}`,
    overdueInvoices: sql<number>`select count(*)::int from ${invoices} where ${open} and ${invoices.dueOn} < ${today}::date`,
  };
}

/** Every tenant's invoices, for park finance. */
export async function listAllInvoices(actor: MemberActor, filter: InvoiceFilter & { orgId?: string } = {}) {
  if (!hasPermission(actor, "finance:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(invoices.status, filter.status));
  if (filter.orgId && isUuid(filter.orgId)) conditions.push(eq(invoices.orgId, filter.orgId));
  return db
    .select({ invoice: invoices, orgNameZh: orgDirectory.nameZh, orgNameEn: orgDirectory.nameEn })
    .from(invoices)
    .innerJoin(orgDirectory, eq(orgDirectory.id, invoices.orgId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(invoices.createdAt))
    .limit(1000);
}

/** Finance issues a draft (it gets its number now) or voids an unpaid invoice, with a reason. */
export async function changeInvoiceStatus(
  actor: MemberActor,
  input: { invoiceId: string; to: "open" | "void"; reason: string },
  info: { ip: string | null },
) {
  if (!hasPermission(actor, "finance:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const invoice = await loadInvoiceFor(tx, actor, input.invoiceId, { lock: true });
    if (!canTransition(invoice.status as InvoiceStatus, input.to)) throw new AppError("conflict", "errors.invoiceTransition");
    if (input.to === "void" && invoice.paidFen > 0n) throw new AppError("conflict", "errors.invoiceHasPayments");
    const [updated] = await tx
      .update(invoices)
      .set(
        input.to === "open"
          ? // A draft issued after the due date it was given gets the usual 14 days from today instead.
            { status: "open", number: await nextInvoiceNumber(tx), issuedAt: new Date(), ...(invoice.dueOn < parkDate() ? { dueOn: addDays(parkDate(), 14) } : {}) }
          : { status: "void", voidedAt: new Date() },
      )
      .where(and(eq(invoices.id, invoice.id), eq(invoices.status, invoice.status)))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: invoice.orgId,
      action: input.to === "open" ? "invoice.issued" : "invoice.voided",
      subjectType: "invoice",
      subjectId: invoice.id,
      before: { status: invoice.status, number: invoice.number },
      after: { status: updated.status, number: updated.number },
      reason: input.reason,
      ip: info.ip,
    });
    return updated;
  });
}

/**
 * Voids an unpaid open invoice from another module's transaction (an order cancelled or expired
 * before payment). An invoice with payments is left alone: finance refunds those.
 */
export async function changeInvoiceStatusInTx(tx: Tx, invoiceId: string, to: "void", reason: string, actorUserId: string | null) {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for("update");
  if (!invoice || invoice.status !== "open" || invoice.paidFen > 0n) return null;
  const [updated] = await tx
    .update(invoices)
    .set({ status: to, voidedAt: new Date() })
    .where(and(eq(invoices.id, invoice.id), eq(invoices.status, "open")))
    .returning();
  await recordAudit(tx, {
    actorUserId,
    orgId: invoice.orgId,
    action: "invoice.voided",
    subjectType: "invoice",
    subjectId: invoice.id,
    before: { status: invoice.status },
    after: { status: "void" },
    reason,
  });
  return updated;
}

/** Every tenant's open invoices, the soonest due first, with the tenant's names: finance's working list. */
export function openInvoicesWithTenant(db: DbOrTx) {
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      transferReference: invoices.transferReference,
      totalFen: invoices.totalFen,
      paidFen: invoices.paidFen,
      dueOn: invoices.dueOn,
      orgNameZh: orgDirectory.nameZh,
      orgNameEn: orgDirectory.nameEn,
    })
    .from(invoices)
    .innerJoin(orgDirectory, eq(orgDirectory.id, invoices.orgId))
    .where(eq(invoices.status, "open"))
    .orderBy(asc(invoices.dueOn), asc(invoices.number));
}
