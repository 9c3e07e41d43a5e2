// Fapiao (发票, the VAT e-invoice): a tenant keeps its invoicing details and requests a 普票 or
// 专票 for a paid invoice; park finance issues it with its number and PDF, or rejects it with a
// reason; the tenant is told and downloads the PDF, which is kept outside public/.
import { and, desc, eq, sql } from "drizzle-orm";
import { billingProfiles, fapiaoRequests, invoices } from "#db/schema/billing";
import { orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission, requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { readStoredFile, removeStoredFile, storeFile } from "~/modules/platform/files.server";
import { isUuid } from "~/modules/platform/ids";
import { notify } from "~/modules/platform/notifications.server";
import { billingProfileSchema, isPdf, MAX_FAPIAO_PDF_BYTES, missingForSpecialFapiao, type BillingProfileInput, type FapiaoType } from "./fapiao-forms";
import { loadInvoiceFor } from "./invoices.server";
import { peopleWithPermission } from "~/modules/identity/members.server";

interface RequestMeta {
  ip: string | null;
}

export async function getBillingProfile(actor: MemberActor) {
  requirePermission(actor, "billing:read", { kind: "tenant" });
  const db = await getDb();
  const [profile] = await db.select().from(billingProfiles).where(eq(billingProfiles.orgId, actor.org.id));
  return profile ?? null;
}

type FapiaoDetailField = "title" | "taxpayerId" | "address" | "phone" | "bankName" | "bankAccount" | "email";

/** The 开票信息 of a billing profile, and nothing else of it (its id, its dates). */
export function fapiaoDetailsOf<Profile extends Pick<typeof billingProfiles.$inferSelect, FapiaoDetailField>>(profile: Profile): Pick<Profile, FapiaoDetailField> {
  const { title, taxpayerId, address, phone, bankName, bankAccount, email } = profile;
  return { title, taxpayerId, address, phone, bankName, bankAccount, email };
}

/**
 * The details a fapiao is made out to: the saved 开票信息, or — before any are saved — the company
 * record's name, USCC and registered address, so a first (普票) request is one click.
 */
async function invoicingDetails(db: DbOrTx, orgId: string) {
  const [profile] = await db.select().from(billingProfiles).where(eq(billingProfiles.orgId, orgId));
  if (profile) return { ...profile, fromCompany: false };
  const [org] = await db
    .select({ nameZh: orgDirectory.nameZh, uscc: orgDirectory.uscc, registeredAddress: orgDirectory.registeredAddress })
    .from(orgDirectory)
    .where(eq(orgDirectory.id, orgId));
  if (!org?.uscc) return null;
  return { orgId, title: org.nameZh, taxpayerId: org.uscc, address: org.registeredAddress ?? "", phone: "", bankName: "", bankAccount: "", email: "", fromCompany: true };
}

/** What the fapiao panel shows before a request: who it will be made out to. */
export async function fapiaoDetailsFor(actor: MemberActor) {
  requirePermission(actor, "billing:read", { kind: "tenant" });
  const details = await invoicingDetails(await getDb(), actor.org.id);
  return details ? { title: details.title, taxpayerId: details.taxpayerId, address: details.address, fromCompany: details.fromCompany } : null;
}

/** A tenant owner or admin saves the invoicing details fapiao are made out to. */
export async function saveBillingProfile(actor: MemberActor, input: BillingProfileInput, meta: RequestMeta) {
  requirePermission(actor, "billing:pay", { kind: "tenant" });
  const parsed = billingProfileSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues[0]?.message ?? "errors.badForm");
  const values = parsed.data;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(billingProfiles).where(eq(billingProfiles.orgId, actor.org.id)).for("update");
    const [saved] = await tx
      .insert(billingProfiles)
      .values({ orgId: actor.org.id, ...values, updatedAt: new Date() })
      .onConflictDoUpdate({ target: billingProfiles.orgId, set: { ...values, updatedAt: new Date() } })
      .returning();
    const { orgId: _orgId, updatedAt: _updatedAt, ...previous } = before ?? { orgId: null, updatedAt: null };
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "billing_profile.updated",
      subjectType: "billing_profile",
      subjectId: actor.org.id,
      before: before ? previous : null,
      after: values,
      ip: meta.ip,
    });
    return saved;
  });
}

/** The people who look after a tenant's bills: its owners and admins. */
async function billingContacts(db: DbOrTx, orgId: string) {
  return (await peopleWithPermission(db, { orgId }, "billing:pay")).map((p) => p.userId);
}

async function financeStaff(db: DbOrTx) {
  return (await peopleWithPermission(db, { park: true }, "finance:manage")).map((p) => p.userId);
}

/**
 * A tenant asks for a fapiao for one of its paid invoices, made out to its saved details (copied
 * onto the request). One live request per invoice: a second one is a conflict.
 */
export async function requestFapiao(actor: MemberActor, input: { invoiceId: string; fapiaoType: FapiaoType }, meta: RequestMeta = { ip: null }) {
  requirePermission(actor, "billing:pay", { kind: "tenant" });
  if (input.fapiaoType !== "normal" && input.fapiaoType !== "special") throw new AppError("invalid", "errors.fapiaoTypeRequired");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const invoice = await loadInvoiceFor(tx, actor, input.invoiceId, { lock: true });
    if (invoice.orgId !== actor.org.id) throw notFound();
    if (invoice.status !== "paid") throw new AppError("conflict", "errors.fapiaoInvoiceNotPaid");
    const profile = await invoicingDetails(tx, actor.org.id);
    if (!profile) throw new AppError("conflict", "errors.fapiaoProfileMissing");
    if (input.fapiaoType === "special" && missingForSpecialFapiao(profile).length > 0) {
      throw new AppError("conflict", "errors.fapiaoSpecialNeedsBank");
    }
    const details = fapiaoDetailsOf(profile);
    const [request] = await tx
      .insert(fapiaoRequests)
      .values({ invoiceId: invoice.id, orgId: invoice.orgId, fapiaoType: input.fapiaoType, details, requestedBy: actor.user.id })
      .onConflictDoNothing()
      .returning();
    if (!request) throw new AppError("conflict", "errors.fapiaoAlreadyRequested");
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: invoice.orgId,
      action: "fapiao.requested",
      subjectType: "fapiao_request",
      subjectId: request.id,
      after: { invoiceId: invoice.id, invoiceNumber: invoice.number, fapiaoType: input.fapiaoType, title: profile.title, taxpayerId: profile.taxpayerId },
      ip: meta.ip,
    });
    for (const userId of await financeStaff(tx)) {
      await notify(tx, { userId, kind: "fapiaoRequested", params: { number: invoice.number ?? "", org: actor.org.nameZh }, link: "/finance/fapiao" });
    }
    return request;
  });
}

/** How a request looks to the people who see it (no file path). */
function requestView(row: typeof fapiaoRequests.$inferSelect, invoiceNumber: string | null) {
  const { rejectionReason, ...details } = row.details;
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    invoiceNumber,
    fapiaoType: row.fapiaoType as FapiaoType,
    status: row.status as "requested" | "issued" | "rejected",
    fapiaoNumber: row.fapiaoNumber,
    hasPdf: Boolean(row.pdfPath),
    details,
    rejectionReason: rejectionReason ?? null,
    createdAt: row.createdAt,
    issuedAt: row.issuedAt,
  };
}

/** The fapiao requests of one invoice, for its tenant's billing members and for finance. */
export async function listFapiaoRequestsForInvoice(actor: MemberActor, invoiceId: string) {
  const db = await getDb();
  const invoice = await loadInvoiceFor(db, actor, invoiceId);
  const rows = await db.select().from(fapiaoRequests).where(eq(fapiaoRequests.invoiceId, invoice.id)).orderBy(desc(fapiaoRequests.createdAt));
  return rows.map((row) => requestView(row, invoice.number));
}

/** Every fapiao request of the actor's tenant, newest first. */
export async function listMyFapiaoRequests(actor: MemberActor) {
  requirePermission(actor, "billing:read", { kind: "tenant" });
  const db = await getDb();
  const rows = await db
    .select({ request: fapiaoRequests, invoiceNumber: invoices.number })
    .from(fapiaoRequests)
    .innerJoin(invoices, eq(invoices.id, fapiaoRequests.invoiceId))
    .where(eq(fapiaoRequests.orgId, actor.org.id))
    .orderBy(desc(fapiaoRequests.createdAt))
    .limit(200);
  return rows.map((r) => requestView(r.request, r.invoiceNumber));
}

/** Finance's queue: open requests first (oldest first), then the latest decided ones. */
export async function listFapiaoQueue(actor: MemberActor, filter: { status?: "requested" | "issued" | "rejected" } = {}) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const db = await getDb();
  const rows = await db
    .select({
      request: fapiaoRequests,
      invoiceNumber: invoices.number,
      totalFen: invoices.totalFen,
      vatRateBp: invoices.vatRateBp,
      orgNameZh: orgDirectory.nameZh,
      orgNameEn: orgDirectory.nameEn,
    })
    .from(fapiaoRequests)
    .innerJoin(invoices, eq(invoices.id, fapiaoRequests.invoiceId))
    .innerJoin(orgDirectory, eq(orgDirectory.id, fapiaoRequests.orgId))
    .where(filter.status ? eq(fapiaoRequests.status, filter.status) : undefined)
    .orderBy(sql`${fapiaoRequests.status} = 'requested' desc`, sql`case when ${fapiaoRequests.status} = 'requested' then ${fapiaoRequests.createdAt} end asc`, desc(fapiaoRequests.createdAt))
    .limit(500);
  return rows.map((r) => ({
    ...requestView(r.request, r.invoiceNumber),
    totalFen: r.totalFen,
    vatRateBp: r.vatRateBp,
    orgNameZh: r.orgNameZh,
    orgNameEn: r.orgNameEn,
  }));
}

async function tellTenant(db: DbOrTx, request: typeof fapiaoRequests.$inferSelect, kind: "issued" | "rejected", params: Record<string, string>) {
  const recipients = new Set(await billingContacts(db, request.orgId));
  if (request.requestedBy) recipients.add(request.requestedBy);
  const link = `/billing/invoices/${request.invoiceId}`;
  for (const userId of recipients) {
    if (kind === "issued") await notify(db, { userId, orgId: request.orgId, kind: "fapiaoIssued", params, link });
    else await notify(db, { userId, orgId: request.orgId, kind: "fapiaoRejected", params, link });
  }
}

/**
 * Finance decided a request (issued or rejected): the audit entry, with the invoice's number, and
 * the tenant's notification.
 */
async function recordDecision(
  db: DbOrTx,
  actor: MemberActor,
  request: typeof fapiaoRequests.$inferSelect,
  decision: { status: "issued" | "rejected"; after?: Record<string, unknown>; reason?: string; ip: string | null; tell: Record<string, string> },
) {
  const [invoice] = await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, request.invoiceId));
  await recordAudit(db, {
    actorUserId: actor.user.id,
    orgId: request.orgId,
    action: `fapiao.${decision.status}`,
    subjectType: "fapiao_request",
    subjectId: request.id,
    before: { status: "requested" },
    after: { status: decision.status, ...decision.after, invoiceNumber: invoice?.number ?? null },
    reason: decision.reason,
    ip: decision.ip,
  });
  await tellTenant(db, request, decision.status, { number: invoice?.number ?? "", ...decision.tell });
}

/**
 * Finance marks a request issued with the fapiao number and its PDF. The file is checked by its
 * content (a PDF starts with %PDF-), written first, and removed again if the request was decided
 * meanwhile.
 */
export async function issueFapiao(actor: MemberActor, input: { requestId: string; fapiaoNumber: string; pdf: Uint8Array }, meta: RequestMeta) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  if (!isUuid(input.requestId)) throw notFound();
  if (!/^\d{8,20}$/.test(input.fapiaoNumber)) throw new AppError("invalid", "errors.fapiaoNumberFormat");
  if (input.pdf.byteLength === 0) throw new AppError("invalid", "errors.pdfRequired");
  if (input.pdf.byteLength > MAX_FAPIAO_PDF_BYTES) throw new AppError("invalid", "errors.pdfTooLarge");
  if (!isPdf(input.pdf)) throw new AppError("invalid", "errors.pdfNotPdf");
  const db = await getDb();
  const [pending] = await db.select().from(fapiaoRequests).where(eq(fapiaoRequests.id, input.requestId));
  if (!pending) throw notFound();
  if (pending.status !== "requested") throw new AppError("conflict", "errors.fapiaoNotPending");

  const stored = await storeFile({ folder: "fapiao", bytes: input.pdf, allowed: ["application/pdf"], maxBytes: MAX_FAPIAO_PDF_BYTES, namePrefix: pending.id });
  try {
    return await db.transaction(async (tx) => {
      const [issued] = await tx
        .update(fapiaoRequests)
        .set({ status: "issued", fapiaoNumber: input.fapiaoNumber, pdfPath: stored.path, issuedBy: actor.user.id, issuedAt: new Date() })
        .where(and(eq(fapiaoRequests.id, pending.id), eq(fapiaoRequests.status, "requested")))
        .returning();
      if (!issued) throw new AppError("conflict", "errors.fapiaoNotPending");
      await recordDecision(tx, actor, issued, {
        status: "issued",
        after: { fapiaoNumber: issued.fapiaoNumber, pdfBytes: input.pdf.byteLength },
        ip: meta.ip,
        tell: { fapiaoNumber: input.fapiaoNumber },
      });
      return issued;
    });
  } catch (error) {
    await removeStoredFile(stored.path);
    throw error;
  }
}

/** Finance declines a request with a reason the tenant sees; the tenant may then request again. */
export async function rejectFapiao(actor: MemberActor, input: { requestId: string; reason: string }, meta: RequestMeta) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  if (!isUuid(input.requestId)) throw notFound();
  const reason = input.reason.trim();
  if (!reason) throw new AppError("invalid", "errors.required");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: fapiaoRequests.id }).from(fapiaoRequests).where(eq(fapiaoRequests.id, input.requestId));
    if (!existing) throw notFound();
    // The reason rides along with the details the tenant asked for, so the tenant sees it beside them.
    const [rejected] = await tx
      .update(fapiaoRequests)
      .set({ status: "rejected", details: sql`${fapiaoRequests.details} || jsonb_build_object('rejectionReason', ${reason}::text)` })
      .where(and(eq(fapiaoRequests.id, input.requestId), eq(fapiaoRequests.status, "requested")))
      .returning();
    if (!rejected) throw new AppError("conflict", "errors.fapiaoNotPending");
    await recordDecision(tx, actor, rejected, { status: "rejected", reason, ip: meta.ip, tell: { reason } });
    return rejected;
  });
}

/**
 * The issued fapiao's PDF, for the tenant's billing members and park finance. Anyone else — another
 * tenant included — is told it does not exist.
 */
export async function readFapiaoPdf(actor: MemberActor, requestId: string) {
  if (!isUuid(requestId)) throw notFound();
  const finance = hasPermission(actor, "finance:manage", { kind: "park" });
  if (!finance && !(hasPermission(actor, "billing:read", { kind: "tenant" }))) throw forbidden();
  const db = await getDb();
  const [request] = await db
    .select()
    .from(fapiaoRequests)
    .where(and(eq(fapiaoRequests.id, requestId), finance ? undefined : eq(fapiaoRequests.orgId, actor.org.id)));
  if (!request || request.status !== "issued" || !request.pdfPath) throw notFound();
  const bytes = await readStoredFile(request.pdfPath);
  return { bytes, filename: `fapiao-${request.fapiaoNumber ?? request.id}.pdf` };
}
