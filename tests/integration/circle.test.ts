// The friend circle on a real database (PGlite here, the server with TEST_DATABASE_URL — the same
// answers on both): Chinese search with pinyin, who sees which profile, filters and sorting,
// matchmaking with its reasons, approval seeding a profile, and the collaboration board from a
// post to both sides seeing each other's contact.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { circleProfiles, notifications, outboxEmails } from "#db/schema/index";
import { decide } from "~/modules/admission/decide.server";
import { assignReviewer } from "~/modules/admission/review.server";
import { actOnPost, closeExpiredPosts, createPost, getPost, listPosts } from "~/modules/circle/board.server";
import { searchDirectory } from "~/modules/circle/directory.server";
import { circleOverview, suggestedPartners } from "~/modules/circle/matches.server";
import { getProfile, type CircleViewer } from "~/modules/circle/profiles.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { loader as directoryLoader } from "~/routes/circle._index";
import { loader as profileLoader } from "~/routes/circle.companies.$slug";
import { action as boardAction } from "~/routes/circle.board._index";
import { meta, parkMember, submittedApplication } from "../support/admission";
import { call, getRequest, postRequest } from "../support/factories";
import { company, seedSkills } from "../support/circle";

const visitor: CircleViewer = { kind: "visitor" };
const names = (result: Awaited<ReturnType<typeof searchDirectory>>) => result.profiles.map((p) => p.nameZh).sort();

async function park() {
  const skills = await seedSkills();
  const qingyan = await company(skills, {
    nameZh: "上海青焰动画工作室",
    nameEn: "Qingyan Animation Studio",
    whatWeDoZh: "获奖动画团队，擅长剧本改编。",
    offers: ["animation_2d3d", "script_adaptation"],
    seeks: ["live_action", "action_design"],
    publicOptIn: true,
    monthsInPark: 14,
  });
  const jifeng = await company(skills, {
    nameZh: "上海疾风动作影视有限公司",
    nameEn: "Gale Action Crew",
    whatWeDoZh: "动作指导与特技团队。",
    works: ["《繁花》"],
    categories: ["action"],
    offers: ["action_design", "live_action", "stunts"],
    seeks: ["animation_2d3d"],
    monthsInPark: 8,
  });
  const haipai = await company(skills, {
    nameZh: "海派微剧场文化",
    whatWeDoZh: "海派题材微短剧团队，擅长年代戏。",
    categories: ["short_drama"],
    offers: ["period_location"],
    seeks: ["grading"],
    monthsInPark: 1,
  });
  const hidden = await company(skills, {
    nameZh: "弈境互动娱乐",
    whatWeDoZh: "互动影游，隐身开发中。",
    categories: ["game"],
    offers: ["live_action"],
    visibility: "hidden",
    publicOptIn: true,
  });
  const suspended = await company(skills, { nameZh: "停业青焰影视", offers: ["live_action"], status: "suspended", publicOptIn: true });
  const staff = await parkMember("admissions");
  return { skills, qingyan, jifeng, haipai, hidden, suspended, staff };
}

const member = (c: { actor: unknown }): CircleViewer => ({ kind: "member", member: c.actor as never });

describe("searching the directory in Chinese", () => {
  it("finds substrings, pinyin and initials the way a person means them", async () => {
    const { qingyan } = await park();
    const viewer = member(qingyan);
    expect(names(await searchDirectory(viewer, { q: "繁花" }))).toEqual(["上海疾风动作影视有限公司"]);
    expect(names(await searchDirectory(viewer, { q: "《繁花》" }))).toEqual(["上海疾风动作影视有限公司"]);
    expect(names(await searchDirectory(viewer, { q: "短剧" }))).toEqual(["海派微剧场文化"]);
    expect(names(await searchDirectory(viewer, { q: "青焰" }))).toEqual(["上海青焰动画工作室"]);
    expect(names(await searchDirectory(viewer, { q: "qingyan" }))).toEqual(["上海青焰动画工作室"]);
    expect(names(await searchDirectory(viewer, { q: "QY" }))).toEqual(["上海青焰动画工作室"]);
    expect(names(await searchDirectory(viewer, { q: "Gale action" }))).toEqual(["上海疾风动作影视有限公司"]);
    // A skill a company offers finds it, in either language.
    expect(names(await searchDirectory(viewer, { q: "威亚" }))).toEqual(["上海疾风动作影视有限公司"]);
    expect(names(await searchDirectory(viewer, { q: "stunts" }))).toEqual(["上海疾风动作影视有限公司"]);
    expect(names(await searchDirectory(viewer, { q: "没有这家公司" }))).toEqual([]);
  });

  it("never finds a hidden profile or a suspended company for another tenant", async () => {
    const { qingyan } = await park();
    expect(names(await searchDirectory(member(qingyan), { q: "弈境" }))).toEqual([]);
    expect(names(await searchDirectory(member(qingyan), { q: "停业" }))).toEqual([]);
  });

  it("filters by category and skill, and sorts by match or by arrival", async () => {
    const { qingyan, skills } = await park();
    const viewer = member(qingyan);
    expect(names(await searchDirectory(viewer, { category: "short_drama" }))).toEqual(["海派微剧场文化"]);
    expect(names(await searchDirectory(viewer, { skill: skills.get("stunts") }))).toEqual(["上海疾风动作影视有限公司"]);
    const byMatch = await searchDirectory(viewer, { sort: "match" });
    expect(byMatch.profiles[0].nameZh).toBe("上海疾风动作影视有限公司");
    const byNew = await searchDirectory(viewer, { sort: "new" });
    expect(byNew.profiles.map((p) => p.nameZh)).toEqual(["海派微剧场文化", "上海疾风动作影视有限公司", "上海青焰动画工作室"]);
  });
});

describe("who sees which profile", () => {
  it("shows visitors only the profiles opted in to the public", async () => {
    await park();
    expect(names(await searchDirectory(visitor, {}))).toEqual(["上海青焰动画工作室"]);
  });

  it("answers 404 for a hidden profile except to its company and park staff", async () => {
    const { qingyan, hidden, staff } = await park();
    await expect(getProfile(member(qingyan), hidden.org.slug)).rejects.toMatchObject({ code: "not_found" });
    await expect(getProfile(visitor, hidden.org.slug)).rejects.toMatchObject({ code: "not_found" });
    expect((await getProfile(member(hidden), hidden.org.slug)).isOwn).toBe(true);
    expect((await getProfile({ kind: "staff", member: staff.actor }, hidden.org.slug)).profile.visibility).toBe("hidden");
    expect(names(await searchDirectory({ kind: "staff", member: staff.actor }, { q: "弈境" }))).toEqual(["弈境互动娱乐"]);
  });

  it("answers 404 to visitors for a listed profile that is not public", async () => {
    const { jifeng } = await park();
    await expect(getProfile(visitor, jifeng.org.slug)).rejects.toBeInstanceOf(AppError);
  });
});

describe("matchmaking", () => {
  it("suggests partners whose offer meets our look-for, with the reason, never ourselves or a hidden profile", async () => {
    const { qingyan, hidden } = await park();
    const suggestions = await suggestedPartners(qingyan.actor!);
    expect(suggestions.map((s) => s.nameZh)).toEqual(["上海疾风动作影视有限公司"]);
    expect(suggestions[0].theyOffer.map((s) => s.nameZh).sort()).toEqual(["动作设计", "真人实拍"]);
    expect(suggestions[0].theySeek.map((s) => s.nameZh)).toEqual(["二维三维动画"]);
    expect(suggestions.some((s) => s.orgId === qingyan.org.id || s.orgId === hidden.org.id)).toBe(false);
    const overview = await circleOverview(qingyan.actor!);
    expect(overview.top?.nameZh).toBe("上海疾风动作影视有限公司");
  });
});

describe("approval seeds the company's profile", () => {
  it("creates a listed, not public profile from the application's answers", async () => {
    const { application, applicant } = await submittedApplication();
    const staff = await parkMember("admissions");
    await assignReviewer(staff.actor, application.id, { assigneeUserId: staff.user.id }, meta);
    const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const approved = await decide(staff.actor, application.id, { decision: "approve", reason: "好", seats: 4, moveInOn: inTwoWeeks, incubationSupport: "", welcomeCredits: 0 }, meta);
    const db = await getDb();
    const [profile] = await db.select().from(circleProfiles).where(eq(circleProfiles.orgId, approved.orgId!));
    expect(profile).toMatchObject({ visibility: "listed", publicOptIn: false, contactUserId: applicant.user.id });
    expect(profile.whatWeDoZh.length).toBeGreaterThan(0);
    expect(profile.categories.length).toBe(1);
    expect(profile.searchText).toContain(profile.whatWeDoZh.replace(/[\s\p{P}\p{S}]+/gu, "").toLowerCase().slice(0, 4));
  });
});

describe("the collaboration board", () => {
  it("takes a post from interest to acceptance, then both sides see each other's contact", async () => {
    const { qingyan, jifeng, skills } = await park();
    const post = await createPost(
      qingyan.actor!,
      { intent: "create", kind: "looking", title: "寻找真人实拍剧组", body: "<script>alert(1)</script>", skillIds: [skills.get("live_action")!], budgetMin: 5_000_000n, budgetMax: 8_000_000n, location: "园区", expiresInDays: 30 },
      meta,
    );
    expect((await listPosts(member(jifeng))).map((p) => p.post.title)).toEqual(["寻找真人实拍剧组"]);
    await expect(actOnPost(qingyan.actor!, post.id, { intent: "interest", message: "" }, meta)).rejects.toMatchObject({ messageKey: "errors.circleOwnPost" });
    await actOnPost(jifeng.actor!, post.id, { intent: "interest", message: "档期空闲" }, meta);
    await expect(actOnPost(jifeng.actor!, post.id, { intent: "interest", message: "" }, meta)).rejects.toMatchObject({ messageKey: "errors.circleAlreadyInterested" });

    let posterView = await getPost(qingyan.actor!, post.id);
    expect(posterView.interests).toHaveLength(1);
    expect(posterView.interests[0].contact).toBeNull();
    let answerView = await getPost(jifeng.actor!, post.id);
    expect(answerView.posterContact).toBeNull();

    await actOnPost(qingyan.actor!, post.id, { intent: "accept", interestId: posterView.interests[0].id }, meta);
    posterView = await getPost(qingyan.actor!, post.id);
    answerView = await getPost(jifeng.actor!, post.id);
    expect(posterView.interests[0].contact?.email).toBe(jifeng.owner.email);
    expect(answerView.posterContact?.email).toBe(qingyan.owner.email);

    const db = await getDb();
    const told = await db.select().from(notifications).where(eq(notifications.userId, qingyan.owner.id));
    expect(told.map((n) => n.kind)).toContain("circleInterest");
    const toldBack = await db.select().from(notifications).where(eq(notifications.userId, jifeng.owner.id));
    expect(toldBack.map((n) => n.kind)).toContain("circleAccepted");
    const mail = await db.select().from(outboxEmails);
    expect(mail.map((m) => m.toAddress).sort()).toEqual([jifeng.owner.email, qingyan.owner.email].sort());
    expect(mail.find((m) => m.toAddress === jifeng.owner.email)?.textBody).toContain(`/circle/board/${post.id}`);
  });

  it("lets park staff hide a post with a reason; it is 404 to other tenants and the poster is told", async () => {
    const { qingyan, jifeng, staff } = await park();
    const post = await createPost(qingyan.actor!, { intent: "create", kind: "offering", title: "提供动画外包", body: "", skillIds: [], budgetMin: null, budgetMax: null, location: "", expiresInDays: 30 }, meta);
    await expect(actOnPost(jifeng.actor!, post.id, { intent: "hide", reason: "x" }, meta)).rejects.toMatchObject({ code: "forbidden" });
    await actOnPost(staff.actor, post.id, { intent: "hide", reason: "含联系方式广告" }, meta);
    await expect(getPost(jifeng.actor!, post.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await getPost(qingyan.actor!, post.id)).post.hiddenReason).toBe("含联系方式广告");
    expect(await listPosts(member(jifeng))).toEqual([]);
  });

  it("closes with an outcome, and expired posts leave the board", async () => {
    const { qingyan, jifeng } = await park();
    const post = await createPost(qingyan.actor!, { intent: "create", kind: "looking", title: "短期需求", body: "", skillIds: [], budgetMin: null, budgetMax: null, location: "", expiresInDays: 1 }, meta);
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await listPosts(member(jifeng), { now: later })).toEqual([]);
    await expect(actOnPost(jifeng.actor!, post.id, { intent: "interest", message: "" }, meta, later)).rejects.toMatchObject({ messageKey: "errors.circlePostClosed" });
    expect(await closeExpiredPosts(later)).toBe(1);
    const other = await createPost(qingyan.actor!, { intent: "create", kind: "looking", title: "另一需求", body: "", skillIds: [], budgetMin: null, budgetMax: null, location: "", expiresInDays: 10 }, meta);
    await actOnPost(qingyan.actor!, other.id, { intent: "close", outcome: "found_in_park" }, meta);
    expect((await getPost(qingyan.actor!, other.id)).post).toMatchObject({ status: "closed", outcome: "found_in_park" });
  });
});

describe("the circle's pages", () => {
  it("carries a search in the link, shows visitors the public profiles only, and answers 404 for a hidden one", async () => {
    const { qingyan, hidden } = await park();
    const searched = await call(directoryLoader, getRequest("/circle?q=qy", qingyan.cookie));
    expect(searched.data.profiles.map((p: { nameZh: string }) => p.nameZh)).toEqual(["上海青焰动画工作室"]);
    expect(searched.data.query.q).toBe("qy");
    const visitorView = await call(directoryLoader, getRequest("/circle"));
    expect(visitorView.data.viewer).toBe("visitor");
    expect(visitorView.data.profiles.map((p: { nameZh: string }) => p.nameZh)).toEqual(["上海青焰动画工作室"]);
    expect((await call(profileLoader, getRequest(`/circle/companies/${hidden.org.slug}`, qingyan.cookie), { slug: hidden.org.slug })).status).toBe(404);
    expect((await call(profileLoader, getRequest(`/circle/companies/${hidden.org.slug}`, hidden.cookie), { slug: hidden.org.slug })).status).toBe(200);
  });

  it("shows field errors for a bad post and changes nothing", async () => {
    const { qingyan } = await park();
    const answer = await call(boardAction, postRequest("/circle/board", { intent: "create", kind: "looking", title: "", budgetMin: "900", budgetMax: "100", expiresInDays: "30" }, qingyan.cookie));
    expect(answer.status).toBe(400);
    expect(answer.data.result.error.title).toEqual(["errors.required"]);
    expect(await listPosts(member(qingyan))).toEqual([]);
    const made = await call(boardAction, postRequest("/circle/board", { intent: "create", kind: "looking", title: "找剧组", budgetMin: "1,000.50", budgetMax: "2000", expiresInDays: "30" }, qingyan.cookie));
    expect(made.status).toBe(302);
    const [post] = await listPosts(member(qingyan));
    expect(post.post).toMatchObject({ title: "找剧组", budgetMinFen: 100_050n, budgetMaxFen: 200_000n });
  });
});
