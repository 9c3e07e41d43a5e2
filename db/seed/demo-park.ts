// The demo park: the park's staff and a dozen tenant companies of the kinds that live at Haopu,
// with owners and members. Idempotent: seeding twice changes nothing. Later capabilities add
// their demo data through `seedSteps`.
import { inArray } from "drizzle-orm";
import { auditEvents, invitations, memberships, notifications, organisations, users } from "#db/schema/index";
import { hashPassword } from "~/modules/identity/password.server";
import { config } from "~/modules/platform/config.server";
import { sha256Hex } from "~/modules/platform/crypto.server";
import { getDb, type Db } from "~/modules/platform/db.server";
import { seedAdmission } from "./admission";
import { demoUscc } from "./codes";
import { seedBilling } from "./billing";
import { seedServices, seedServicesActivity } from "./services";
import { seedCredits, seedCreditsUsage } from "./credits";
import { seedRegistration } from "./registration";
import { seedHousing } from "./housing";
import { seedCircle } from "./circle";
import { seedCircleCalls } from "./circle-calls";
import { seedCircleEvents } from "./circle-events";

interface DemoPerson {
  email: string;
  name: string;
  role: string;
  title: string;
}

interface DemoTenant {
  slug: string;
  nameZh: string;
  nameEn: string;
  category: string;
  /** 9 characters of the organisation-code part of the USCC. */
  orgCode: string;
  summaryZh: string;
  summaryEn: string;
  people: DemoPerson[];
}

export const parkStaff: DemoPerson[] = [
  { email: "admin@haopu.test", name: "陈立群", role: "admin", title: "园区运营总监" },
  { email: "admissions@haopu.test", name: "王思远", role: "admissions", title: "招商入驻经理" },
  { email: "services@haopu.test", name: "李晓彤", role: "services", title: "一站式服务台主管" },
  { email: "housing@haopu.test", name: "周敏", role: "housing", title: "人才公寓管家" },
  { email: "finance@haopu.test", name: "张慧", role: "finance", title: "财务主管" },
  { email: "registration@haopu.test", name: "郑嘉禾", role: "registration", title: "企业注册专员" },
];

const person = (slug: string, local: string, name: string, role: string, title: string): DemoPerson => ({
  email: `${local}@${slug}.test`,
  name,
  role,
  title,
});

export const demoTenants: DemoTenant[] = [
  {
    slug: "qingyan",
    nameZh: "上海青焰动画工作室",
    nameEn: "Qingyan Animation Studio",
    category: "animation",
    orgCode: "MA1QY0A2B",
    summaryZh: "获奖动画团队，擅长剧本改编与前期制作，与真人剧组合拍短剧，园区内后期团队可同时支持 20–30 部短剧。",
    summaryEn: "Award-winning animation studio: script adaptation and pre-production, co-producing short dramas with live-action crews; its in-park post team supports 20–30 short dramas at once.",
    people: [
      person("qingyan", "owner", "林青焰", "owner", "创始人、导演"),
      person("qingyan", "producer", "苏婉", "admin", "制片人"),
      person("qingyan", "artist", "韩子墨", "member", "动画总监"),
    ],
  },
  {
    slug: "pujiang",
    nameZh: "上海浦江短剧文化传媒有限公司",
    nameEn: "Pujiang Short Drama Media",
    category: "short_drama",
    orgCode: "MA1PJ3D4C",
    summaryZh: "竖屏短剧出品方，年产 40 余部精品短剧，参与百部精品短剧计划。",
    summaryEn: "Vertical short-drama producer making 40+ quality short dramas a year; part of the 100 Quality Short Dramas Plan.",
    people: [
      person("pujiang", "owner", "顾浦江", "owner", "总经理"),
      person("pujiang", "director", "沈一帆", "member", "导演"),
    ],
  },
  {
    slug: "jifeng",
    nameZh: "上海疾风动作影视有限公司",
    nameEn: "Gale Action Crew",
    category: "action",
    orgCode: "MA1JF5E6D",
    summaryZh: "动作指导与特技团队，威亚、爆破与水下拍摄经验丰富。",
    summaryEn: "Action choreography and stunt crew with wire-work, pyrotechnics and underwater shooting experience.",
    people: [
      person("jifeng", "owner", "赵烈", "owner", "动作导演"),
      person("jifeng", "stunt", "马骁", "member", "特技协调"),
    ],
  },
  {
    slug: "qiwu",
    nameZh: "栖梧编剧工作室",
    nameEn: "Qiwu Writers' Studio",
    category: "writers",
    orgCode: "MA1QW7F8E",
    summaryZh: "剧本开发与IP改编工作室，专注都市与年代题材。",
    summaryEn: "Script development and IP adaptation, focused on urban and period stories.",
    people: [
      person("qiwu", "owner", "许梧桐", "owner", "主编剧"),
      person("qiwu", "writer", "陆小满", "member", "编剧"),
    ],
  },
  {
    slug: "xingyuan",
    nameZh: "上海星渊智能科技有限公司",
    nameEn: "Xingyuan AI Technology",
    category: "ai",
    orgCode: "MA1XY9G0F",
    summaryZh: "AIGC 视频生成与数字人技术团队，使用园区 GPU 算力训练与推理。",
    summaryEn: "AIGC video generation and digital-human team training and serving on the park's GPUs.",
    people: [
      person("xingyuan", "owner", "程星渊", "owner", "CEO"),
      person("xingyuan", "cto", "吴迪", "admin", "CTO"),
      person("xingyuan", "engineer", "黄一鸣", "member", "算法工程师"),
    ],
  },
  {
    slug: "moyan",
    nameZh: "墨言智能剧本科技",
    nameEn: "Moyan AI Scripts",
    category: "ai",
    orgCode: "MA1MY1H2G",
    summaryZh: "基于本地部署 DeepSeek 的短剧剧本创作工具与服务。",
    summaryEn: "Short-drama script writing tools and services built on the park's locally deployed DeepSeek.",
    people: [
      person("moyan", "owner", "白墨言", "owner", "创始人"),
      person("moyan", "pm", "钱悦", "member", "产品经理"),
    ],
  },
  {
    slug: "jingjie",
    nameZh: "上海镜界虚拟制作有限公司",
    nameEn: "Jingjie Virtual Production",
    category: "film_tv",
    orgCode: "MA1JJ3K4H",
    summaryZh: "LED 虚拟拍摄与实时引擎制作团队。",
    summaryEn: "LED-volume virtual production and real-time engine team.",
    people: [
      person("jingjie", "owner", "叶镜", "owner", "虚拟制片总监"),
      person("jingjie", "tech", "罗浩", "member", "引擎技术美术"),
    ],
  },
  {
    slug: "shiguang",
    nameZh: "拾光后期制作",
    nameEn: "Shiguang Post",
    category: "post_production",
    orgCode: "MA1WG5L6J",
    summaryZh: "剪辑、调色与声音后期，承接剧集与短剧。",
    summaryEn: "Editing, grading and sound for series and short dramas.",
    people: [
      person("shiguang", "owner", "方拾光", "owner", "后期总监"),
      person("shiguang", "colorist", "邱然", "member", "调色师"),
    ],
  },
  {
    slug: "yunzhen",
    nameZh: "云帧视效科技",
    nameEn: "Yunzhen VFX",
    category: "vfx",
    orgCode: "MA1YW7M8K",
    summaryZh: "影视视效与数字资产制作，参与 3DGS 实景扫描项目。",
    summaryEn: "Film VFX and digital assets; works on the park's 3DGS set-scanning projects.",
    people: [
      person("yunzhen", "owner", "邓云帧", "owner", "视效总监"),
      person("yunzhen", "artist", "田甜", "member", "合成师"),
    ],
  },
  {
    slug: "yijing",
    nameZh: "弈境互动娱乐",
    nameEn: "Yijing Interactive",
    category: "game",
    orgCode: "MA1YJ9N0L",
    summaryZh: "互动影游开发团队，使用 3DGS 数字资产制作可交互场景。",
    summaryEn: "Interactive film-game studio building playable scenes from 3DGS digital assets.",
    people: [
      person("yijing", "owner", "秦弈", "owner", "制作人"),
      person("yijing", "designer", "杜若", "member", "关卡设计"),
    ],
  },
  {
    slug: "haipai",
    nameZh: "海派微剧场文化",
    nameEn: "Haipai Micro Theatre",
    category: "short_drama",
    orgCode: "MA1HP1P2M",
    summaryZh: "海派题材微短剧团队，擅长年代戏与实景拍摄。",
    summaryEn: "Micro-drama team telling Shanghai stories, strong in period pieces shot on real locations.",
    people: [
      person("haipai", "owner", "蒋海", "owner", "出品人"),
      person("haipai", "actor", "唐小雨", "member", "演员统筹"),
    ],
  },
  {
    slug: "huanghelu",
    nameZh: "上海黄河路影业有限公司",
    nameEn: "Huanghe Road Pictures",
    category: "film_tv",
    orgCode: "MA1HH3Q4N",
    summaryZh: "电影与剧集制作公司，长期使用园区摄影棚与对面影视乐园实景。",
    summaryEn: "Film and series production company, a regular on the park's stages and the backlot across the road.",
    people: [
      person("huanghelu", "owner", "孔黄河", "owner", "制片人"),
      person("huanghelu", "pm", "曹璐", "admin", "制片主任"),
      person("huanghelu", "ad", "范思哲", "member", "副导演"),
    ],
  },
];

type SeedStep = (db: Db, ids: { park: string; tenants: Map<string, string>; users: Map<string, string> }) => Promise<void>;
/** Later capabilities push their own demo data here; each step must be idempotent. */
const seedSteps: SeedStep[] = [
  // The friend circle: skills, a profile per tenant (its summary as "what we do"), open posts.
  (db, ids) => seedCircle(db, ids, new Map(demoTenants.map((t) => [t.slug, t.summaryZh]))),
  // Programmes and open calls: 百部精品短剧计划 open, with entries (one submitted and scored).
  (db, ids) => seedCircleCalls(db, ids),
];

export async function seedDemoPark(options: { force?: boolean } = {}) {
  const { NODE_ENV, DATABASE_URL, DEMO_PASSWORD } = config();
  if (NODE_ENV === "production" && DATABASE_URL && !options.force) {
    throw new Error("Refusing to seed demo data into a production database. Pass --force if you really mean it.");
  }
  const db = await getDb();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const everyone = [...parkStaff, ...demoTenants.flatMap((t) => t.people)];

  const firstInstall = await db.transaction(async (tx) => {
    await tx
      .insert(users)
      .values(everyone.map((p) => ({ email: p.email, displayName: p.name, passwordHash, emailVerifiedAt: new Date() })))
      .onConflictDoNothing();
    await tx
      .insert(organisations)
      .values({
        kind: "park",
        slug: "haopu",
        nameZh: "上影昊浦智慧产业社区",
        nameEn: "Haopu Smart Industry Community",
        summaryZh: "上影制作旗下的影视与 AI 产业社区。",
        summaryEn: "The film and AI industry community of SFG Production.",
      })
      .onConflictDoNothing();
    await tx
      .insert(organisations)
      .values(
        demoTenants.map((t) => ({
          kind: "tenant",
          slug: t.slug,
          nameZh: t.nameZh,
          nameEn: t.nameEn,
          category: t.category,
          uscc: demoUscc(t.orgCode),
          summaryZh: t.summaryZh,
          summaryEn: t.summaryEn,
        })),
      )
      .onConflictDoNothing();

    const userRows = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, everyone.map((p) => p.email)));
    const userIds = new Map(userRows.map((u) => [u.email, u.id]));
    const orgRows = await tx
      .select({ id: organisations.id, slug: organisations.slug })
      .from(organisations)
      .where(inArray(organisations.slug, ["haopu", ...demoTenants.map((t) => t.slug)]));
    const orgIds = new Map(orgRows.map((o) => [o.slug, o.id]));
    const parkId = orgIds.get("haopu")!;

    const membershipRows = [
      ...parkStaff.map((p) => ({ orgId: parkId, userId: userIds.get(p.email)!, role: p.role, title: p.title })),
      ...demoTenants.flatMap((t) =>
        t.people.map((p) => ({ orgId: orgIds.get(t.slug)!, userId: userIds.get(p.email)!, role: p.role, title: p.title })),
      ),
    ];
    const joined = await tx.insert(memberships).values(membershipRows).onConflictDoNothing().returning({ id: memberships.id });

    if (joined.length > 0) {
      // A first install also gets a little history: an open invitation and a welcome notification.
      const ownerEmail = demoTenants[0].people[0].email;
      await tx
        .insert(invitations)
        .values({
          orgId: orgIds.get("qingyan")!,
          email: "newhire@qingyan.test",
          role: "member",
          tokenHash: sha256Hex(`demo-invitation-${parkId}`),
          invitedBy: userIds.get(ownerEmail)!,
          expiresAt: new Date(Date.now() + 7 * 24 * 3600 * 1000),
        })
        .onConflictDoNothing();
      await tx.insert(notifications).values(
        demoTenants.map((t) => ({
          userId: userIds.get(t.people[0].email)!,
          orgId: orgIds.get(t.slug)!,
          kind: "roleChanged",
          params: { role: "owner" },
          link: "/org/members",
        })),
      );
      await tx.insert(auditEvents).values({
        actorUserId: userIds.get("admin@haopu.test")!,
        orgId: parkId,
        action: "seed.created",
        subjectType: "organisation",
        subjectId: parkId,
        after: { tenants: demoTenants.length, people: everyone.length },
      });
      await seedBilling(tx, { tenants: new Map(demoTenants.map((t) => [t.slug, orgIds.get(t.slug)!])), users: userIds });
      await seedAdmission(tx, { tenants: new Map(demoTenants.map((t) => [t.slug, orgIds.get(t.slug)!])), users: userIds, passwordHash });
      await seedRegistration(tx, { tenants: new Map(demoTenants.map((t) => [t.slug, orgIds.get(t.slug)!])), users: userIds, passwordHash });
      await seedCredits(tx, { tenants: new Map(demoTenants.map((t) => [t.slug, orgIds.get(t.slug)!])), users: userIds });
      await seedServices(tx);
    }

    for (const step of seedSteps) {
      await step(tx as unknown as Db, {
        park: parkId,
        tenants: new Map(demoTenants.map((t) => [t.slug, orgIds.get(t.slug)!])),
        users: userIds,
      });
    }
    return joined.length > 0;
  });
  // Usage is posted through the real ingestion path, which opens its own transactions.
  if (firstInstall) await seedCreditsUsage();
  // Talent apartments, through the housing module; before services, whose short stays need the rooms.
  if (firstInstall) await seedHousing();
  // Service orders too: placed, decided and paid through the services module after the park exists.
  if (firstInstall) await seedServicesActivity();
  // Park events: after services, since the conference holds the 路演厅 on its calendar.
  if (firstInstall) await seedCircleEvents();
}

export function demoLoginsText(password: string) {
  const lines = [
    "",
    "Demo logins 演示账号 (password 密码: " + password + ")",
    "  Park staff 园区员工:",
    ...parkStaff.map((p) => `    ${p.email.padEnd(28)} ${p.role.padEnd(11)} ${p.name}`),
    "  Tenants 入驻企业 (owner / members):",
    ...demoTenants.map((t) => `    ${t.nameZh}: ${t.people.map((p) => p.email).join(", ")}`),
    "",
  ];
  return lines.join("\n");
}
