// Fapiao (发票): a tenant's invoicing details with a checked USCC, one live request per paid
// invoice (专票 only with bank details), finance issuing it with a real PDF (checked by content,
// not name) or rejecting it, and the PDF served only to that tenant's billing members and finance.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import i18next from "i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, billingProfiles, fapiaoRequests, notifications } from "#db/schema/index";
import { billingProfileSchema } from "~/modules/billing/fapiao-forms";
import { listFapiaoRequestsForInvoice, requestFapiao } from "~/modules/billing/fapiao.server";
import { applyPayment } from "~/modules/billing/payments.server";
import en from "~/i18n/locales/en";
import zhCN from "~/i18n/locales/zh-CN";
import { resetConfig } from "~/modules/platform/config.server";
import { getDb } from "~/modules/platform/db.server";
import { filesDir } from "~/modules/platform/files.server";
import { usccCheckCharacter } from "~/modules/platform/uscc";
import { action as profileAction, loader as profileLoader } from "~/routes/billing.profile";
import { loader as pdfLoader } from "~/routes/billing.fapiao.$id.pdf";
import { action as requestAction } from "~/routes/billing.fapiao.request";
import { action as rejectAction, loader as queueLoader } from "~/routes/finance.fapiao";
import { action as issueAction } from "~/routes/finance.fapiao_.uploads";
import { STAGE_TOTAL_FEN, openInvoice, parkStaff, rowCount, tenantOwner } from "../support/billing";
import { call, getRequest, postRequest, signedInMember, unique } from "../support/factories";

const FIRST_17 = "91310117MA1J2K3L4";
const VALID_USCC = FIRST_17 + usccCheckCharacter(FIRST_17);
const WRONG_CHECK_USCC = FIRST_17 + (VALID_USCC.endsWith("0") ? "1" : "0");
const PDF = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");

let filesRoot: string;
beforeAll(() => {
  filesRoot = fs.mkdtempSync(path.join(os.tmpdir(), "haopu-files-"));
  process.env.FILES_DIR = filesRoot;
  resetConfig();
});
afterAll(() => {
  delete process.env.FILES_DIR;
  resetConfig();
  fs.rmSync(filesRoot, { recursive: true, force: true });
});

const fullProfile = {
  title: "上海青禾动画有限公司",
  taxpayerId: VALID_USCC,
  address: "上海市松江区车墩镇影视路 1 号",
  phone: "021-5778 0000",
  bankName: "招商银行上海松江支行",
  bankAccount: "1219 0988 7710 001",
  email: "finance@qinghe.example",
};

async function paidInvoiceOf(orgId: string) {
  const invoice = await openInvoice(orgId);
  const db = await getDb();
  await db.transaction((tx) => applyPayment(tx, { invoiceId: invoice.id, method: "stripe", externalRef: unique("pi"), amountFen: STAGE_TOTAL_FEN }));
  return invoice;
}

async function noticesOf(userId: string, kind: string) {
  const db = await getDb();
  return db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
}

async function saveProfile(cookie: string, fields: Record<string, string>) {
  return call<typeof profileAction>(profileAction, postRequest("/billing/profile", fields, cookie));
}

function multipart(pathName: string, fields: Record<string, string | { bytes: Uint8Array; name: string; type: string }>, cookie: string) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") body.append(name, value);
    else body.append(name, new Blob([new Uint8Array(value.bytes)], { type: value.type }), value.name);
  }
  return new Request(`http://localhost${pathName}`, { method: "POST", body, headers: { Cookie: cookie, Origin: "http://localhost" } });
}

/** A tenant owner with saved details and a paid invoice, a fapiao requested for it, and park finance. */
async function requestedFapiao(fapiaoType: "normal" | "special" = "normal") {
  const finance = await parkStaff("finance");
  const owner = await tenantOwner();
  await saveProfile(owner.cookie, fullProfile);
  const invoice = await paidInvoiceOf(owner.org.id);
  const request = await requestFapiao(owner.actor, { invoiceId: invoice.id, fapiaoType });
  return { owner, invoice, request, finance };
}

describe("invoicing details", () => {
  it("refuses a USCC with a wrong check character, in the reader's language", async () => {
    const parsed = billingProfileSchema.safeParse({ ...fullProfile, taxpayerId: WRONG_CHECK_USCC });
    expect(parsed.success).toBe(false);
    const key = parsed.error!.issues.find((i) => i.path[0] === "taxpayerId")!.message;
    expect(key).toBe("errors.usccInvalid");
    const t = await i18next.createInstance().init({ resources: { zh: { translation: zhCN }, en: { translation: en } }, lng: "zh" });
    expect(t(key, { lng: "zh" })).toBe("统一社会信用代码校验位不正确");
    expect(t(key, { lng: "en" })).toBe("The Unified Social Credit Code's check character is wrong");

    const owner = await tenantOwner();
    const answer = await saveProfile(owner.cookie, { ...fullProfile, taxpayerId: WRONG_CHECK_USCC });
    expect(answer.status).toBe(400);
    expect(answer.data.result.error?.taxpayerId).toEqual(["errors.usccInvalid"]);
    expect(await rowCount(billingProfiles)).toBe(0);
  });

  it.each([
    ["too short", "91310117MA1J2K3", "errors.usccFormat"],
    ["a letter outside the alphabet", "91310117MA1J2K3LO" + "0", "errors.usccFormat"],
    ["empty", "", "errors.required"],
  ])("refuses a taxpayer id that is %s", async (_label, taxpayerId, message) => {
    const owner = await tenantOwner();
    const answer = await saveProfile(owner.cookie, { ...fullProfile, taxpayerId });
    expect(answer.status).toBe(400);
    expect(answer.data.result.error?.taxpayerId).toEqual([message]);
  });

  it("saves the details (normalising the code to capitals), audits it, and shows them to billing members only", async () => {
    const owner = await tenantOwner();
    const answer = await saveProfile(owner.cookie, { ...fullProfile, taxpayerId: ` ${VALID_USCC.toLowerCase()} ` });
    expect(answer.status).toBe(200);
    const db = await getDb();
    const [profile] = await db.select().from(billingProfiles).where(eq(billingProfiles.orgId, owner.org.id));
    expect(profile).toMatchObject({ ...fullProfile, taxpayerId: VALID_USCC });
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, "billing_profile.updated"));
    expect(audit).toMatchObject({ actorUserId: owner.user.id, orgId: owner.org.id });

    const page = await call<typeof profileLoader>(profileLoader, getRequest("/billing/profile", owner.cookie));
    expect(page.data.profile).toMatchObject({ title: fullProfile.title, taxpayerId: VALID_USCC });
    expect(page.data.mayEdit).toBe(true);

    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    expect((await call<typeof profileLoader>(profileLoader, getRequest("/billing/profile", member.cookie))).status).toBe(403);
    expect((await saveProfile(member.cookie, { ...fullProfile, title: "改掉" })).status).toBe(403);
    const finance = await parkStaff("finance");
    expect((await call<typeof profileLoader>(profileLoader, getRequest("/billing/profile", finance.cookie))).status).toBe(404);
  });
});

describe("requesting a fapiao", () => {
  it("refuses a 专票 without bank details, accepts a 普票, and allows one live request per invoice", async () => {
    const owner = await tenantOwner();
    await saveProfile(owner.cookie, { title: fullProfile.title, taxpayerId: VALID_USCC });
    const invoice = await paidInvoiceOf(owner.org.id);

    const special = await call<typeof requestAction>(requestAction, postRequest("/billing/fapiao/request", { invoiceId: invoice.id, fapiaoType: "special" }, owner.cookie));
    expect(special.status).toBe(409);
    expect(special.data.result.error?.[""]).toEqual(["errors.fapiaoSpecialNeedsBank"]);
    expect(await rowCount(fapiaoRequests)).toBe(0);

    const normal = await call<typeof requestAction>(
      requestAction,
      postRequest("/billing/fapiao/request", { invoiceId: invoice.id, fapiaoType: "normal", redirectTo: `/billing/invoices/${invoice.id}` }, owner.cookie),
    );
    expect(normal.status).toBe(302);
    expect(normal.location).toBe(`/billing/invoices/${invoice.id}?fapiao=requested`);
    const [request] = await listFapiaoRequestsForInvoice(owner.actor, invoice.id);
    expect(request).toMatchObject({ fapiaoType: "normal", status: "requested", details: expect.objectContaining({ taxpayerId: VALID_USCC }) });

    const second = await call<typeof requestAction>(requestAction, postRequest("/billing/fapiao/request", { invoiceId: invoice.id, fapiaoType: "normal" }, owner.cookie));
    expect(second.status).toBe(409);
    expect(second.data.result.error?.[""]).toEqual(["errors.fapiaoAlreadyRequested"]);
    expect(await rowCount(fapiaoRequests)).toBe(1);
  });

  it("accepts a 专票 once the bank details are complete, and tells finance", async () => {
    const { request, finance } = await requestedFapiao("special");
    expect(request.fapiaoType).toBe("special");
    const [notice] = await noticesOf(finance.user.id, "fapiaoRequested");
    expect(notice).toMatchObject({ link: "/finance/fapiao" });
  });

  it("refuses an unpaid invoice, a missing profile, another tenant's invoice and a plain member", async () => {
    const owner = await tenantOwner();
    const open = await openInvoice(owner.org.id);
    const paid = await paidInvoiceOf(owner.org.id);
    await expect(requestFapiao(owner.actor, { invoiceId: paid.id, fapiaoType: "normal" })).rejects.toMatchObject({ messageKey: "errors.fapiaoProfileMissing" });
    await saveProfile(owner.cookie, fullProfile);
    await expect(requestFapiao(owner.actor, { invoiceId: open.id, fapiaoType: "normal" })).rejects.toMatchObject({ messageKey: "errors.fapiaoInvoiceNotPaid" });

    const other = await tenantOwner();
    await saveProfile(other.cookie, fullProfile);
    const foreign = await call<typeof requestAction>(requestAction, postRequest("/billing/fapiao/request", { invoiceId: paid.id, fapiaoType: "normal" }, other.cookie));
    expect(foreign.status).toBe(404);
    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    expect((await call<typeof requestAction>(requestAction, postRequest("/billing/fapiao/request", { invoiceId: paid.id, fapiaoType: "normal" }, member.cookie))).status).toBe(403);
    const bad = await call<typeof requestAction>(requestAction, postRequest("/billing/fapiao/request", { invoiceId: paid.id, fapiaoType: "vip" }, owner.cookie));
    expect(bad.status).toBe(400);
    expect(bad.data.result.error?.fapiaoType).toEqual(["errors.fapiaoTypeRequired"]);
    expect(await rowCount(fapiaoRequests)).toBe(0);
  });
});

describe("issuing and downloading", () => {
  it("refuses a text file renamed .pdf, next to the file field, and writes nothing", async () => {
    const { request, finance } = await requestedFapiao();
    const answer = await call<typeof issueAction>(
      issueAction,
      multipart(
        "/finance/fapiao/uploads",
        { requestId: request.id, fapiaoNumber: "26312000000012345678", pdf: { bytes: Buffer.from("这不是 PDF，只是改了扩展名的文本。"), name: "fapiao.pdf", type: "application/pdf" } },
        finance.cookie,
      ),
    );
    expect(answer.status).toBe(422);
    expect(answer.data.result.error?.pdf).toEqual(["errors.pdfNotPdf"]);
    const db = await getDb();
    const [row] = await db.select().from(fapiaoRequests).where(eq(fapiaoRequests.id, request.id));
    expect(row).toMatchObject({ status: "requested", pdfPath: null, fapiaoNumber: null });
    expect(fs.existsSync(path.join(filesRoot, "fapiao")) ? fs.readdirSync(path.join(filesRoot, "fapiao")) : []).toEqual([]);
  });

  it("refuses a PDF over 5 MB and a malformed fapiao number", async () => {
    const { request, finance } = await requestedFapiao();
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const answer = await call<typeof issueAction>(
      issueAction,
      multipart("/finance/fapiao/uploads", { requestId: request.id, fapiaoNumber: "12AB", pdf: { bytes: big, name: "big.pdf", type: "application/pdf" } }, finance.cookie),
    );
    expect(answer.status).toBe(400);
    expect(answer.data.result.error?.pdf).toEqual(["errors.pdfTooLarge"]);
    expect(answer.data.result.error?.fapiaoNumber).toEqual(["errors.fapiaoNumberFormat"]);
  });

  it("issues with number and PDF, notifies the tenant, and serves the PDF to its billing members and finance only", async () => {
    const { owner, invoice, request, finance } = await requestedFapiao();
    const issued = await call<typeof issueAction>(
      issueAction,
      multipart("/finance/fapiao/uploads", { requestId: request.id, fapiaoNumber: "26312000000012345678", pdf: { bytes: PDF, name: "scan.bin", type: "application/octet-stream" } }, finance.cookie),
    );
    expect(issued.status).toBe(302);
    expect(issued.location).toBe("/finance/fapiao?issued=26312000000012345678");

    const db = await getDb();
    const [row] = await db.select().from(fapiaoRequests).where(eq(fapiaoRequests.id, request.id));
    expect(row).toMatchObject({ status: "issued", fapiaoNumber: "26312000000012345678", issuedBy: finance.user.id });
    // Kept outside public/, under the files directory.
    expect(path.resolve(filesDir(), row.pdfPath!).startsWith(filesRoot)).toBe(true);
    const [notice] = await noticesOf(owner.user.id, "fapiaoIssued");
    expect(notice).toMatchObject({ link: `/billing/invoices/${invoice.id}` });
    expect(notice.params).toMatchObject({ fapiaoNumber: "26312000000012345678" });

    const download = await call<typeof pdfLoader>(pdfLoader, getRequest(`/billing/fapiao/${request.id}/pdf`, owner.cookie), { id: request.id });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.headers.get("Content-Disposition")).toContain("fapiao-26312000000012345678.pdf");
    const response = await pdfLoader({ request: getRequest(`/billing/fapiao/${request.id}/pdf`, owner.cookie), params: { id: request.id }, context: {} as never });
    expect(Buffer.from(await (response as Response).arrayBuffer()).equals(PDF)).toBe(true);

    expect((await call<typeof pdfLoader>(pdfLoader, getRequest(`/billing/fapiao/${request.id}/pdf`, finance.cookie), { id: request.id })).status).toBe(200);
    const other = await tenantOwner();
    expect((await call<typeof pdfLoader>(pdfLoader, getRequest(`/billing/fapiao/${request.id}/pdf`, other.cookie), { id: request.id })).status).toBe(404);
    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    expect((await call<typeof pdfLoader>(pdfLoader, getRequest(`/billing/fapiao/${request.id}/pdf`, member.cookie), { id: request.id })).status).toBe(403);
    const services = await parkStaff("services");
    expect((await call<typeof pdfLoader>(pdfLoader, getRequest(`/billing/fapiao/${request.id}/pdf`, services.cookie), { id: request.id })).status).toBe(403);

    const queue = await call<typeof queueLoader>(queueLoader, getRequest("/finance/fapiao?status=issued", finance.cookie));
    expect(queue.data.requests.map((r: { id: string; hasPdf: boolean }) => [r.id, r.hasPdf])).toEqual([[request.id, true]]);

    // Issued once: a second upload is a conflict and leaves no stray file behind.
    const again = await call<typeof issueAction>(
      issueAction,
      multipart("/finance/fapiao/uploads", { requestId: request.id, fapiaoNumber: "26312000000099999999", pdf: { bytes: PDF, name: "again.pdf", type: "application/pdf" } }, finance.cookie),
    );
    expect(again.status).toBe(409);
    expect(fs.readdirSync(path.join(filesRoot, "fapiao"))).toHaveLength(1);
  });

  it("rejects with a reason the tenant sees, after which the tenant may ask again", async () => {
    const { owner, invoice, request, finance } = await requestedFapiao();
    const noReason = await call<typeof rejectAction>(rejectAction, postRequest("/finance/fapiao", { requestId: request.id, reason: "" }, finance.cookie));
    expect(noReason.status).toBe(400);
    expect(noReason.data.result.error?.reason).toEqual(["errors.required"]);

    const rejected = await call<typeof rejectAction>(rejectAction, postRequest("/finance/fapiao", { requestId: request.id, reason: "抬头与税号不一致" }, finance.cookie));
    expect(rejected.status).toBe(200);
    const [seen] = await listFapiaoRequestsForInvoice(owner.actor, invoice.id);
    expect(seen).toMatchObject({ status: "rejected", rejectionReason: "抬头与税号不一致" });
    expect(seen.details).not.toHaveProperty("rejectionReason");
    const [notice] = await noticesOf(owner.user.id, "fapiaoRejected");
    expect(notice.params).toMatchObject({ reason: "抬头与税号不一致" });
    const db = await getDb();
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, "fapiao.rejected"));
    expect(audit).toMatchObject({ actorUserId: finance.user.id, reason: "抬头与税号不一致", orgId: owner.org.id });

    const twice = await call<typeof rejectAction>(rejectAction, postRequest("/finance/fapiao", { requestId: request.id, reason: "再次" }, finance.cookie));
    expect(twice.status).toBe(409);
    const renewed = await requestFapiao(owner.actor, { invoiceId: invoice.id, fapiaoType: "normal" });
    expect(renewed.status).toBe("requested");
  });

  it("another tenant cannot list an invoice's fapiao requests", async () => {
    const { invoice } = await requestedFapiao();
    const other = await tenantOwner();
    await expect(listFapiaoRequestsForInvoice(other.actor, invoice.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
