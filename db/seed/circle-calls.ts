// Demo data for the park's programmes and open calls: 百部精品短剧计划 open for entries, with
// Pujiang's entry submitted (with its proposal) and scored by both reviewers, Haipai's submitted and
// not yet scored, and Qingyan's still a draft. Idempotent: nothing is added once the call exists.
import { eq } from "drizzle-orm";
import { circleCallAttachments, circleCallReviewers, circleCallScores, circleCallSubmissions, circleCalls } from "#db/schema/index";
import type { Db } from "~/modules/platform/db.server";
import { storeFile } from "~/modules/platform/files.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { parkInstant } from "~/modules/platform/dates";

type Ids = { park: string; tenants: Map<string, string>; users: Map<string, string> };

const DEMO_CALL_TITLE = "百部精品短剧计划";

function placeholderPdf(title: string) {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${title.replace(/[^\x20-\x7e]/g, "")}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

export async function seedCircleCalls(db: Db, ids: Ids) {
  const [existing] = await db.select({ id: circleCalls.id }).from(circleCalls).where(eq(circleCalls.titleZh, DEMO_CALL_TITLE));
  if (existing) return;
  const admin = ids.users.get("admin@haopu.test");
  const admissions = ids.users.get("admissions@haopu.test");
  const pujiang = ids.tenants.get("pujiang");
  const haipai = ids.tenants.get("haipai");
  const qingyan = ids.tenants.get("qingyan");
  if (!admin || !admissions || !pujiang || !haipai || !qingyan) return;
  const now = new Date();
  const day = 86_400_000;
  const rubric = [
    { key: "c1", nameZh: "故事与剧本", nameEn: "Story and script", maxScore: 40 },
    { key: "c2", nameZh: "团队与执行", nameEn: "Team and delivery", maxScore: 30 },
    { key: "c3", nameZh: "市场潜力", nameEn: "Market potential", maxScore: 30 },
  ];
  const [call] = await db
    .insert(circleCalls)
    .values({
      kind: "call",
      titleZh: DEMO_CALL_TITLE,
      titleEn: "100 Quality Short Dramas Plan",
      descriptionZh:
        "上影昊浦智慧产业社区联合出品方，面向园区企业征集 100 部精品微短剧项目。入选项目可获得园区算力奖励、摄影棚档期优先与宣发资源对接。",
      descriptionEn:
        "The park and its producing partners call for 100 quality micro-drama projects from park companies. Selected projects receive compute credits, priority on the stages and introductions for distribution.",
      criteriaZh: "1. 园区入驻企业，项目为原创或已取得改编授权；\n2. 提交项目计划书（含分集大纲与制作周期）；\n3. 优先考虑海派题材、科幻题材及使用 AI 制作流程的项目。",
      criteriaEn: "1. A park company with an original project or adaptation rights;\n2. A project proposal (episode outline and schedule);\n3. Shanghai-style, science-fiction and AI-assisted productions are preferred.",
      deadlineAt: parkInstant(addDaysIso(parkDate(now), 21), "18:00"),
      requiredAttachments: ["proposal"],
      rubric,
      awardMilli: 5_000_000n,
      status: "open",
      createdBy: admin,
      openedAt: new Date(now.getTime() - 10 * day),
      createdAt: new Date(now.getTime() - 12 * day),
    })
    .returning();
  await db.insert(circleCallReviewers).values([
    { callId: call.id, userId: admin },
    { callId: call.id, userId: admissions },
  ]);
  const owner = (slug: string) => ids.users.get(`owner@${slug}.test`) ?? admin;
  const entries = await db
    .insert(circleCallSubmissions)
    .values([
      {
        callId: call.id,
        orgId: pujiang,
        title: "《外滩往事》第三季",
        summary: "80 集竖屏年代短剧，第二季全网播放 3.2 亿。第三季剧本已完成，计划在园区 3 号棚与对面影视乐园实景拍摄 25 天。",
        status: "submitted",
        createdBy: owner("pujiang"),
        submittedAt: new Date(now.getTime() - 4 * day),
        createdAt: new Date(now.getTime() - 6 * day),
      },
      {
        callId: call.id,
        orgId: haipai,
        title: "《石库门的早晨》",
        summary: "海派题材生活短剧，60 集，沪语原声配字幕，全部在园区实景街区拍摄。",
        status: "submitted",
        createdBy: owner("haipai"),
        submittedAt: new Date(now.getTime() - 2 * day),
        createdAt: new Date(now.getTime() - 3 * day),
      },
      {
        callId: call.id,
        orgId: qingyan,
        title: "《青焰》动画短剧（草稿）",
        summary: "",
        status: "draft",
        createdBy: owner("qingyan"),
      },
    ])
    .returning();
  for (const entry of entries.filter((e) => e.status === "submitted")) {
    const stored = await storeFile({ folder: "circle-calls", bytes: placeholderPdf(`proposal ${entry.id}`), allowed: ["application/pdf"], maxBytes: 1024 * 1024 });
    await db.insert(circleCallAttachments).values({
      submissionId: entry.id,
      kind: "proposal",
      filename: `${entry.title.replace(/[《》]/g, "")}-项目计划书.pdf`,
      contentType: stored.contentType,
      sizeBytes: stored.sizeBytes,
      storagePath: stored.path,
      uploadedBy: entry.createdBy,
    });
  }
  const scored = entries.find((e) => e.orgId === pujiang)!;
  await db.insert(circleCallScores).values([
    { submissionId: scored.id, reviewerUserId: admin, scores: { c1: 34, c2: 26, c3: 25 }, total: 85, comment: "前两季数据扎实，第三季剧本成熟。" },
    { submissionId: scored.id, reviewerUserId: admissions, scores: { c1: 32, c2: 27, c3: 22 }, total: 81, comment: "团队稳定，可优先安排棚期。" },
  ]);
}
