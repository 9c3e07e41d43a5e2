// Call fixtures: the park's runner (admissions, who may run calls), reviewers, tenants with owners,
// and a call created and opened through the module as staff would.
import { createCall, moveCall } from "~/modules/circle/calls.server";
import { writeProfile } from "~/modules/circle/profiles.server";
import { getDb } from "~/modules/platform/db.server";
import type { CallInput } from "~/modules/circle/calls-forms";
import type { MemberActor } from "~/modules/identity/access.server";
import { parkMember } from "./admission";
import { actorFor, addMember, createOrg, createUser, sessionCookie } from "./factories";

export const meta = { ip: "127.0.0.1", origin: "http://localhost" };
export const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
export const HTML = new TextEncoder().encode("<!doctype html><html><body><script>alert(1)</script></body></html>");
export const DAY = 86_400_000;

const rubric = [
  { key: "c1", nameZh: "故事与剧本", nameEn: "Story", maxScore: 40 },
  { key: "c2", nameZh: "团队与执行", nameEn: "Team", maxScore: 30 },
  { key: "c3", nameZh: "市场潜力", nameEn: "Market", maxScore: 30 },
];

function callInput(overrides: Partial<CallInput> = {}): CallInput {
  return {
    kind: "call",
    titleZh: "百部精品短剧计划",
    titleEn: "100 Quality Short Dramas",
    descriptionZh: "面向园区企业征集精品微短剧。",
    descriptionEn: "",
    criteriaZh: "原创或已获授权。",
    criteriaEn: "",
    deadlineAt: new Date(Date.now() + 7 * DAY),
    requiredAttachments: ["proposal"],
    rubric,
    reviewerIds: [],
    awardMilli: 5_000_000n,
    ...overrides,
  };
}

/** A tenant company whose owner (and optionally a plain member) is signed in with it active. */
export async function tenant(nameZh = "测试短剧公司") {
  const org = await createOrg({ nameZh });
  const owner = await createUser({ name: `${nameZh}负责人` });
  await addMember(org.id, owner.id, "owner");
  const cookie = await sessionCookie(owner.id, org.id);
  const plain = await createUser({ name: `${nameZh}成员` });
  await addMember(org.id, plain.id, "member");
  const memberCookie = await sessionCookie(plain.id, org.id);
  await writeProfile(await getDb(), org.id, {
    whatWeDoZh: `${nameZh}，竖屏短剧出品。`,
    whatWeDoEn: "",
    categories: ["short_drama"],
    works: [],
    showreelLinks: [],
    teamSize: 12,
    foundedYear: 2021,
    contactUserId: owner.id,
    visibility: "listed",
    publicOptIn: false,
    offers: [],
    seeks: [],
  });
  return { org, owner, cookie, actor: await actorFor(cookie), memberCookie, memberActor: await actorFor(memberCookie) };
}

/** The park's people: one who runs calls, two reviewers (who do not), and staff who neither run nor review. */
export async function parkPeople() {
  const runner = await parkMember("admissions");
  const reviewer = await parkMember("finance");
  const secondReviewer = await parkMember("housing");
  const outsider = await parkMember("services");
  return { runner, reviewer, secondReviewer, outsider };
}

/** A call created by `runner`, reviewed by `reviewers`, opened at `openedAt` (default now). */
export async function openCall(runner: MemberActor, reviewers: MemberActor[], overrides: Partial<CallInput> = {}, openedAt = new Date()) {
  const call = await createCall(runner, callInput({ reviewerIds: reviewers.map((r) => r.user.id), ...overrides }), meta);
  await moveCall(runner, call.id, "open", meta, openedAt);
  return call;
}
