// The demo park's friend circle: the skill vocabulary, a profile for every demo tenant (one hidden,
// several open to visitors), logos for a few, two people's own profiles, and open posts on the
// collaboration board (one with a PDF brief). Idempotent: skills by code, profiles only where
// missing, logos only where none, people only where unpublished, posts only on an empty board.
import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { circlePeople, circlePostAttachments, circlePosts, circleProfiles, circleSkills, circleInterests, memberships, type CircleWork } from "#db/schema/index";
import { logoContentTypes } from "~/modules/circle/logos.server";
import { writePerson } from "~/modules/circle/people.server";
import { writeProfile } from "~/modules/circle/profiles.server";
import type { Db } from "~/modules/platform/db.server";
import { storeFile } from "~/modules/platform/files.server";
import { demoLogoPng, demoPdf } from "./circle-files";

/** Companies with a demo logo (the hidden 弈境 too: its logo is 404 to everyone but it and staff). */
const demoLogos: Record<string, [number, number, number]> = {
  qingyan: [196, 62, 38],
  jifeng: [33, 37, 41],
  xingyuan: [44, 84, 160],
  shiguang: [120, 72, 150],
  yijing: [20, 120, 110],
};

/** People who published their own profile: one also to visitors, one to park members only. */
const demoPeople: { email: string; slug: string; title: string; bio: string; skills: string[]; publicOptIn: boolean }[] = [
  {
    email: "artist@qingyan.test",
    slug: "qingyan",
    title: "动画总监",
    bio: "十年三维动画经验，负责《青焰》系列的角色与镜头设计。",
    skills: ["animation_2d3d", "script_adaptation"],
    publicOptIn: true,
  },
  {
    email: "colorist@shiguang.test",
    slug: "shiguang",
    title: "调色师",
    bio: "擅长竖屏短剧与年代戏的调色，每月可接两部短剧。",
    skills: ["grading"],
    publicOptIn: false,
  },
];

export const demoSkills: { code: string; nameZh: string; nameEn: string }[] = [
  { code: "script_adaptation", nameZh: "剧本改编", nameEn: "Script adaptation" },
  { code: "screenwriting", nameZh: "剧本创作", nameEn: "Screenwriting" },
  { code: "action_design", nameZh: "动作设计", nameEn: "Action design" },
  { code: "stunts", nameZh: "威亚特技", nameEn: "Wire work and stunts" },
  { code: "live_action", nameZh: "真人实拍", nameEn: "Live-action shooting" },
  { code: "led_virtual", nameZh: "LED 虚拟拍摄", nameEn: "LED virtual production" },
  { code: "gs_scan", nameZh: "3DGS 扫描", nameEn: "3DGS scanning" },
  { code: "grading", nameZh: "调色", nameEn: "Colour grading" },
  { code: "editing", nameZh: "剪辑", nameEn: "Editing" },
  { code: "sound_post", nameZh: "声音后期", nameEn: "Sound post-production" },
  { code: "vfx_compositing", nameZh: "视效合成", nameEn: "VFX compositing" },
  { code: "animation_2d3d", nameZh: "二维三维动画", nameEn: "2D and 3D animation" },
  { code: "llm_finetune", nameZh: "大模型微调", nameEn: "LLM fine-tuning" },
  { code: "ai_voice", nameZh: "AI 配音", nameEn: "AI voice-over" },
  { code: "digital_human", nameZh: "数字人", nameEn: "Digital humans" },
  { code: "aigc_video", nameZh: "AIGC 视频生成", nameEn: "AIGC video generation" },
  { code: "game_dev", nameZh: "互动影游开发", nameEn: "Interactive film-game development" },
  { code: "casting", nameZh: "演员统筹", nameEn: "Casting" },
  { code: "period_location", nameZh: "年代实景拍摄", nameEn: "Period location shooting" },
  { code: "distribution", nameZh: "短剧发行", nameEn: "Short-drama distribution" },
];

interface DemoProfile {
  whatWeDoEn: string;
  categories: string[];
  works: CircleWork[];
  teamSize: number;
  foundedYear: number;
  contact: string;
  offers: string[];
  seeks: string[];
  hidden?: boolean;
  publicOptIn?: boolean;
  monthsInPark: number;
}

const profiles: Record<string, DemoProfile> = {
  qingyan: {
    whatWeDoEn: "Award-winning animation: script adaptation, pre-production and co-productions with live-action crews.",
    categories: ["animation", "short_drama"],
    works: [
      { title: "《星火少年》", year: 2025, role: "出品、动画制作" },
      { title: "金猴奖最佳动画短片提名", year: 2024, award: true },
    ],
    teamSize: 38,
    foundedYear: 2019,
    contact: "producer@qingyan.test",
    offers: ["animation_2d3d", "script_adaptation"],
    seeks: ["live_action", "action_design", "ai_voice"],
    publicOptIn: true,
    monthsInPark: 14,
  },
  pujiang: {
    whatWeDoEn: "Vertical short dramas, 40+ a year; part of the 100 Quality Short Dramas Plan.",
    categories: ["short_drama"],
    works: [{ title: "《外滩往事》", year: 2025, role: "出品" }],
    teamSize: 55,
    foundedYear: 2021,
    contact: "owner@pujiang.test",
    offers: ["distribution", "casting"],
    seeks: ["grading", "editing", "screenwriting"],
    publicOptIn: true,
    monthsInPark: 10,
  },
  jifeng: {
    whatWeDoEn: "Action choreography and stunt crew: wire work, pyrotechnics, underwater; a full live-action unit.",
    categories: ["action", "film_tv"],
    works: [
      { title: "《烈火行动》", year: 2024, role: "动作指导" },
      { title: "《繁花》", year: 2023, role: "特技协调" },
    ],
    teamSize: 24,
    foundedYear: 2016,
    contact: "owner@jifeng.test",
    offers: ["action_design", "stunts", "live_action"],
    seeks: ["vfx_compositing", "animation_2d3d"],
    publicOptIn: true,
    monthsInPark: 8,
  },
  qiwu: {
    whatWeDoEn: "Script development and IP adaptation: urban and period stories.",
    categories: ["writers"],
    works: [{ title: "《弄堂里的春天》", year: 2025, role: "编剧" }],
    teamSize: 9,
    foundedYear: 2020,
    contact: "owner@qiwu.test",
    offers: ["screenwriting", "script_adaptation"],
    seeks: ["llm_finetune", "distribution"],
    monthsInPark: 12,
  },
  xingyuan: {
    whatWeDoEn: "AIGC video generation and digital humans, trained and served on the park's GPUs.",
    categories: ["ai"],
    works: [{ title: "数字人主播「小渊」", year: 2025, role: "研发" }],
    teamSize: 30,
    foundedYear: 2022,
    contact: "cto@xingyuan.test",
    offers: ["aigc_video", "digital_human", "ai_voice"],
    seeks: ["screenwriting", "gs_scan"],
    publicOptIn: true,
    monthsInPark: 6,
  },
  moyan: {
    whatWeDoEn: "Short-drama script tools on the park's locally deployed DeepSeek; fine-tuning for writers' rooms.",
    categories: ["ai", "writers"],
    works: [{ title: "墨言剧本助手", year: 2025, role: "产品" }],
    teamSize: 12,
    foundedYear: 2023,
    contact: "owner@moyan.test",
    offers: ["llm_finetune", "screenwriting"],
    seeks: ["script_adaptation"],
    monthsInPark: 3,
  },
  jingjie: {
    whatWeDoEn: "LED-volume virtual production and real-time engines.",
    categories: ["film_tv", "vfx"],
    works: [{ title: "《深海回声》虚拟拍摄", year: 2025, role: "虚拟制片" }],
    teamSize: 20,
    foundedYear: 2021,
    contact: "owner@jingjie.test",
    offers: ["led_virtual", "gs_scan"],
    seeks: ["live_action", "vfx_compositing"],
    publicOptIn: true,
    monthsInPark: 9,
  },
  shiguang: {
    whatWeDoEn: "Editing, grading and sound for series and short dramas.",
    categories: ["post_production"],
    works: [{ title: "《繁花》番外短剧", year: 2024, role: "调色" }],
    teamSize: 16,
    foundedYear: 2018,
    contact: "colorist@shiguang.test",
    offers: ["grading", "editing", "sound_post"],
    seeks: ["distribution"],
    publicOptIn: true,
    monthsInPark: 11,
  },
  yunzhen: {
    whatWeDoEn: "Film VFX and digital assets; 3DGS set scanning.",
    categories: ["vfx"],
    works: [{ title: "《云上长安》", year: 2024, role: "视效" }],
    teamSize: 26,
    foundedYear: 2017,
    contact: "owner@yunzhen.test",
    offers: ["vfx_compositing", "gs_scan"],
    seeks: ["led_virtual"],
    monthsInPark: 7,
  },
  yijing: {
    whatWeDoEn: "Interactive film-games built from 3DGS assets (in stealth until launch).",
    categories: ["game"],
    works: [],
    teamSize: 14,
    foundedYear: 2024,
    contact: "owner@yijing.test",
    offers: ["game_dev"],
    seeks: ["gs_scan"],
    hidden: true,
    monthsInPark: 2,
  },
  haipai: {
    whatWeDoEn: "Shanghai micro-dramas: period pieces shot on real locations.",
    categories: ["short_drama"],
    works: [{ title: "《石库门》", year: 2025, role: "出品" }],
    teamSize: 18,
    foundedYear: 2022,
    contact: "owner@haipai.test",
    offers: ["period_location", "casting"],
    seeks: ["grading", "action_design"],
    monthsInPark: 1,
  },
  huanghelu: {
    whatWeDoEn: "Film and series production, regular on the park's stages and the backlot across the road.",
    categories: ["film_tv"],
    works: [{ title: "《黄河路》", year: 2023, role: "制片" }],
    teamSize: 60,
    foundedYear: 2012,
    contact: "pm@huanghelu.test",
    offers: ["live_action", "period_location"],
    seeks: ["led_virtual", "grading"],
    monthsInPark: 20,
  },
};

type Ids = { park: string; tenants: Map<string, string>; users: Map<string, string> };

export async function seedCircle(db: Db, ids: Ids, summaries: Map<string, string>) {
  await db.insert(circleSkills).values(demoSkills).onConflictDoNothing();
  const skillRows = await db.select({ id: circleSkills.id, code: circleSkills.code }).from(circleSkills);
  const skill = new Map(skillRows.map((s) => [s.code, s.id]));
  const orgIds = [...ids.tenants.values()];
  const existing = new Set((await db.select({ orgId: circleProfiles.orgId }).from(circleProfiles).where(inArray(circleProfiles.orgId, orgIds))).map((r) => r.orgId));
  const now = Date.now();
  for (const [slug, p] of Object.entries(profiles)) {
    const orgId = ids.tenants.get(slug);
    if (!orgId || existing.has(orgId)) continue;
    await writeProfile(db, orgId, {
      whatWeDoZh: summaries.get(slug) ?? "",
      whatWeDoEn: p.whatWeDoEn,
      categories: p.categories,
      works: p.works,
      showreelLinks: [`https://video.example.com/${slug}/showreel`],
      teamSize: p.teamSize,
      foundedYear: p.foundedYear,
      contactUserId: ids.users.get(p.contact) ?? null,
      visibility: p.hidden ? "hidden" : "listed",
      publicOptIn: p.publicOptIn ?? false,
      offers: p.offers.map((c) => skill.get(c)!),
      seeks: p.seeks.map((c) => skill.get(c)!),
      inParkSince: new Date(now - p.monthsInPark * 30 * 24 * 3600 * 1000),
    });
  }

  for (const [slug, rgb] of Object.entries(demoLogos)) {
    const orgId = ids.tenants.get(slug);
    if (!orgId) continue;
    const [profile] = await db.select({ logoPath: circleProfiles.logoPath }).from(circleProfiles).where(eq(circleProfiles.orgId, orgId));
    if (!profile || profile.logoPath) continue;
    const logo = await storeFile({ folder: "circle/logos", bytes: demoLogoPng(rgb), allowed: logoContentTypes, maxBytes: 1024 * 1024, namePrefix: orgId });
    await db
      .update(circleProfiles)
      .set({ logoPath: logo.path, logoContentType: logo.contentType, logoUpdatedAt: new Date() })
      .where(and(eq(circleProfiles.orgId, orgId), isNull(circleProfiles.logoPath)));
  }

  for (const person of demoPeople) {
    const orgId = ids.tenants.get(person.slug);
    const userId = ids.users.get(person.email);
    if (!orgId || !userId) continue;
    const [membership] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    if (!membership) continue;
    const [published] = await db.select({ id: circlePeople.membershipId }).from(circlePeople).where(eq(circlePeople.membershipId, membership.id));
    if (published) continue;
    await writePerson(db, membership.id, { title: person.title, bio: person.bio, skillIds: person.skills.map((c) => skill.get(c)!), publicOptIn: person.publicOptIn });
  }

  const [{ n }] = await db.select({ n: count() }).from(circlePosts);
  if (Number(n) > 0) return;
  const day = 24 * 3600 * 1000;
  const post = (slug: string, author: string, values: Omit<typeof circlePosts.$inferInsert, "orgId" | "authorUserId" | "expiresAt">) => ({
    orgId: ids.tenants.get(slug)!,
    authorUserId: ids.users.get(author)!,
    expiresAt: new Date(now + 30 * day),
    ...values,
  });
  const posts = await db
    .insert(circlePosts)
    .values([
      post("pujiang", "owner@pujiang.test", {
        kind: "looking",
        title: "本周需要短剧调色团队（80 集竖屏）",
        body: "《外滩往事》第二季已杀青，需要在两周内完成 80 集竖屏短剧的调色与剪辑精修。",
        category: "post_production",
        skillIds: [skill.get("grading")!, skill.get("editing")!],
        budgetMinFen: 8_000_000n,
        budgetMaxFen: 12_000_000n,
        location: "昊浦园区 B 栋后期机房",
      }),
      post("xingyuan", "owner@xingyuan.test", {
        kind: "offering",
        title: "AI 配音与数字人出镜，短剧可按集计费",
        body: "支持普通话、沪语与英语配音，提供数字人主持与口播，园区企业享九折。",
        category: "ai",
        skillIds: [skill.get("ai_voice")!, skill.get("digital_human")!],
        budgetMinFen: 300_000n,
        budgetMaxFen: 2_000_000n,
        location: "线上 / 昊浦园区",
      }),
      post("qiwu", "owner@qiwu.test", {
        kind: "looking",
        title: "寻找能微调剧本模型的 AI 团队",
        body: "希望用我们十年的剧本库微调一个写作助手，数据不出园区。",
        category: "ai",
        skillIds: [skill.get("llm_finetune")!],
        budgetMinFen: 5_000_000n,
        budgetMaxFen: 15_000_000n,
        location: "昊浦园区",
      }),
    ])
    .returning({ id: circlePosts.id, orgId: circlePosts.orgId });
  // Someone has already answered the short-drama post, which carries its brief as a PDF.
  const grading = posts.find((p) => p.orgId === ids.tenants.get("pujiang"));
  if (grading) {
    const brief = await storeFile({
      folder: "circle/posts",
      bytes: demoPdf(["The Bund Stories, season 2: grading brief", "80 vertical episodes, 2 minutes each", "Look: warm 1930s Shanghai, film grain", "Delivery: two weeks from hand-over"]),
      allowed: ["application/pdf"],
      maxBytes: 1024 * 1024,
      namePrefix: grading.id,
    });
    await db.insert(circlePostAttachments).values({
      postId: grading.id,
      storagePath: brief.path,
      contentType: brief.contentType,
      filename: "外滩往事第二季-调色需求.pdf",
      sizeBytes: brief.sizeBytes,
      uploadedBy: ids.users.get("owner@pujiang.test")!,
    });
    await db
      .insert(circleInterests)
      .values({ postId: grading.id, orgId: ids.tenants.get("shiguang")!, userId: ids.users.get("colorist@shiguang.test")!, message: "我们本月有两条调色线空档，可以马上开始。" })
      .onConflictDoNothing();
  }
}
