// Demo move-in applications: one in every state, from new founders (founderN@apply.test, demo
// password) and — for the approved ones — from the owners of tenants already in the park, spread
// over the past months so the console's monthly table has a history.
import { admissionApplications, admissionAttachments, admissionEvents, admissionScores, users, type AgreedTerms } from "#db/schema/index";
import { ensureDefaultRubric, listRubric } from "~/modules/admission/rubric.server";
import type { ApplicationStatus } from "~/modules/admission/workflow";
import type { Tx } from "~/modules/platform/db.server";
import { storeFile } from "~/modules/platform/files.server";
import { demoUscc as uscc } from "./codes";

const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);


/** A one-page PDF saying it is a demo business plan. */
function demoPdf(title: string) {
  const text = `BT /F1 18 Tf 72 720 Td (${title.replace(/[()\\]/g, "")}) Tj ET`;
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

interface DemoApplication {
  applicant: string;
  name?: string;
  status: ApplicationStatus;
  /** Days ago it was submitted (drafts: started). */
  submitted: number;
  decided?: number;
  tenantSlug?: string;
  company: Record<string, unknown>;
  team: Record<string, unknown>;
  plan: Record<string, unknown>;
  needs: Record<string, unknown>;
  infoRequest?: string;
  reply?: string;
  reason?: string;
  scores?: number[];
}

const needs = (officeSeats: number, stageDaysPerMonth: number, gpuHoursPerMonth: number, llm: number, apartments: number) => ({
  officeSeats,
  stageDaysPerMonth,
  gpuHoursPerMonth,
  llmMillionTokensPerMonth: llm,
  apartments,
});

const applications: DemoApplication[] = [
  {
    applicant: "founder1@apply.test",
    name: "冯一鸣",
    status: "draft",
    submitted: 1,
    company: { registered: "no", nameZh: "一鸣互动影像工作室", category: "game", description: "互动影像与短剧游戏化团队。", contactName: "冯一鸣", contactPhone: "13800001001" },
    team: {},
    plan: {},
    needs: {},
  },
  {
    applicant: "founder2@apply.test",
    name: "林可",
    status: "submitted",
    submitted: 2,
    company: {
      registered: "yes",
      nameZh: "上海可见光影视文化有限公司",
      nameEn: "Visible Light Pictures",
      uscc: uscc("MA1KJ2G3A"),
      foundedOn: "2023-04-18",
      category: "short_drama",
      description: "竖屏短剧出品与宣发团队，年产 20 部。",
      contactName: "林可",
      contactPhone: "13800001002",
    },
    team: { size: 14, keyPeople: "林可 · 制片人 · 前平台内容总监\n周远 · 导演 · 12 部短剧", pastWorks: "《霓虹街的雨》2024\n《外滩十二时辰》2025" },
    plan: { projects: "12 个月内开拍 18 部竖屏短剧，其中 6 部为年代题材。", wantsFromPark: "年代实景、摄影棚档期、后期调色机房。" },
    needs: needs(12, 6, 50, 20, 3),
  },
  {
    applicant: "founder3@apply.test",
    name: "钟岚",
    status: "in_review",
    submitted: 6,
    company: {
      registered: "yes",
      nameZh: "上海岚图视觉科技有限公司",
      nameEn: "Lantu Visual Tech",
      uscc: uscc("MA1LT4H5B"),
      foundedOn: "2022-09-01",
      category: "vfx",
      description: "影视视效与 3DGS 数字资产制作。",
      contactName: "钟岚",
      contactPhone: "13800001003",
    },
    team: { size: 22, keyPeople: "钟岚 · 视效总监\n沈川 · 技术总监", pastWorks: "多部院线电影视效外包", awards: "2024 金鸡奖最佳视觉效果提名（合作）" },
    plan: { projects: "承接 2 部院线电影视效，开发 3DGS 场景资产库。", wantsFromPark: "GPU 算力、与园区 3DGS 扫描项目合作。" },
    needs: needs(20, 2, 800, 50, 4),
    scores: [5, 4, 4, 3],
  },
  {
    applicant: "founder4@apply.test",
    name: "唐悦",
    status: "info_requested",
    submitted: 9,
    company: {
      registered: "no",
      nameZh: "悦读编剧社",
      nameEn: "Yuedu Writers",
      category: "writers",
      description: "网文 IP 改编编剧团队。",
      contactName: "唐悦",
      contactPhone: "13800001004",
    },
    team: { size: 5, keyPeople: "唐悦 · 主编剧\n许晴 · 编剧" },
    plan: { projects: "改编 3 部网文为短剧剧本。", wantsFromPark: "公司注册、本地 DeepSeek 大模型辅助写作。" },
    needs: needs(5, 0, 0, 200, 2),
    infoRequest: "请补充过往作品（剧名、平台、年份），并说明 3 部网文改编的授权情况。",
  },
  {
    applicant: "founder5@apply.test",
    name: "高原",
    status: "resubmitted",
    submitted: 14,
    company: {
      registered: "yes",
      nameZh: "上海高原动作影视有限公司",
      nameEn: "Plateau Action Films",
      uscc: uscc("MA1GY6J7C"),
      foundedOn: "2021-06-30",
      category: "action",
      description: "动作指导与威亚特技团队。",
      contactName: "高原",
      contactPhone: "13800001005",
    },
    team: { size: 30, keyPeople: "高原 · 动作导演\n孟飞 · 威亚指导", pastWorks: "《破晓追击》2023\n《黄河路风云》2024" },
    plan: { projects: "参与 4 部剧集动作戏，开设威亚培训班。", wantsFromPark: "水下拍摄池、训练场地。" },
    needs: needs(8, 10, 0, 0, 10),
    infoRequest: "请说明团队的安全资质与保险情况。",
    reply: "已上传特种作业证书与团队意外险保单，见附件。",
  },
  {
    applicant: "founder6@apply.test",
    name: "苏墨",
    status: "interview_scheduled",
    submitted: 12,
    company: {
      registered: "yes",
      nameZh: "墨白智能影像科技（上海）有限公司",
      nameEn: "Mobai AI Imaging",
      uscc: uscc("MA1MB8K9D"),
      foundedOn: "2024-01-12",
      category: "ai",
      description: "AIGC 视频生成与虚拟人团队。",
      contactName: "苏墨",
      contactPhone: "13800001006",
    },
    team: { size: 11, keyPeople: "苏墨 · CEO\n杨帆 · 算法负责人", awards: "2025 上海 AI 创新大赛二等奖" },
    plan: { projects: "发布 AI 分镜工具，与两家短剧公司合作试点。", wantsFromPark: "GPU 算力池、与园区短剧企业对接。" },
    needs: needs(10, 0, 2000, 500, 3),
    scores: [5, 4, 5, 3],
  },
  {
    applicant: "owner@moyan.test",
    status: "approved",
    submitted: 48,
    decided: 35,
    tenantSlug: "moyan",
    company: {
      registered: "yes",
      nameZh: "墨言智能剧本科技",
      nameEn: "Moyan AI Scripts",
      uscc: uscc("MA1MY1H2G"),
      foundedOn: "2023-11-02",
      category: "ai",
      description: "基于本地部署 DeepSeek 的短剧剧本创作工具与服务。",
      contactName: "白墨言",
      contactPhone: "13800002001",
    },
    team: { size: 8, keyPeople: "白墨言 · 创始人\n钱悦 · 产品经理" },
    plan: { projects: "剧本辅助写作 SaaS 上线。", wantsFromPark: "本地大模型与算力。" },
    needs: needs(8, 0, 300, 800, 2),
    reason: "与园区 AI 创作生态高度契合，已有短剧企业试用。",
    scores: [5, 4, 4, 5],
  },
  {
    applicant: "owner@yijing.test",
    status: "approved",
    submitted: 110,
    decided: 95,
    tenantSlug: "yijing",
    company: {
      registered: "yes",
      nameZh: "弈境互动娱乐",
      nameEn: "Yijing Interactive",
      uscc: uscc("MA1YJ9N0L"),
      foundedOn: "2022-03-15",
      category: "game",
      description: "互动影游开发团队。",
      contactName: "秦弈",
      contactPhone: "13800002002",
    },
    team: { size: 16, keyPeople: "秦弈 · 制作人\n杜若 · 关卡设计" },
    plan: { projects: "基于 3DGS 资产的互动影游。", wantsFromPark: "3DGS 扫描、虚拟拍摄。" },
    needs: needs(16, 2, 400, 50, 4),
    reason: "团队成熟，可与园区 3DGS 项目协同。",
  },
  {
    applicant: "owner@yunzhen.test",
    status: "approved",
    submitted: 170,
    decided: 150,
    tenantSlug: "yunzhen",
    company: {
      registered: "yes",
      nameZh: "云帧视效科技",
      nameEn: "Yunzhen VFX",
      uscc: uscc("MA1YW7M8K"),
      foundedOn: "2020-08-08",
      category: "vfx",
      description: "影视视效与数字资产制作。",
      contactName: "邓云帧",
      contactPhone: "13800002003",
    },
    team: { size: 25, keyPeople: "邓云帧 · 视效总监" },
    plan: { projects: "剧集视效与数字资产。", wantsFromPark: "算力与后期机房。" },
    needs: needs(20, 0, 1000, 20, 5),
    reason: "视效能力强，补齐园区后期链条。",
  },
  {
    applicant: "founder7@apply.test",
    name: "吕航",
    status: "rejected",
    submitted: 40,
    decided: 30,
    company: {
      registered: "yes",
      nameZh: "航程广告传媒",
      nameEn: "Hangcheng Media",
      uscc: uscc("MA1HC0L1E"),
      foundedOn: "2019-05-20",
      category: "other",
      description: "户外广告代理。",
      contactName: "吕航",
      contactPhone: "13800001007",
    },
    team: { size: 6, keyPeople: "吕航 · 总经理" },
    plan: { projects: "户外广告投放。", wantsFromPark: "办公场地。" },
    needs: needs(6, 0, 0, 0, 0),
    reason: "业务与影视 + AI 产业方向关联较弱，建议关注园区开放活动。",
    scores: [1, 3, 2, 4],
  },
  {
    applicant: "founder8@apply.test",
    name: "许诺",
    status: "waitlisted",
    submitted: 70,
    decided: 60,
    company: {
      registered: "no",
      nameZh: "诺言动画",
      nameEn: "Nuoyan Animation",
      category: "animation",
      description: "二维动画短片团队。",
      contactName: "许诺",
      contactPhone: "13800001008",
    },
    team: { size: 7, keyPeople: "许诺 · 导演", awards: "2024 大学生动画节最佳短片" },
    plan: { projects: "原创动画短片与短剧动画化。", wantsFromPark: "工位与渲染算力。" },
    needs: needs(7, 0, 200, 10, 3),
    reason: "团队有潜力；目前动画区工位已满，有空位时优先考虑。",
  },
  {
    applicant: "founder9@apply.test",
    name: "邵晨",
    status: "withdrawn",
    submitted: 25,
    company: {
      registered: "yes",
      nameZh: "晨光后期制作",
      nameEn: "Morning Light Post",
      uscc: uscc("MA1CG2M3F"),
      foundedOn: "2021-02-02",
      category: "post_production",
      description: "剪辑与声音后期。",
      contactName: "邵晨",
      contactPhone: "13800001009",
    },
    team: { size: 9, keyPeople: "邵晨 · 后期总监" },
    plan: { projects: "剧集后期。", wantsFromPark: "后期机房。" },
    needs: needs(9, 0, 0, 0, 1),
  },
  {
    applicant: "founder10@apply.test",
    name: "贺然",
    status: "rejected",
    submitted: 130,
    decided: 120,
    company: {
      registered: "no",
      nameZh: "然然直播工作室",
      category: "other",
      description: "直播带货。",
      contactName: "贺然",
      contactPhone: "13800001010",
    },
    team: { size: 3, keyPeople: "贺然" },
    plan: { projects: "直播带货。", wantsFromPark: "直播间。" },
    needs: needs(3, 0, 0, 0, 1),
    reason: "不属于园区招商方向。",
  },
];

type Ids = { tenants: Map<string, string>; users: Map<string, string>; passwordHash: string };

export async function seedAdmission(tx: Tx, ids: Ids) {
  const founders = applications.filter((a) => a.name);
  const created = await tx
    .insert(users)
    .values(founders.map((a) => ({ email: a.applicant, displayName: a.name!, passwordHash: ids.passwordHash, emailVerifiedAt: new Date() })))
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email });
  const userIds = new Map([...ids.users, ...created.map((u) => [u.email, u.id] as const)]);
  const officer = userIds.get("admissions@haopu.test")!;
  const admin = userIds.get("admin@haopu.test")!;
  await ensureDefaultRubric(tx);
  const criteria = await listRubric(tx);

  for (const demo of applications) {
    const applicantId = userIds.get(demo.applicant);
    if (!applicantId) continue;
    const submittedAt = daysAgo(demo.submitted);
    const decidedAt = demo.decided !== undefined ? daysAgo(demo.decided) : null;
    const reviewStarted = new Date(submittedAt.getTime() + DAY);
    const reviewed = !["draft", "submitted", "withdrawn"].includes(demo.status);
    const terms: AgreedTerms | null =
      demo.status === "approved" ? { seats: Number(demo.needs.officeSeats ?? 5), moveInOn: daysAgo((demo.decided ?? 0) - 10).toISOString().slice(0, 10), incubationSupport: "创业导师辅导、园区服务 9 折", welcomeCredits: 500 } : null;
    const interviewAt = demo.status === "interview_scheduled" ? new Date(Date.now() + 3 * DAY) : null;
    const [application] = await tx
      .insert(admissionApplications)
      .values({
        applicantUserId: applicantId,
        status: demo.status,
        company: demo.company,
        team: demo.team,
        plan: demo.plan,
        needs: demo.needs,
        materials: demo.status === "draft" ? null : { showreelLinks: "https://example.com/showreel" },
        assigneeUserId: reviewed ? officer : null,
        interviewAt,
        interviewLocation: interviewAt ? "园区 A 栋 3 楼会议室" : null,
        decisionReason: demo.reason ?? null,
        decidedBy: decidedAt ? officer : null,
        decidedAt,
        terms,
        orgId: demo.tenantSlug ? (ids.tenants.get(demo.tenantSlug) ?? null) : null,
        submittedAt: demo.status === "draft" ? null : submittedAt,
        statusChangedAt: decidedAt ?? (demo.status === "draft" ? submittedAt : daysAgo(Math.max(0, demo.submitted - 3))),
        createdAt: new Date(submittedAt.getTime() - DAY),
        updatedAt: decidedAt ?? submittedAt,
      })
      .onConflictDoNothing()
      .returning();
    if (!application) continue;
    if (demo.status === "draft") continue;

    const stored = await storeFile({
      folder: "admission",
      bytes: demoPdf(`Business plan - ${String(demo.company.nameEn ?? "demo")}`),
      allowed: ["application/pdf"],
      maxBytes: 1024 * 1024,
    });
    await tx.insert(admissionAttachments).values({
      applicationId: application.id,
      kind: "business_plan",
      filename: `商业计划书-${String(demo.company.nameZh)}.pdf`,
      contentType: stored.contentType,
      sizeBytes: stored.sizeBytes,
      storagePath: stored.path,
      uploadedBy: applicantId,
      createdAt: submittedAt,
    });

    const events: (typeof admissionEvents.$inferInsert)[] = [
      { applicationId: application.id, actorUserId: applicantId, kind: "submit", fromStatus: "draft", toStatus: "submitted", at: submittedAt },
    ];
    if (demo.status !== "submitted" && demo.status !== "withdrawn") {
      events.push({ applicationId: application.id, actorUserId: officer, kind: "startReview", fromStatus: "submitted", toStatus: "in_review", at: reviewStarted, details: { assigneeName: "王思远" } });
    }
    if (demo.infoRequest) {
      events.push({
        applicationId: application.id,
        actorUserId: officer,
        kind: "requestInfo",
        fromStatus: "in_review",
        toStatus: "info_requested",
        message: demo.infoRequest,
        details: { fixSteps: ["team"] },
        at: new Date(reviewStarted.getTime() + DAY),
      });
    }
    if (demo.reply) {
      events.push({ applicationId: application.id, actorUserId: applicantId, kind: "resubmit", fromStatus: "info_requested", toStatus: "resubmitted", message: demo.reply, at: new Date(reviewStarted.getTime() + 3 * DAY) });
    }
    if (interviewAt) {
      events.push({
        applicationId: application.id,
        actorUserId: officer,
        kind: "scheduleInterview",
        fromStatus: "in_review",
        toStatus: "interview_scheduled",
        details: { interviewAt: interviewAt.toISOString(), location: "园区 A 栋 3 楼会议室" },
        at: new Date(reviewStarted.getTime() + 2 * DAY),
      });
    }
    if (demo.scores) {
      events.push({ applicationId: application.id, actorUserId: officer, kind: "comment", message: "材料齐全，团队背景扎实。", internal: true, at: new Date(reviewStarted.getTime() + 2 * 3600 * 1000) });
    }
    if (demo.status === "withdrawn") {
      events.push({ applicationId: application.id, actorUserId: applicantId, kind: "withdraw", fromStatus: "submitted", toStatus: "withdrawn", message: "已在其他园区落地。", at: daysAgo(demo.submitted - 2) });
    }
    if (decidedAt) {
      const kind = demo.status === "approved" ? "approve" : demo.status === "rejected" ? "reject" : "waitlist";
      events.push({ applicationId: application.id, actorUserId: officer, kind, fromStatus: "in_review", toStatus: demo.status, message: demo.reason ?? null, at: decidedAt });
    }
    await tx.insert(admissionEvents).values(events);

    if (demo.scores) {
      await tx.insert(admissionScores).values(
        criteria.slice(0, demo.scores.length).flatMap((c, i) => [
          { applicationId: application.id, criterionId: c.id, reviewerUserId: officer, score: demo.scores![i] },
          { applicationId: application.id, criterionId: c.id, reviewerUserId: admin, score: Math.max(1, demo.scores![i] - (i % 2)) },
        ]),
      );
    }
  }
}
