// The circle's logos, post attachments and people's own profiles on a real database: uploads are
// checked by content and size (a 4xx with the reason, nothing stored), and each file or person is
// shown exactly to those who may see the profile or post — across tenants, to visitors and staff.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { circlePostAttachments, circleProfiles } from "#db/schema/index";
import { demoLogoPng, demoPdf } from "#db/seed/circle-files";
import { actOnPost, getPost, listPosts } from "~/modules/circle/board.server";
import { searchDirectory } from "~/modules/circle/directory.server";
import { peopleOfCompany, searchPeople } from "~/modules/circle/people.server";
import { getProfile, type CircleViewer } from "~/modules/circle/profiles.server";
import { getDb } from "~/modules/platform/db.server";
import { filesDir } from "~/modules/platform/files.server";
import { loader as attachmentLoader } from "~/routes/circle.attachments.$id";
import { action as attachmentsAction } from "~/routes/circle.board.$id_.attachments";
import { action as boardAction } from "~/routes/circle.board._index";
import { loader as profileLoader } from "~/routes/circle.companies.$slug";
import { loader as logoLoader } from "~/routes/circle.logos.$slug";
import { action as meAction } from "~/routes/circle.me";
import { action as logoAction } from "~/routes/circle.profile_.logo";
import { loader as directoryLoader } from "~/routes/circle._index";
import { meta, parkMember } from "../support/admission";
import { company, seedSkills } from "../support/circle";
import { actorFor, addMember, call, createUser, getRequest, postRequest, sessionCookie } from "../support/factories";

const visitor: CircleViewer = { kind: "visitor" };
const member = (c: { actor: unknown }): CircleViewer => ({ kind: "member", member: c.actor as never });

function multipart(urlPath: string, fields: Record<string, string | { name: string; bytes: Uint8Array; type?: string } | { name: string; bytes: Uint8Array; type?: string }[]>, cookie: string) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string") body.append(name, item);
      else body.append(name, new File([Buffer.from(item.bytes)], item.name, { type: item.type ?? "application/octet-stream" }));
    }
  }
  return new Request(`http://localhost${urlPath}`, { method: "POST", body, headers: { Origin: "http://localhost", Cookie: cookie } });
}

const png = () => demoLogoPng([200, 40, 40], 32);
const pdf = () => demoPdf(["A brief"]);
const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

function filesUnder(folder: string) {
  const dir = path.join(filesDir(), folder);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

async function park() {
  const skills = await seedSkills();
  const studio = await company(skills, { nameZh: "上海青焰动画工作室", offers: ["animation_2d3d"], publicOptIn: true });
  const crew = await company(skills, { nameZh: "上海疾风动作影视有限公司", offers: ["live_action"] });
  const hidden = await company(skills, { nameZh: "弈境互动娱乐", visibility: "hidden", publicOptIn: true });
  const staff = await parkMember("admissions");
  return { skills, studio, crew, hidden, staff };
}

/** A plain member (not owner or admin) of a company, signed in. */
async function colleague(orgId: string, name: string) {
  const user = await createUser({ name });
  await addMember(orgId, user.id, "member");
  const cookie = await sessionCookie(user.id, orgId);
  return { user, cookie, actor: await actorFor(cookie) };
}

describe("company logos", () => {
  it("refuses a file that is not PNG, JPEG or WebP by content, or is too large, with the reason; nothing is stored", async () => {
    const { studio } = await park();
    const before = filesUnder("circle/logos").length;
    for (const [name, bytes] of [
      ["logo.png", html],
      ["logo.svg", svg],
      ["brief.png", pdf()],
    ] as const) {
      const answer = await call(logoAction, multipart("/circle/profile/logo", { intent: "upload", logo: { name, bytes } }, studio.cookie));
      expect(answer.status).toBe(400);
      expect(answer.data.result.error.logo).toEqual(["errors.fileType"]);
    }
    const oversize = new Uint8Array(1024 * 1024 + 1);
    oversize.set(png());
    const tooLarge = await call(logoAction, multipart("/circle/profile/logo", { intent: "upload", logo: { name: "big.png", bytes: oversize } }, studio.cookie));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.data.result.error.logo).toEqual(['errors.fileTooLarge::{"maxMb":1}']);
    const empty = await call(logoAction, multipart("/circle/profile/logo", { intent: "upload" }, studio.cookie));
    expect(empty.status).toBe(400);
    expect(empty.data.result.error.logo).toEqual(["errors.fileRequired"]);
    expect(filesUnder("circle/logos").length).toBe(before);
    const db = await getDb();
    const [profile] = await db.select().from(circleProfiles).where(eq(circleProfiles.orgId, studio.org.id));
    expect(profile.logoPath).toBeNull();
  });

  it("lets only owners and admins upload it", async () => {
    const { studio } = await park();
    const plain = await colleague(studio.org.id, "韩子墨");
    const answer = await call(logoAction, multipart("/circle/profile/logo", { intent: "upload", logo: { name: "logo.png", bytes: png() } }, plain.cookie));
    expect(answer.status).toBe(403);
  });

  it("serves a logo under the profile's visibility: listed to members, public ones to visitors, hidden ones to the company and staff", async () => {
    const { studio, crew, hidden, staff } = await park();
    for (const c of [studio, crew, hidden]) {
      const answer = await call(logoAction, multipart("/circle/profile/logo", { intent: "upload", logo: { name: "x.png", bytes: png() } }, c.cookie));
      expect(answer.status).toBe(200);
      expect(answer.data.done).toBe("saved");
    }
    const logo = (slug: string, cookie?: string) => call(logoLoader, getRequest(`/circle/logos/${slug}`, cookie), { slug });

    const own = await logo(crew.org.slug, crew.cookie);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("image/png");
    expect(own.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect((await logo(crew.org.slug, studio.cookie)).status).toBe(200);
    // Listed but not public: a visitor does not see it; a public profile's logo they do.
    expect((await logo(crew.org.slug)).status).toBe(404);
    expect((await logo(studio.org.slug)).status).toBe(200);
    // Hidden: 404 to another tenant and visitors (even though it opted in to the public), shown to itself and staff.
    expect((await logo(hidden.org.slug, studio.cookie)).status).toBe(404);
    expect((await logo(hidden.org.slug)).status).toBe(404);
    expect((await logo(hidden.org.slug, hidden.cookie)).status).toBe(200);
    expect((await logo(hidden.org.slug, staff.cookie)).status).toBe(200);
    expect((await logo("no-such-company", studio.cookie)).status).toBe(404);
    expect((await logo("../../etc/passwd", studio.cookie)).status).toBe(404);

    // The directory and the company page name it; the storage path never leaves the server.
    const directory = await call(directoryLoader, getRequest("/circle", studio.cookie));
    const crewCard = directory.data.profiles.find((p: { slug: string }) => p.slug === crew.org.slug);
    expect(crewCard.logoUrl).toMatch(new RegExp(`^/circle/logos/${crew.org.slug}\\?v=`));
    const page = await call(profileLoader, getRequest(`/circle/companies/${crew.org.slug}`, studio.cookie), { slug: crew.org.slug });
    expect(page.data.logoUrl).toBe(crewCard.logoUrl);
    expect(JSON.stringify(page.data)).not.toMatch(/circle\/logos\/[0-9a-f-]{36}-/);
    expect(page.data.profile).not.toHaveProperty("logoPath");

    // Removing it: the company's initials show instead, and the address answers 404.
    const removed = await call(logoAction, postRequest("/circle/profile/logo", { intent: "remove" }, crew.cookie));
    expect(removed.data.done).toBe("removed");
    expect((await logo(crew.org.slug, crew.cookie)).status).toBe(404);
    expect((await searchDirectory(member(studio), { q: "疾风" })).profiles[0].logoUrl).toBeNull();
  });

  it("shows the poster's logo on board posts only where the viewer may see the profile", async () => {
    const { studio, crew, hidden } = await park();
    for (const c of [crew, hidden]) await call(logoAction, multipart("/circle/profile/logo", { intent: "upload", logo: { name: "x.png", bytes: png() } }, c.cookie));
    for (const c of [crew, hidden]) {
      const made = await call(boardAction, postRequest("/circle/board", { intent: "create", kind: "offering", title: `档期 ${c.org.slug}`, expiresInDays: "30" }, c.cookie));
      expect(made.status).toBe(302);
    }
    const posts = await listPosts(member(studio));
    expect(posts.find((p) => p.org.slug === crew.org.slug)?.org.logoUrl).toMatch(/^\/circle\/logos\//);
    // The hidden company's post is on the board, but its logo would be 404: the initials show.
    expect(posts.find((p) => p.org.slug === hidden.org.slug)?.org.logoUrl).toBeNull();
  });
});

describe("post attachments", () => {
  async function postWith(poster: { cookie: string }, files: { name: string; bytes: Uint8Array }[], title = "寻找真人实拍剧组") {
    return call(boardAction, multipart("/circle/board", { intent: "create", kind: "looking", title, expiresInDays: "30", attachments: files }, poster.cookie));
  }

  it("stores files with the post, all or nothing, and refuses wrong types and too many with the reason", async () => {
    const { studio } = await park();
    const before = filesUnder("circle/posts").length;
    const refused = await postWith(studio, [{ name: "brief.pdf", bytes: pdf() }, { name: "brief.pdf", bytes: html }]);
    expect(refused.status).toBe(400);
    expect(refused.data.result.error.attachments).toEqual(["errors.fileType"]);
    const tooMany = await postWith(studio, Array.from({ length: 5 }, (_, i) => ({ name: `p${i}.png`, bytes: png() })));
    expect(tooMany.status).toBe(400);
    expect(tooMany.data.result.error.attachments).toEqual(['errors.circleTooManyAttachments::{"max":4}']);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(pdf());
    const tooLarge = await postWith(studio, [{ name: "big.pdf", bytes: big }]);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.data.result.error.attachments).toEqual(['errors.fileTooLarge::{"maxMb":5}']);
    // No post, no file left behind.
    expect(await listPosts(member(studio))).toEqual([]);
    expect(filesUnder("circle/posts").length).toBe(before);

    const made = await postWith(studio, [{ name: "brief.pdf", bytes: pdf() }, { name: "mood.png", bytes: png() }]);
    expect(made.status).toBe(302);
    const [listed] = await listPosts(member(studio));
    expect(listed.attachmentCount).toBe(2);
    const view = await getPost(studio.actor!, listed.post.id);
    expect(view.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["brief.pdf", "application/pdf"],
      ["mood.png", "image/png"],
    ]);
  });

  it("hands a file to whoever may see the post, under a safe name; a hidden post's files to its company and staff only", async () => {
    const { studio, crew, staff } = await park();
    const hostile = '../../etc/<img src=x onerror=alert(1)>"; rm -rf.pdf';
    await postWith(studio, [{ name: hostile, bytes: pdf() }]);
    const [listed] = await listPosts(member(studio));
    const [file] = (await getPost(studio.actor!, listed.post.id)).attachments;
    // No path separators reach the stored name; the storage path is ours, not the uploader's.
    expect(file.filename).toBe('_.._etc_<img src=x onerror=alert(1)>"; rm -rf.pdf');
    const db = await getDb();
    const [row] = await db.select().from(circlePostAttachments).where(eq(circlePostAttachments.id, file.id));
    expect(row.storagePath).toMatch(new RegExp(`^circle/posts/${listed.post.id}-[0-9a-f]{16}\\.pdf$`));

    const download = (cookie?: string) => call(attachmentLoader, getRequest(`/circle/attachments/${file.id}`, cookie), { id: file.id });
    const byCrew = await download(crew.cookie);
    expect(byCrew.status).toBe(200);
    expect(byCrew.headers.get("Content-Type")).toBe("application/pdf");
    const disposition = byCrew.headers.get("Content-Disposition")!;
    expect(disposition).toMatch(/^attachment; filename="[\w.-]+"; filename\*=UTF-8''/);
    expect(disposition).not.toMatch(/[<>/]|\.\.\//);
    expect(byCrew.headers.get("X-Content-Type-Options")).toBe("nosniff");
    // A visitor is sent to sign in, never given the file.
    const byVisitor = await download();
    expect(byVisitor.status).toBe(302);
    expect(byVisitor.location).toMatch(/^\/login/);

    await actOnPost(staff.actor, listed.post.id, { intent: "hide", reason: "广告" }, meta);
    expect((await download(crew.cookie)).status).toBe(404);
    expect((await download(studio.cookie)).status).toBe(200);
    expect((await download(staff.cookie)).status).toBe(200);
    expect((await call(attachmentLoader, getRequest("/circle/attachments/not-a-uuid", crew.cookie), { id: "not-a-uuid" })).status).toBe(404);
  });

  it("lets only the post's author add and remove files", async () => {
    const { studio, crew } = await park();
    await postWith(studio, [{ name: "brief.pdf", bytes: pdf() }]);
    const [listed] = await listPosts(member(studio));
    const postId = listed.post.id;
    const [file] = (await getPost(studio.actor!, postId)).attachments;
    const plain = await colleague(studio.org.id, "苏婉");
    const remove = (cookie: string) => call(attachmentsAction, postRequest(`/circle/board/${postId}/attachments`, { intent: "remove", attachmentId: file.id }, cookie), { id: postId });

    // Another company does not learn the file exists; a colleague who did not post it is refused.
    expect((await remove(crew.cookie)).status).toBe(404);
    expect((await remove(plain.cookie)).status).toBe(403);
    const add = (cookie: string, files: { name: string; bytes: Uint8Array }[]) =>
      call(attachmentsAction, multipart(`/circle/board/${postId}/attachments`, { intent: "upload", attachments: files }, cookie), { id: postId });
    expect((await add(crew.cookie, [{ name: "x.png", bytes: png() }])).status).toBe(404);
    const wrong = await add(studio.cookie, [{ name: "x.pdf", bytes: svg }]);
    expect(wrong.status).toBe(400);
    expect(wrong.data.result.error.attachments).toEqual(["errors.fileType"]);
    expect((await add(studio.cookie, [{ name: "mood.png", bytes: png() }])).data.done).toBe("added");
    const overLimit = await add(studio.cookie, [1, 2, 3].map((i) => ({ name: `p${i}.png`, bytes: png() })));
    expect(overLimit.data.result.error.attachments).toEqual(['errors.circleTooManyAttachments::{"max":4}']);

    const db = await getDb();
    const [row] = await db.select().from(circlePostAttachments).where(eq(circlePostAttachments.id, file.id));
    const stored = path.join(filesDir(), row.storagePath);
    expect(fs.existsSync(stored)).toBe(true);
    expect((await remove(studio.cookie)).data.done).toBe("removed");
    expect(fs.existsSync(stored)).toBe(false);
    expect((await getPost(studio.actor!, postId)).attachments.map((a) => a.filename)).toEqual(["mood.png"]);
    expect((await call(attachmentLoader, getRequest(`/circle/attachments/${file.id}`, studio.cookie), { id: file.id })).status).toBe(404);
  });
});

describe("people's own profiles", () => {
  async function publish(cookie: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    const request = new Request("http://localhost/circle/me", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost", Cookie: cookie } });
    return call(meAction, request);
  }

  it("is off by default, shows on the company page and in search once published, and is gone everywhere when turned off", async () => {
    const { skills, studio, crew } = await park();
    const stunt = await colleague(crew.org.id, "马骁");
    expect(await peopleOfCompany(member(studio), crew.org.id)).toEqual([]);
    expect(await searchPeople(member(studio), "马骁")).toEqual([]);

    const saved = await publish(stunt.cookie, { intent: "publish", title: "特技协调", bio: "<b>威亚</b>十年", skillIds: [skills.get("stunts")!] });
    expect(saved.status).toBe(200);
    expect(saved.data.done).toBe("saved");

    const people = await peopleOfCompany(member(studio), crew.org.id);
    expect(people.map((p) => [p.name, p.title, p.bio, p.skills.map((s) => s.nameZh)])).toEqual([["马骁", "特技协调", "<b>威亚</b>十年", ["威亚特技"]]]);
    expect(people[0]).not.toHaveProperty("email");
    // Name in Chinese, pinyin, initials; a skill in either language.
    for (const q of ["马骁", "maxiao", "mx", "威亚特技", "stunts", "特技协调"]) {
      expect((await searchPeople(member(studio), q)).map((p) => p.name), q).toEqual(["马骁"]);
    }
    const page = await call(directoryLoader, getRequest("/circle?q=maxiao", studio.cookie));
    expect(page.data.people.map((p: { name: string; org: { slug: string } }) => [p.name, p.org.slug])).toEqual([["马骁", crew.org.slug]]);

    const off = await publish(stunt.cookie, { intent: "remove" });
    expect(off.data.done).toBe("removed");
    expect(await peopleOfCompany(member(studio), crew.org.id)).toEqual([]);
    expect(await searchPeople(member(studio), "maxiao")).toEqual([]);
    expect(await peopleOfCompany(member(crew), crew.org.id)).toEqual([]);
  });

  it("shows a person to visitors only when both the person and the company chose public; never a hidden company's people", async () => {
    const { skills, studio, crew, hidden, staff } = await park();
    const artist = await colleague(studio.org.id, "韩子墨");
    const writer = await colleague(studio.org.id, "陆小满");
    const stunt = await colleague(crew.org.id, "马骁");
    const secret = await colleague(hidden.org.id, "沈默");
    await publish(artist.cookie, { intent: "publish", title: "动画总监", skillIds: [skills.get("animation_2d3d")!], publicOptIn: "on" });
    await publish(writer.cookie, { intent: "publish", title: "编剧" });
    await publish(stunt.cookie, { intent: "publish", title: "特技协调", publicOptIn: "on" });
    await publish(secret.cookie, { intent: "publish", title: "制作人", publicOptIn: "on" });

    // The studio is public: visitors see only its public person. The crew is not public: nobody of it.
    expect((await peopleOfCompany(visitor, studio.org.id)).map((p) => p.name)).toEqual(["韩子墨"]);
    expect((await peopleOfCompany(member(crew), studio.org.id)).map((p) => p.name).sort()).toEqual(["陆小满", "韩子墨"].sort());
    expect(await peopleOfCompany(visitor, crew.org.id)).toEqual([]);
    expect((await searchPeople(visitor, "hanzimo")).map((p) => p.name)).toEqual(["韩子墨"]);
    expect(await searchPeople(visitor, "luxiaoman")).toEqual([]);
    expect(await searchPeople(visitor, "maxiao")).toEqual([]);
    // The hidden company's people: to its own company and staff only.
    expect(await peopleOfCompany(member(studio), hidden.org.id)).toEqual([]);
    expect(await searchPeople(member(studio), "shenmo")).toEqual([]);
    expect(await searchPeople(visitor, "shenmo")).toEqual([]);
    expect((await peopleOfCompany(member(hidden), hidden.org.id)).map((p) => p.name)).toEqual(["沈默"]);
    expect((await searchPeople({ kind: "staff", member: staff.actor }, "shenmo")).map((p) => p.name)).toEqual(["沈默"]);

    // The visitor's company page: the public person, no contact person, no storage paths.
    const page = await call(profileLoader, getRequest(`/circle/companies/${studio.org.slug}`), { slug: studio.org.slug });
    expect(page.status).toBe(200);
    expect(page.data.people.map((p: { name: string }) => p.name)).toEqual(["韩子墨"]);
    expect(page.data.profile).not.toHaveProperty("contactUserId");
    expect(JSON.stringify(page.data)).not.toContain(studio.owner.email);
  });

  it("checks the form: a role is required, skills come from the vocabulary, park staff have none", async () => {
    const { studio, staff } = await park();
    const artist = await colleague(studio.org.id, "韩子墨");
    const missing = await publish(artist.cookie, { intent: "publish", title: "" });
    expect(missing.status).toBe(400);
    expect(missing.data.result.error.title).toEqual(["errors.required"]);
    const unknown = await publish(artist.cookie, { intent: "publish", title: "动画总监", skillIds: ["6f1c2d3e-0000-4000-8000-000000000000"] });
    expect(unknown.status).toBe(422);
    expect(unknown.data.result.error[""]).toEqual(["errors.invalidChoice"]);
    expect(await peopleOfCompany(member(studio), studio.org.id)).toEqual([]);
    expect((await publish(staff.cookie, { intent: "publish", title: "审核" })).status).toBe(404);
  });
});

describe("the public subset for visitors", () => {
  it("lists only opt-in public profiles with public fields; a hidden or members-only profile is 404", async () => {
    const { studio, crew, hidden } = await park();
    const directory = await call(directoryLoader, getRequest("/circle"));
    expect(directory.data.viewer).toBe("visitor");
    expect(directory.data.profiles.map((p: { slug: string }) => p.slug)).toEqual([studio.org.slug]);
    const text = JSON.stringify(directory.data);
    expect(text).not.toContain(studio.owner.email);
    expect(text).not.toContain("searchText");
    expect((await call(profileLoader, getRequest(`/circle/companies/${crew.org.slug}`), { slug: crew.org.slug })).status).toBe(404);
    expect((await call(profileLoader, getRequest(`/circle/companies/${hidden.org.slug}`), { slug: hidden.org.slug })).status).toBe(404);
    await expect(getProfile(visitor, hidden.org.slug)).rejects.toMatchObject({ code: "not_found" });
  });
});
