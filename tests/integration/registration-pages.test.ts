// The company-registration pages through their loaders and actions: each page loads for its
// audience; another person gets 404 for a case, its actions and its documents; a tenant member (or
// park staff without the registration role) cannot open the desk; bad input on every intake step
// is refused with field errors readable in Chinese and English and changes nothing; an HTML file
// renamed .pdf is refused; and a case goes from the applicant's first step to the desk's
// completion, after which the tenant's company profile shows its USCC and park address.
import { and, count, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organisations, registrationCases, registrationDocuments } from "#db/schema/index";
import { translator } from "~/i18n/i18n.server";
import { getDb } from "~/modules/platform/db.server";
import { loader as profileLoader } from "~/routes/org.profile";
import { action as caseAction, loader as caseLoader } from "~/routes/registration.$id";
import { action as documentsAction } from "~/routes/registration.$id_.documents";
import { action as indexAction, loader as indexLoader } from "~/routes/registration._index";
import { action as deskCaseAction, loader as deskCaseLoader } from "~/routes/registration.desk.$id";
import { loader as deskQueueLoader } from "~/routes/registration.desk._index";
import { action as addressesAction, loader as addressesLoader } from "~/routes/registration.desk.addresses";
import { action as feesAction, loader as feesLoader } from "~/routes/registration.desk.fees";
import { loader as statsLoader } from "~/routes/registration.desk.stats";
import { loader as deskLayoutLoader } from "~/routes/registration.desk";
import { loader as articlesLoader } from "~/routes/registration.desk_.$id.articles";
import { loader as downloadLoader } from "~/routes/registration.documents.$id";
import { actorFor, call, getRequest, postRequest, signedInMember } from "../support/factories";
import {
  addParkAddresses,
  caseAt,
  caseWithCompleteIntake,
  completeIntake,
  deskMember,
  HTML_BYTES,
  newFounder,
  PDF_BYTES,
  residentId,
  SHAREHOLDER_USCC,
  VALID_USCC,
  WRONG_CHECK_USCC,
  wrongCheckResidentId,
} from "../support/registration";

/** A form with repeated names allowed (`items` checkboxes), posted like a browser does. */
function formRequest(path: string, pairs: [string, string][], cookie: string) {
  const body = new URLSearchParams();
  for (const [name, value] of pairs) body.append(name, value);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost", Cookie: cookie },
  });
}

function multipartRequest(path: string, fields: Record<string, string>, file: { bytes: Uint8Array; name: string; type: string }, cookie: string) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  return new Request(`http://localhost${path}`, { method: "POST", body, headers: { Origin: "http://localhost", Cookie: cookie } });
}

/** A step's answers as the form's field names: `shareholders[0].name`, `legalRep.idNumber`, `items` repeated. */
function fieldsOf(values: Record<string, unknown>, prefix = ""): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(values)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (key === "items" && Array.isArray(value)) value.forEach((v) => pairs.push(["items", String(v)]));
    else if (Array.isArray(value)) value.forEach((v, i) => (v && typeof v === "object" ? pairs.push(...fieldsOf(v as Record<string, unknown>, `${name}[${i}]`)) : pairs.push([`${name}[${i}]`, String(v)])));
    else if (value && typeof value === "object") pairs.push(...fieldsOf(value as Record<string, unknown>, name));
    else if (value !== undefined && value !== null) pairs.push([name, String(value)]);
  }
  return pairs;
}

function saveStep(caseId: string, step: string, values: Record<string, unknown>, cookie: string, intent = "next") {
  return call(caseAction, formRequest(`/registration/${caseId}`, [["intent", intent], ["step", step], ...fieldsOf(values)], cookie), { id: caseId });
}

/** Every encoded message (`key::{params}`) reads as a sentence in both languages, not as its key. */
async function expectReadable(messages: string[]) {
  expect(messages.length).toBeGreaterThan(0);
  const [zh, en] = await Promise.all([translator("zh-CN"), translator("en")]);
  for (const message of messages) {
    const [key, params] = message.split("::");
    const options = params ? JSON.parse(params) : undefined;
    const chinese = zh(key, options) as string;
    const english = en(key, options) as string;
    expect(chinese, `${key} in Chinese`).not.toBe(key);
    expect(english, `${key} in English`).not.toBe(key);
    expect(chinese).toMatch(/\p{Script=Han}/u);
    // English may quote the Chinese words it is about (有限公司), but it is English.
    expect(english).toMatch(/[A-Za-z]{3,}.*[A-Za-z]{3,}/);
    expect(english).not.toBe(chinese);
    expect(chinese).not.toMatch(/\{\{/);
    expect(english).not.toMatch(/\{\{/);
  }
}

async function caseRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(registrationCases).where(eq(registrationCases.id, id));
  return row;
}

async function liveDocuments(caseId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(registrationDocuments).where(and(eq(registrationDocuments.caseId, caseId), isNull(registrationDocuments.removedAt)));
  return Number(row.n);
}

async function tenantOwner() {
  const member = await signedInMember({ role: "owner" });
  return { ...member, actor: await actorFor(member.cookie) };
}

describe("each page loads for its audience", () => {
  it("a founder opens a case from /registration and works on it at /registration/:id", async () => {
    const founder = await newFounder();
    const empty = await call(indexLoader, getRequest("/registration", founder.cookie));
    expect(empty.status).toBe(200);
    expect(empty.data.cases).toEqual([]);

    const refused = await call(indexAction, postRequest("/registration", { intent: "open", caseType: "partnership" }, founder.cookie));
    expect(refused.status).toBe(400);
    expect(refused.data.result.error.caseType).toHaveLength(1);

    const opened = await call(indexAction, postRequest("/registration", { intent: "open", caseType: "limited" }, founder.cookie));
    expect(opened.status).toBe(302);
    const caseId = /\/registration\/([0-9a-f-]{36})/.exec(opened.location ?? "")![1];
    const list = await call(indexLoader, getRequest("/registration", founder.cookie));
    expect(list.data.cases).toHaveLength(1);
    expect(list.data.cases[0]).toMatchObject({ id: caseId, caseType: "limited", status: "intake", stepOwner: "applicant" });

    const page = await call(caseLoader, getRequest(`/registration/${caseId}`, founder.cookie), { id: caseId });
    expect(page.status).toBe(200);
    // A new case starts at its first intake step, nothing complete yet.
    expect(page.data.current).toBe("names");
    expect(page.data.editable).toBe(true);
    expect(page.data.completion.names).toBe(false);
    expect(page.data.case.status).toBe("intake");
  });

  it("asks a person whose address is not verified to verify it before opening a case, and opens none", async () => {
    const founder = await newFounder({ verified: false });
    const page = await call(indexLoader, getRequest("/registration", founder.cookie));
    expect(page.data.emailVerified).toBe(false);
    const refused = await call(indexAction, postRequest("/registration", { intent: "open", caseType: "limited" }, founder.cookie));
    expect(refused.status).toBe(403);
    expect(refused.data.messageKey).toBe("errors.emailNotVerified");
    const db = await getDb();
    const [cases] = await db.select({ n: count() }).from(registrationCases);
    expect(Number(cases.n)).toBe(0);
  });

  it("the desk's queue, case, articles, address pool, fees and numbers load for a registration desk member", async () => {
    const desk = await deskMember();
    await addParkAddresses(2);
    const { caseId, number } = await caseAt("name_approved", { desk, overrides: { address: { kind: "park", ownAddress: "" } } });

    expect((await call(deskLayoutLoader, getRequest("/registration/desk", desk.cookie))).status).toBe(200);
    const queue = await call(deskQueueLoader, getRequest("/registration/desk", desk.cookie));
    expect(queue.status).toBe(200);
    expect(queue.data.rows.map((r: { number: string }) => r.number)).toEqual([number]);
    expect(queue.data.counts.byStatus.name_approved).toBe(1);

    const mine = await call(deskQueueLoader, getRequest("/registration/desk?assignee=mine", desk.cookie));
    expect(mine.data.rows).toEqual([]);
    const byStep = await call(deskQueueLoader, getRequest("/registration/desk?status=filed", desk.cookie));
    expect(byStep.data.rows).toEqual([]);

    const deskCase = await call(deskCaseLoader, getRequest(`/registration/desk/${caseId}`, desk.cookie), { id: caseId });
    expect(deskCase.status).toBe(200);
    expect(deskCase.data.next).toBe("filed");
    expect(deskCase.data.address.addressZh).toContain("影视路 88 号");

    const articles = await call(articlesLoader, getRequest(`/registration/desk/${caseId}/articles`, desk.cookie), { id: caseId });
    expect(articles.status).toBe(200);
    expect(articles.data.name).toBe("上海星河影视文化有限公司");
    expect(articles.data.capitalWan).toBe("100");
    expect(articles.data.shareholders.map((s: { name: string; subscribedWan: string; paymentDueOn: string }) => [s.name, s.subscribedWan, s.paymentDueOn])).toEqual([
      ["张三", "60", "2028-12-31"],
      ["李四", "40", "2028-12-31"],
    ]);
    expect(articles.data.address).toBe(deskCase.data.address.addressZh);

    const pool = await call(addressesLoader, getRequest("/registration/desk/addresses", desk.cookie));
    expect(pool.status).toBe(200);
    expect(pool.data.addresses.filter((a: { caseId: string | null }) => a.caseId === caseId)).toHaveLength(1);
    const added = await call(addressesAction, postRequest("/registration/desk/addresses", { addressZh: "上海市松江区车墩镇影视路 99 号 9 幢 901 室", addressEn: "Room 901, Building 9, 99 Yingshi Road" }, desk.cookie));
    expect(added.status).toBe(200);
    const twice = await call(addressesAction, postRequest("/registration/desk/addresses", { addressZh: "上海市松江区车墩镇影视路 99 号 9 幢 901 室", addressEn: "again" }, desk.cookie));
    expect(twice.status).toBe(409);
    expect((await call(addressesLoader, getRequest("/registration/desk/addresses?show=free", desk.cookie))).data.addresses).toHaveLength(3);

    expect((await call(feesLoader, getRequest("/registration/desk/fees", desk.cookie))).status).toBe(200);
    const badFee = await call(feesAction, postRequest("/registration/desk/fees", { caseType: "limited", feeYuan: "12.345" }, desk.cookie));
    expect(badFee.status).toBe(400);
    expect(badFee.data.result.error.feeYuan).toEqual(["errors.amountFormat"]);
    const fee = await call(feesAction, postRequest("/registration/desk/fees", { caseType: "limited", feeYuan: "3000.00", freeForTenants: "on" }, desk.cookie));
    expect(fee.status).toBe(200);
    const fees = await call(feesLoader, getRequest("/registration/desk/fees", desk.cookie));
    expect(fees.data.fees.find((f: { caseType: string }) => f.caseType === "limited")).toMatchObject({ feeFen: "300000", freeForTenants: true });

    const stats = await call(statsLoader, getRequest("/registration/desk/stats", desk.cookie));
    expect(stats.status).toBe(200);
    expect(stats.data.openByStep.find((s: { status: string }) => s.status === "name_approved").count).toBe(1);
    expect(stats.data.completedByMonth).toHaveLength(12);
  });

  it("a tenant member sees the company profile; duties appear once the company is registered", async () => {
    const owner = await tenantOwner();
    const profile = await call(profileLoader, getRequest("/org/profile", owner.cookie));
    expect(profile.status).toBe(200);
    expect(profile.data.company.uscc).toBeNull();
    expect(profile.data.duties).toEqual([]);
    const db = await getDb();
    await db.update(organisations).set({ uscc: VALID_USCC }).where(eq(organisations.id, owner.org.id));
    const registered = await call(profileLoader, getRequest("/org/profile", owner.cookie));
    expect(registered.data.duties[0].code).toBe("annual_report");
    expect(registered.data.duties[0].dueOn).toMatch(/-06-30$/);
    // A person without a company has no profile.
    const founder = await newFounder();
    expect((await call(profileLoader, getRequest("/org/profile", founder.cookie))).status).toBe(404);
  });
});

describe("a case is its owner's and the desk's only", () => {
  it("another person gets 404 for the case page, its actions and its documents", async () => {
    const { caseId, owner } = await caseWithCompleteIntake();
    const stranger = await newFounder();
    const otherTenant = await tenantOwner();
    const db = await getDb();
    const [document] = await db.select().from(registrationDocuments).where(eq(registrationDocuments.caseId, caseId)).limit(1);

    for (const who of [stranger, otherTenant]) {
      expect((await call(caseLoader, getRequest(`/registration/${caseId}`, who.cookie), { id: caseId })).status).toBe(404);
      expect((await saveStep(caseId, "names", { candidates: ["上海偷看影视文化有限公司"] }, who.cookie)).status).toBe(404);
      expect((await call(caseAction, postRequest(`/registration/${caseId}`, { intent: "cancel", reason: "不要了" }, who.cookie), { id: caseId })).status).toBe(404);
      expect((await call(downloadLoader, getRequest(`/registration/documents/${document.id}`, who.cookie), { id: document.id })).status).toBe(404);
      const upload = await call(documentsAction, multipartRequest(`/registration/${caseId}/documents`, { intent: "upload", requirement: "id:shareholder:0" }, { bytes: PDF_BYTES, name: "id.pdf", type: "application/pdf" }, who.cookie), { id: caseId });
      expect(upload.status).toBe(404);
    }
    // Nothing changed, and the owner still downloads the file.
    expect((await caseRow(caseId)).status).toBe("intake");
    const download = await call(downloadLoader, getRequest(`/registration/documents/${document.id}`, owner.cookie!), { id: document.id });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment/);
  });

  it("a tenant member without the registration role cannot open the desk console; park staff of another desk neither", async () => {
    const { caseId } = await caseWithCompleteIntake();
    const tenant = await tenantOwner();
    const services = await deskMember("services");
    const routes: [Parameters<typeof call>[0], string, Record<string, string>][] = [
      [deskLayoutLoader, "/registration/desk", {}],
      [deskQueueLoader, "/registration/desk", {}],
      [deskCaseLoader, `/registration/desk/${caseId}`, { id: caseId }],
      [articlesLoader, `/registration/desk/${caseId}/articles`, { id: caseId }],
      [addressesLoader, "/registration/desk/addresses", {}],
      [feesLoader, "/registration/desk/fees", {}],
      [statsLoader, "/registration/desk/stats", {}],
    ];
    for (const [loader, path, params] of routes) {
      expect([403, 404], `${path} for a tenant`).toContain((await call(loader, getRequest(path, tenant.cookie), params)).status);
      expect((await call(loader, getRequest(path, services.cookie), params)).status, `${path} for the services desk`).toBe(403);
    }
    const move = await call(deskCaseAction, postRequest(`/registration/desk/${caseId}`, { intent: "cancel", reason: "x" }, tenant.cookie), { id: caseId });
    expect([403, 404]).toContain(move.status);
    expect((await caseRow(caseId)).status).toBe("intake");
  });
});

describe("bad input on each intake step: a field error in Chinese and English, and nothing written", () => {
  const limited = completeIntake("limited");
  const cases: [string, string, Record<string, unknown>, string][] = [
    ["a name missing its 组织形式", "names", { candidates: ["上海星河影视文化"] }, "candidates.0"],
    ["a name with 中国", "names", { candidates: ["上海中国星河影视文化有限公司"] }, "candidates.0"],
    [
      "shares adding up to 99.99 %",
      "shareholders",
      {
        shareholders: [
          { kind: "person", name: "张三", idNumber: residentId(1), sharePercent: "60", subscribedWan: "60", paymentDueOn: "2028-12-31" },
          { kind: "person", name: "李四", idNumber: residentId(2), sharePercent: "39.99", subscribedWan: "40", paymentDueOn: "2028-12-31" },
        ],
      },
      "shareholders",
    ],
    [
      "a resident ID with a wrong check character",
      "shareholders",
      { shareholders: [{ kind: "person", name: "张三", idNumber: wrongCheckResidentId(1), sharePercent: "100", subscribedWan: "100", paymentDueOn: "2028-12-31" }] },
      "shareholders.0.idNumber",
    ],
    [
      "a USCC with a wrong check character",
      "shareholders",
      {
        shareholders: [
          { kind: "person", name: "张三", idNumber: residentId(1), sharePercent: "50", subscribedWan: "50", paymentDueOn: "2028-12-31" },
          { kind: "company", name: "上海某某投资有限公司", uscc: WRONG_CHECK_USCC, sharePercent: "50", subscribedWan: "50", paymentDueOn: "2028-12-31" },
        ],
      },
      "shareholders.1.uscc",
    ],
    [
      "a capital subscription with no payment date",
      "shareholders",
      { shareholders: [{ kind: "person", name: "张三", idNumber: residentId(1), sharePercent: "100", subscribedWan: "100", paymentDueOn: "" }] },
      "shareholders.0.paymentDueOn",
    ],
    [
      "a contribution date past the 2024 Company Law's five years",
      "shareholders",
      { shareholders: [{ kind: "person", name: "张三", idNumber: residentId(1), sharePercent: "100", subscribedWan: "100", paymentDueOn: `${new Date().getUTCFullYear() + 6}-06-30` }] },
      "shareholders.0.paymentDueOn",
    ],
    ["a capital that is not an amount", "capital", { capitalWan: "一百万" }, "capitalWan"],
    ["an officer's resident ID with a wrong check character", "officers", { ...limited.officers, legalRep: { name: "张三", idNumber: wrongCheckResidentId(1), phone: "13800000001" } }, "legalRep.idNumber"],
    ["an own address left empty", "address", { kind: "own", ownAddress: "" }, "ownAddress"],
    ["no business scope", "scope", { items: [], freeText: "" }, "items"],
  ];

  it.each(cases)("%s", async (_label, step, values, path) => {
    const { caseId, owner } = await caseWithCompleteIntake({ documents: false });
    const before = await caseRow(caseId);
    const answer = await saveStep(caseId, step, values, owner.cookie!);
    expect(answer.status).toBe(400);
    expect(answer.data.result.initialValue.step).toBe(step);
    // Errors are keyed by the field's name in the form (`shareholders[0].idNumber`).
    const field = path.replace(/\.(\d+)/g, "[$1]");
    expect(Object.keys(answer.data.result.error)).toContain(field);
    await expectReadable(answer.data.result.error[field]);
    // What was typed comes back for the form; the saved answers are untouched.
    expect(answer.data.result.initialValue).toBeTruthy();
    const after = await caseRow(caseId);
    expect(after.intake).toEqual(before.intake);
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("an HTML file renamed .pdf is refused next to the file field and stores nothing", async () => {
    const { caseId, owner } = await caseWithCompleteIntake({ documents: false });
    const answer = await call(
      documentsAction,
      multipartRequest(`/registration/${caseId}/documents`, { intent: "upload", requirement: "id:shareholder:0" }, { bytes: HTML_BYTES, name: "身份证.pdf", type: "application/pdf" }, owner.cookie!),
      { id: caseId },
    );
    expect(answer.status).toBe(400);
    expect(answer.data.result.error.file).toEqual(["errors.fileType"]);
    await expectReadable(answer.data.result.error.file);
    expect(await liveDocuments(caseId)).toBe(0);
  });

  it("the history names an uploaded document as the checklist does, never by its key", async () => {
    const { caseId, owner } = await caseWithCompleteIntake({ documents: false });
    const upload = await call(
      documentsAction,
      multipartRequest(`/registration/${caseId}/documents`, { intent: "upload", requirement: "id:shareholder:0" }, { bytes: PDF_BYTES, name: "id.pdf", type: "application/pdf" }, owner.cookie!),
      { id: caseId },
    );
    expect(upload.status).toBeLessThan(400);
    const page = await call(caseLoader, getRequest(`/registration/${caseId}`, owner.cookie!), { id: caseId });
    const uploaded = page.data.timeline.find((e: { kind: string }) => e.kind === "document_uploaded");
    expect(uploaded.note).toBe("");
    expect(uploaded.document).toEqual({ labelKey: "registration.checklist.idShareholder", params: { n: 1, name: "张三" } });
    const [zh, en] = await Promise.all([translator("zh-CN"), translator("en")]);
    expect(zh(uploaded.document.labelKey, uploaded.document.params)).toBe("第 1 位股东（张三）身份证复印件");
    expect(en(uploaded.document.labelKey, uploaded.document.params)).toBe("ID card copy of shareholder 1 (张三)");
  });

  it("a good step is saved as a draft and the next step opens", async () => {
    const founder = await newFounder();
    const opened = await call(indexAction, postRequest("/registration", { intent: "open", caseType: "limited" }, founder.cookie));
    const caseId = /\/registration\/([0-9a-f-]{36})/.exec(opened.location ?? "")![1];
    const draft = await saveStep(caseId, "names", { candidates: ["上海星河影视文化有限公司", "", ""] }, founder.cookie, "draft");
    expect(draft.status).toBe(200);
    expect(draft.data.done).toBe("registration.pages.saved");
    const next = await saveStep(caseId, "scope", { items: ["film_shooting", "software_development"], freeText: "剧本孵化" }, founder.cookie);
    expect(next.status).toBe(302);
    expect(next.location).toBe(`/registration/${caseId}?step=capital`);
    const page = await call(caseLoader, getRequest(`/registration/${caseId}?step=capital`, founder.cookie), { id: caseId });
    expect(page.data.current).toBe("capital");
    expect(page.data.completion).toMatchObject({ names: true, scope: true, capital: false });
    expect(page.data.case.intake.names.candidates).toEqual(["上海星河影视文化有限公司"]);
    expect(page.data.case.intake.scope).toEqual({ items: ["film_shooting", "software_development"], freeText: "剧本孵化" });
  });
});

describe("from the applicant's intake to the company profile", () => {
  it("submit, a request for a missing document, the answer, the licence with a USCC, completion", async () => {
    await addParkAddresses(1);
    const owner = await tenantOwner();
    const desk = await deskMember();
    const { caseId } = await caseWithCompleteIntake({ owner: { actor: owner.actor, user: owner.user, cookie: owner.cookie }, orgId: owner.org.id, overrides: { address: { kind: "park", ownAddress: "" } } });

    const submitted = await call(caseAction, postRequest(`/registration/${caseId}`, { intent: "submit" }, owner.cookie), { id: caseId });
    expect(submitted.status).toBe(302);
    const locked = await call(caseLoader, getRequest(`/registration/${caseId}`, owner.cookie), { id: caseId });
    expect(locked.data.case.status).toBe("materials_complete");
    expect(locked.data.editable).toBe(false);
    expect(locked.data.address.addressZh).toContain("影视路 88 号");
    // Editing after submit is refused.
    const late = await saveStep(caseId, "names", { candidates: ["上海另一个影视文化有限公司"] }, owner.cookie);
    expect(late.status).toBe(409);

    // The desk asks for a document; the reason is required.
    const empty = await call(deskCaseAction, postRequest(`/registration/desk/${caseId}`, { intent: "request", from: "materials_complete", reason: "" }, desk.cookie), { id: caseId });
    expect(empty.status).toBe(400);
    await expectReadable(empty.data.result.error.reason);
    const asked = await call(deskCaseAction, postRequest(`/registration/desk/${caseId}`, { intent: "request", from: "materials_complete", reason: "请补充股东李四身份证反面。" }, desk.cookie), { id: caseId });
    expect(asked.status).toBe(200);
    const waiting = await call(caseLoader, getRequest(`/registration/${caseId}`, owner.cookie), { id: caseId });
    expect(waiting.data.case).toMatchObject({ status: "waiting_for_applicant", waitingReason: "请补充股东李四身份证反面。", stepOwner: "applicant" });
    expect(waiting.data.editable).toBe(true);

    const uploaded = await call(
      documentsAction,
      multipartRequest(`/registration/${caseId}/documents`, { intent: "upload", requirement: "id:shareholder:1" }, { bytes: PDF_BYTES, name: "李四身份证反面.pdf", type: "application/pdf" }, owner.cookie),
      { id: caseId },
    );
    expect(uploaded.status).toBe(200);
    expect(uploaded.data.done).toBe("uploaded");
    const responded = await call(caseAction, postRequest(`/registration/${caseId}`, { intent: "respond", note: "已上传反面。" }, owner.cookie), { id: caseId });
    expect(responded.status).toBe(302);
    expect((await caseRow(caseId)).status).toBe("materials_complete");

    // Two desk members see the same step: the second move is told it already moved.
    const advance = (to: string, from: string, extra: Record<string, string> = {}) =>
      call(deskCaseAction, postRequest(`/registration/desk/${caseId}`, { intent: "advance", from, to, note: "", ...extra }, desk.cookie), { id: caseId });
    expect((await advance("name_approved", "materials_complete", { approvedNameZh: "上海星河影视文化有限公司" })).status).toBe(200);
    const stale = await advance("name_approved", "materials_complete", { approvedNameZh: "上海星河影视文化有限公司" });
    expect(stale.status).toBe(409);
    expect((await advance("filed", "name_approved")).status).toBe(200);

    // The licence: a USCC with a wrong check character is refused and stores no scan.
    const licence = (uscc: string) =>
      call(
        documentsAction,
        multipartRequest(`/registration/${caseId}/documents`, { intent: "licence", from: "filed", uscc, licenceIssuedOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), approvedNameZh: "上海星河影视文化有限公司" }, { bytes: PDF_BYTES, name: "营业执照.pdf", type: "application/pdf" }, desk.cookie),
        { id: caseId },
      );
    const documentsBefore = await liveDocuments(caseId);
    const wrong = await licence(WRONG_CHECK_USCC);
    expect(wrong.status).toBe(400);
    await expectReadable(wrong.data.result.error.uscc);
    expect(await liveDocuments(caseId)).toBe(documentsBefore);
    const issued = await licence(SHAREHOLDER_USCC);
    expect(issued.status).toBe(200);
    expect(await caseRow(caseId)).toMatchObject({ status: "licence_issued", uscc: SHAREHOLDER_USCC });

    for (const [from, to] of [
      ["licence_issued", "seals_made"],
      ["seals_made", "bank_opened"],
      ["bank_opened", "tax_registered"],
      ["tax_registered", "completed"],
    ]) {
      expect((await advance(to, from)).status, `${from} → ${to}`).toBe(200);
    }
    const done = await call(caseLoader, getRequest(`/registration/${caseId}`, owner.cookie), { id: caseId });
    expect(done.data.case.status).toBe("completed");

    const profile = await call(profileLoader, getRequest("/org/profile", owner.cookie));
    expect(profile.data.company.uscc).toBe(SHAREHOLDER_USCC);
    expect(profile.data.company.registeredAddress).toBe(locked.data.address.addressZh);
    expect(profile.data.company.nameZh).toBe("上海星河影视文化有限公司");
    expect(profile.data.duties.map((d: { code: string }) => d.code)).toContain("annual_report");
    expect(profile.data.cases.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([[caseId, "completed"]]);

    const stats = await call(statsLoader, getRequest("/registration/desk/stats", desk.cookie));
    expect(stats.data.completedTotal).toBe(1);
    expect(stats.data.licensedCount).toBe(1);
    expect(stats.data.medianDaysToLicence).toBe(0);
  });
});
