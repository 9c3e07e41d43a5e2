// Demo company-registration data: the park's pool of registered addresses, the desk's fees, and
// cases in every step of the tracker — owned by founders (founderN@apply.test, some linked to
// their applications for companies not registered yet) and by tenants moving their registered
// address into the park, spread over the past months so the desk's numbers have a history. One
// founder (founder11@apply.test) has an approved application and a new tenant company that is not
// registered yet, with no case: the browser test opens one from the application page.
import { eq, inArray } from "drizzle-orm";
import {
  admissionApplications,
  memberships,
  organisations,
  registrationAddresses,
  registrationCases,
  registrationDocuments,
  registrationEvents,
  registrationFees,
  users,
  type RegistrationCaseType,
  type RegistrationStatus,
} from "#db/schema/index";
import type { Tx } from "~/modules/platform/db.server";
import { storeFile } from "~/modules/platform/files.server";
import { residentIdCheckCharacter } from "~/modules/platform/resident-id";
import { demoUscc } from "./codes";
import { sealIntake } from "~/modules/registration/intake-seal.server";
import { documentChecklist } from "~/modules/registration/checklist";
import { stepsFor } from "~/modules/registration/workflow";

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const isoDaysFromNow = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * DAY).toISOString().slice(0, 10);

/** A resident ID with a valid GB 11643 check character: Songjiang (310117), born on `birth`. */
function demoResidentId(birth: string, sequence: number) {
  const first17 = `310117${birth}${String(sequence).padStart(3, "0")}`;
  return first17 + residentIdCheckCharacter(first17)!;
}


/** A one-page PDF naming the placeholder document. */
function placeholderPdf(title: string) {
  const text = `BT /F1 16 Tf 72 720 Td (${title.replace(/[^\x20-\x7e]/g, "").replace(/[()\\]/g, "")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** The park's registered addresses: 30 rooms on 影视路 in Chedun, Songjiang. */
function parkAddressPool() {
  const pool: { addressZh: string; addressEn: string }[] = [];
  for (const [number, buildings] of [
    [88, [1, 2, 3]],
    [99, [5, 6]],
  ] as const) {
    for (const building of buildings) {
      for (const room of [201, 202, 203, 301, 302, 303]) {
        pool.push({
          addressZh: `上海市松江区车墩镇影视路 ${number} 号 ${building} 幢 ${room} 室`,
          addressEn: `Room ${room}, Building ${building}, No. ${number} Yingshi Road, Chedun Town, Songjiang District, Shanghai`,
        });
      }
    }
  }
  return pool;
}

const fees: { caseType: RegistrationCaseType; feeFen: bigint }[] = [
  { caseType: "limited", feeFen: 300_000n },
  { caseType: "sole_proprietorship", feeFen: 150_000n },
  { caseType: "individual", feeFen: 80_000n },
  { caseType: "relocation", feeFen: 200_000n },
];

interface DemoPerson {
  name: string;
  birth: string;
  seq: number;
  phone: string;
}

const person = (p: DemoPerson) => ({ name: p.name, idNumber: demoResidentId(p.birth, p.seq), phone: p.phone });

function limitedIntake(name: string, capitalWan: number, holders: { who: DemoPerson; percent: number }[], officers: { legalRep: DemoPerson; supervisor: DemoPerson; finance: DemoPerson }, extra: { scope?: string[]; address?: "park" | "own"; ownAddress?: string } = {}) {
  const established = isoDaysFromNow(0);
  const due = `${Number(established.slice(0, 4)) + 4}-12-31`;
  return {
    names: { candidates: [name, name.replace(/^上海/, "上海市")] },
    scope: { items: extra.scope ?? ["film_shooting", "video_production", "digital_content", "literary_creation"], freeText: "" },
    capital: { capitalFen: String(BigInt(capitalWan) * 1_000_000n), capitalWan: String(capitalWan), expectedEstablishedOn: null },
    shareholders: {
      shareholders: holders.map((h) => ({
        kind: "person",
        name: h.who.name,
        idNumber: demoResidentId(h.who.birth, h.who.seq),
        shareBp: h.percent * 100,
        subscribedFen: String((BigInt(capitalWan) * 1_000_000n * BigInt(h.percent)) / 100n),
        subscribedWan: String((capitalWan * h.percent) / 100),
        paymentDueOn: due,
      })),
    },
    officers: { legalRep: person(officers.legalRep), supervisor: person(officers.supervisor), finance: person(officers.finance) },
    address: { kind: extra.address ?? "park", ownAddress: extra.address === "own" ? (extra.ownAddress ?? null) : null },
  };
}

function relocationIntake(name: string, uscc: string, legalRep: DemoPerson, supervisor: DemoPerson, finance: DemoPerson) {
  return {
    names: { candidates: [name], currentUscc: uscc },
    scope: { items: ["film_shooting", "tv_programme_production", "video_production", "software_development"], freeText: "" },
    officers: { legalRep: person(legalRep), supervisor: person(supervisor), finance: person(finance) },
    address: { kind: "park", ownAddress: null },
  };
}

const P = (name: string, birth: string, seq: number, phone = "13800000000"): DemoPerson => ({ name, birth, seq, phone });

interface DemoCase {
  /** The number the case gets: cases are inserted in this order, so RC-00001 is the first. */
  number: string;
  owner: string;
  ownerName?: string;
  tenantSlug?: string;
  /** Link to the founder's (first) application. */
  linkApplication?: boolean;
  caseType: RegistrationCaseType;
  status: RegistrationStatus;
  resumeStatus?: RegistrationStatus;
  waitingReason?: string;
  /** Days ago the case was opened; each later step a few days after. */
  opened: number;
  intake: Record<string, unknown>;
  submitted: boolean;
  uscc?: string;
  approvedNameZh?: string;
  cancelledReason?: string;
  assignee?: boolean;
}

const cases: DemoCase[] = [
  {
    number: "RC-00001",
    owner: "founder1@apply.test",
    linkApplication: true,
    caseType: "individual",
    status: "intake",
    opened: 2,
    intake: { names: { candidates: ["上海一鸣互动影视工作室"] }, scope: { items: ["video_production", "animation_games"], freeText: "" } },
    submitted: false,
  },
  {
    number: "RC-00002",
    owner: "founder4@apply.test",
    linkApplication: true,
    caseType: "limited",
    status: "materials_complete",
    opened: 8,
    intake: limitedIntake("上海悦读文化传媒有限公司", 100, [{ who: P("唐悦", "19920315", 124), percent: 70 }, { who: P("许晴", "19940602", 246), percent: 30 }], {
      legalRep: P("唐悦", "19920315", 124, "13800001004"),
      supervisor: P("许晴", "19940602", 246, "13800001104"),
      finance: P("周宁", "19900911", 368, "13800001204"),
    }),
    submitted: true,
    assignee: true,
  },
  {
    number: "RC-00003",
    owner: "founder8@apply.test",
    linkApplication: true,
    caseType: "limited",
    status: "name_approved",
    opened: 15,
    approvedNameZh: "上海星河叙事影视文化有限公司",
    intake: limitedIntake("上海星河叙事影视文化有限公司", 50, [{ who: P("何星", "19880720", 131), percent: 100 }], {
      legalRep: P("何星", "19880720", 131, "13800001008"),
      supervisor: P("何月", "19910203", 242, "13800001108"),
      finance: P("蔡晴", "19930517", 353, "13800001208"),
    }),
    submitted: true,
    assignee: true,
  },
  {
    number: "RC-00004",
    owner: "owner@haipai.test",
    tenantSlug: "haipai",
    caseType: "relocation",
    status: "filed",
    opened: 12,
    intake: relocationIntake("上海海派微剧场文化有限公司", demoUscc("MA1HP1P2M"), P("蒋海", "19850408", 115, "13800003001"), P("唐小雨", "19960110", 226, "13800003002"), P("高敏", "19890923", 337, "13800003003")),
    submitted: true,
  },
  {
    number: "RC-00005",
    owner: "founder12@apply.test",
    ownerName: "宋知夏",
    caseType: "limited",
    status: "licence_issued",
    opened: 24,
    approvedNameZh: "上海知夏动画科技有限公司",
    uscc: demoUscc("MA7WX1A2B"),
    intake: limitedIntake("上海知夏动画科技有限公司", 200, [{ who: P("宋知夏", "19930628", 148), percent: 60 }, { who: P("程远", "19900114", 259), percent: 40 }], {
      legalRep: P("宋知夏", "19930628", 148, "13800001012"),
      supervisor: P("程远", "19900114", 259, "13800001112"),
      finance: P("柳青", "19950305", 360, "13800001212"),
    }, { scope: ["animation_games", "digital_content", "software_development", "ai_application_software"] }),
    submitted: true,
    assignee: true,
  },
  {
    number: "RC-00006",
    owner: "founder13@apply.test",
    ownerName: "梁川",
    caseType: "limited",
    status: "seals_made",
    opened: 30,
    approvedNameZh: "上海川行影视制作有限公司",
    uscc: demoUscc("MA7CX3C4D"),
    intake: limitedIntake("上海川行影视制作有限公司", 100, [{ who: P("梁川", "19870812", 172), percent: 100 }], {
      legalRep: P("梁川", "19870812", 172, "13800001013"),
      supervisor: P("梁雪", "19900426", 283, "13800001113"),
      finance: P("吴桐", "19920730", 394, "13800001213"),
    }),
    submitted: true,
  },
  {
    number: "RC-00007",
    owner: "owner@jingjie.test",
    tenantSlug: "jingjie",
    caseType: "relocation",
    status: "bank_opened",
    opened: 26,
    intake: relocationIntake("上海镜界虚拟制作有限公司", demoUscc("MA1JJ3K4H"), P("叶镜", "19860219", 117, "13800003011"), P("罗浩", "19940815", 228, "13800003012"), P("方圆", "19911107", 339, "13800003013")),
    submitted: true,
    assignee: true,
  },
  {
    number: "RC-00008",
    owner: "founder14@apply.test",
    ownerName: "邱白",
    caseType: "sole_proprietorship",
    status: "tax_registered",
    opened: 35,
    approvedNameZh: "上海邱白影视工作室（个人独资）",
    uscc: demoUscc("MA7QB5E6F"),
    intake: {
      names: { candidates: ["上海邱白影视工作室（个人独资）"] },
      scope: { items: ["video_production", "literary_creation"], freeText: "" },
      capital: { capitalFen: "100000000", capitalWan: "100", expectedEstablishedOn: null },
      shareholders: { shareholders: [{ kind: "person", name: "邱白", idNumber: demoResidentId("19910909", 186), shareBp: 10_000, subscribedFen: "100000000", subscribedWan: "100", paymentDueOn: null }] },
      officers: { legalRep: person(P("邱白", "19910909", 186, "13800001014")), finance: person(P("邱白", "19910909", 186, "13800001014")) },
      address: { kind: "park", ownAddress: null },
    },
    submitted: true,
  },
  {
    number: "RC-00009",
    owner: "owner@moyan.test",
    tenantSlug: "moyan",
    caseType: "relocation",
    status: "completed",
    opened: 75,
    intake: relocationIntake("上海墨言智能剧本科技有限公司", demoUscc("MA1MY1H2G"), P("白墨言", "19900101", 111, "13800003021"), P("钱悦", "19950505", 222, "13800003022"), P("韦明", "19880808", 333, "13800003023")),
    submitted: true,
    uscc: demoUscc("MA1MY1H2G"),
  },
  {
    number: "RC-00010",
    owner: "owner@yunzhen.test",
    tenantSlug: "yunzhen",
    caseType: "relocation",
    status: "completed",
    opened: 140,
    intake: relocationIntake("云帧视效科技（上海）有限公司", demoUscc("MA1YW7M8K"), P("邓云帧", "19840606", 119, "13800003031"), P("田甜", "19970707", 221, "13800003032"), P("陶然", "19890301", 332, "13800003033")),
    submitted: true,
    uscc: demoUscc("MA1YW7M8K"),
  },
  {
    number: "RC-00011",
    owner: "founder15@apply.test",
    ownerName: "温如",
    caseType: "limited",
    status: "waiting_for_applicant",
    resumeStatus: "materials_complete",
    waitingReason: "股东温如的身份证反面照片不清晰，请重新上传；另请确认监事韩冬的手机号码。",
    opened: 6,
    intake: limitedIntake("上海如是文化传播有限公司", 30, [{ who: P("温如", "19950418", 157), percent: 50 }, { who: P("韩冬", "19931212", 268), percent: 50 }], {
      legalRep: P("温如", "19950418", 157, "13800001015"),
      supervisor: P("韩冬", "19931212", 268, "13800001115"),
      finance: P("温如", "19950418", 157, "13800001015"),
    }),
    submitted: true,
    assignee: true,
  },
  {
    number: "RC-00012",
    owner: "founder16@apply.test",
    ownerName: "岳峰",
    caseType: "limited",
    status: "cancelled",
    cancelledReason: "团队决定先以个人工作室形式运营，暂不设立公司。",
    opened: 40,
    intake: limitedIntake("上海峰回影业有限公司", 100, [{ who: P("岳峰", "19890219", 194), percent: 100 }], {
      legalRep: P("岳峰", "19890219", 194, "13800001016"),
      supervisor: P("岳岚", "19920228", 205, "13800001116"),
      finance: P("岳岚", "19920228", 205, "13800001116"),
    }),
    submitted: true,
  },
];

/** Steps a case went through to reach `status` (a waiting or cancelled one through its resume step or submit). */
function pathTo(c: DemoCase): RegistrationStatus[] {
  const line = stepsFor(c.caseType);
  const target = c.status === "waiting_for_applicant" ? c.resumeStatus! : c.status === "cancelled" ? "materials_complete" : c.status;
  return line.slice(0, line.indexOf(target as (typeof line)[number]) + 1);
}

type Ids = { tenants: Map<string, string>; users: Map<string, string>; passwordHash: string };

export async function seedRegistration(tx: Tx, ids: Ids) {
  await tx.insert(registrationAddresses).values(parkAddressPool()).onConflictDoNothing();
  await tx.insert(registrationFees).values(fees.map((f) => ({ ...f, freeForTenants: true }))).onConflictDoNothing();

  const [existing] = await tx.select({ id: registrationCases.id }).from(registrationCases).limit(1);
  if (existing) return;

  const founders = [
    ...cases.filter((c) => c.ownerName).map((c) => ({ email: c.owner, name: c.ownerName! })),
    { email: "founder11@apply.test", name: "沈予安" },
  ];
  await tx
    .insert(users)
    .values(founders.map((f) => ({ email: f.email, displayName: f.name, passwordHash: ids.passwordHash, emailVerifiedAt: new Date() })))
    .onConflictDoNothing();
  const emails = [...new Set([...cases.map((c) => c.owner), "founder11@apply.test", "registration@haopu.test", "admin@haopu.test", "admissions@haopu.test"])];
  const userRows = await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  const userId = new Map(userRows.map((u) => [u.email, u.id]));
  const desk = userId.get("registration@haopu.test") ?? userId.get("admin@haopu.test")!;
  const freeAddresses = await tx.select().from(registrationAddresses).orderBy(registrationAddresses.addressZh);
  let nextAddress = 0;

  for (const c of cases) {
    const owner = userId.get(c.owner);
    if (!owner) continue;
    const orgId = c.tenantSlug ? (ids.tenants.get(c.tenantSlug) ?? null) : null;
    const path = pathTo(c);
    const openedAt = daysAgo(c.opened);
    // The steps are spread evenly between opening and a day ago.
    const stepAt = (i: number) => new Date(openedAt.getTime() + ((c.opened - 1) * DAY * i) / Math.max(1, path.length));
    const lastAt = c.status === "cancelled" || c.status === "waiting_for_applicant" ? daysAgo(1) : stepAt(path.length - 1);
    const licencedAt = path.indexOf("licence_issued");
    const licenceIssuedOn = licencedAt >= 0 ? stepAt(licencedAt).toISOString().slice(0, 10) : null;
    const current = c.status;
    const dueOn = ["completed", "cancelled", "intake"].includes(current) ? null : isoDaysFromNow(c.number === "RC-00006" ? -2 : 3);
    const [row] = await tx
      .insert(registrationCases)
      .values({
        caseType: c.caseType,
        ownerUserId: owner,
        orgId,
        status: current,
        resumeStatus: c.resumeStatus ?? null,
        waitingReason: c.waitingReason ?? null,
        stepOwner: current === "intake" || current === "waiting_for_applicant" ? "applicant" : "desk",
        dueOn,
        assigneeUserId: c.assignee ? desk : null,
        intake: sealIntake(c.intake),
        intakeSubmittedAt: c.submitted ? stepAt(1) : null,
        approvedNameZh: c.approvedNameZh ?? (c.caseType === "relocation" && current === "completed" ? (c.intake.names as { candidates: string[] }).candidates[0] : null),
        uscc: licencedAt >= 0 ? (c.uscc ?? null) : null,
        licenceIssuedOn: licencedAt >= 0 ? licenceIssuedOn : null,
        feeFen: orgId ? 0n : (fees.find((f) => f.caseType === c.caseType)?.feeFen ?? 0n),
        cancelledReason: c.cancelledReason ?? null,
        openedAt,
        statusChangedAt: lastAt,
        completedAt: current === "completed" ? lastAt : null,
        updatedAt: lastAt,
      })
      .returning();

    // History: opened, submitted, then each desk step; a request or a cancellation last.
    const events: (typeof registrationEvents.$inferInsert)[] = [{ caseId: row.id, actorUserId: owner, kind: "opened", toStatus: "intake", at: openedAt }];
    path.forEach((status, i) => {
      if (i === 0) return;
      const byApplicant = status === "materials_complete";
      events.push({
        caseId: row.id,
        actorUserId: byApplicant ? owner : desk,
        kind: byApplicant ? "submitted" : "advanced",
        fromStatus: path[i - 1],
        toStatus: status,
        note: status === "filed" ? "已在“一网通办”提交设立登记。" : status === "licence_issued" ? "执照已领取，原件请到服务台领取。" : "",
        at: stepAt(i),
      });
    });
    if (c.status === "waiting_for_applicant") {
      events.push({ caseId: row.id, actorUserId: desk, kind: "requested", fromStatus: c.resumeStatus, toStatus: "waiting_for_applicant", note: c.waitingReason ?? "", at: lastAt });
    }
    if (c.status === "cancelled") {
      events.push({ caseId: row.id, actorUserId: owner, kind: "cancelled", fromStatus: "materials_complete", toStatus: "cancelled", note: c.cancelledReason ?? "", at: lastAt });
    }
    await tx.insert(registrationEvents).values(events);

    // A park address for every submitted case that asked for one (a cancelled one gave it back).
    const address = c.intake.address as { kind?: string } | undefined;
    let parkAddress: string | null = null;
    if (c.submitted && c.status !== "cancelled" && address?.kind === "park" && nextAddress < freeAddresses.length) {
      const taken = freeAddresses[nextAddress++];
      await tx.update(registrationAddresses).set({ caseId: row.id, assignedAt: stepAt(1) }).where(eq(registrationAddresses.id, taken.id));
      parkAddress = taken.addressZh;
    }

    // Placeholder files for what the applicant owed (and the licence once issued).
    if (c.submitted) {
      const owed = documentChecklist(c.caseType, c.intake).filter((i) => i.owner === "applicant" || (i.requirement === "licence" && licencedAt >= 0));
      for (const item of owed) {
        if (c.status === "waiting_for_applicant" && item.requirement === "id:shareholder:0") continue;
        const stored = await storeFile({ folder: `registration/${row.id}`, bytes: placeholderPdf(`${c.number} ${item.requirement}`), allowed: ["application/pdf"], maxBytes: 1024 * 1024 });
        await tx.insert(registrationDocuments).values({
          caseId: row.id,
          requirement: item.requirement,
          filename: `${item.requirement.replace(/:/g, "-")}.pdf`,
          contentType: stored.contentType,
          sizeBytes: stored.sizeBytes,
          storagePath: stored.path,
          uploadedBy: item.owner === "desk" ? desk : owner,
          createdAt: stepAt(1),
        });
      }
    }

    if (c.linkApplication) {
      const [application] = await tx.select({ id: admissionApplications.id }).from(admissionApplications).where(eq(admissionApplications.applicantUserId, owner)).limit(1);
      if (application) await tx.update(admissionApplications).set({ registrationCaseId: row.id }).where(eq(admissionApplications.id, application.id));
    }
    // A completed case's company carries its registered address (and USCC) from now on.
    if (c.status === "completed" && orgId) {
      await tx.update(organisations).set({ registeredAddress: parkAddress, ...(c.uscc ? { uscc: c.uscc } : {}) }).where(eq(organisations.id, orgId));
    }
  }

  // founder11: approved, a new tenant company not registered yet, no case — it opens one from its application.
  const founder = userId.get("founder11@apply.test");
  if (founder) {
    const [org] = await tx
      .insert(organisations)
      .values({ kind: "tenant", slug: "guangnian", nameZh: "光年叙事影像", nameEn: "Guangnian Storytelling", category: "short_drama", summaryZh: "新成立的短剧创作团队，正在办理公司注册。", summaryEn: "A new short-drama team registering its company." })
      .onConflictDoNothing()
      .returning();
    if (org) {
      await tx.insert(memberships).values({ orgId: org.id, userId: founder, role: "owner", title: "创始人" }).onConflictDoNothing();
      await tx.insert(admissionApplications).values({
        applicantUserId: founder,
        status: "approved",
        company: { registered: "no", nameZh: "光年叙事影像", nameEn: "Guangnian Storytelling", category: "short_drama", description: "短剧编剧与制作团队。", contactName: "沈予安", contactPhone: "13800001011" },
        team: { size: 6, keyPeople: "沈予安 · 编剧、制片" },
        plan: { projects: "一年内完成 6 部竖屏短剧。", wantsFromPark: "公司注册、摄影棚档期。" },
        needs: { officeSeats: 6, stageDaysPerMonth: 2, gpuHoursPerMonth: 0, llmMillionTokensPerMonth: 20, apartments: 1 },
        materials: { showreelLinks: "https://example.com/guangnian" },
        decisionReason: "创作能力强，公司注册由园区代办。",
        decidedBy: userId.get("admissions@haopu.test") ?? null,
        decidedAt: daysAgo(3),
        terms: { seats: 6, moveInOn: isoDaysFromNow(10), incubationSupport: "公司注册代办、创业导师辅导", welcomeCredits: 500 },
        orgId: org.id,
        submittedAt: daysAgo(20),
        statusChangedAt: daysAgo(3),
        createdAt: daysAgo(21),
        updatedAt: daysAgo(3),
      });
    }
  }
}
