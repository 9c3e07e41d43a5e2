// Programmes and open calls on a real database: staff create and open a call; a tenant's owner
// saves a draft, attaches the required proposal and submits before the deadline (after it: refused
// with the deadline in the message); reviewers score, others may not; the park awards a winner
// once — credits granted through credits, the winner told in-app and by email, the award on its
// profile. Other tenants never see another company's entry or files.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { circleCallScores, creditGrants, notifications, outboxEmails } from "#db/schema/index";
import { actOnEntry, addEntryAttachment, awardSubmission, getCall, getCallConsole, getEntry, listCalls, moveCall, scoreSubmission } from "~/modules/circle/calls.server";
import { getBalances } from "~/modules/credits/statements.server";
import { getDb } from "~/modules/platform/db.server";
import { loader as callLoader } from "~/routes/circle.calls.$id._index";
import { action as entryAction, loader as entryLoader } from "~/routes/circle.calls.$id.entry";
import { action as uploadAction } from "~/routes/circle.calls.$id.files";
import { loader as fileLoader } from "~/routes/circle.calls.files.$fileId";
import { action as manageAction } from "~/routes/circle.calls.$id.manage";
import { action as newCallAction } from "~/routes/circle.calls.new";
import { action as reviewAction, loader as reviewLoader } from "~/routes/circle.calls.$id.review.$submissionId";
import { loader as profileLoader } from "~/routes/circle.companies.$slug";
import { DAY, HTML, meta, openCall, parkPeople, PDF, tenant } from "../support/circle-calls";
import { call, getRequest, postRequest } from "../support/factories";

function uploadRequest(callId: string, cookie: string, file: { bytes: Uint8Array; name: string }, kind = "proposal") {
  const body = new FormData();
  body.set("kind", kind);
  body.set("file", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: "application/pdf" }));
  return new Request(`http://localhost/circle/calls/${callId}/files`, { method: "POST", body, headers: { Cookie: cookie, Origin: "http://localhost" } });
}

/** A call with one submitted entry from `studio`. */
async function submittedEntry() {
  const people = await parkPeople();
  const studio = await tenant("浦江短剧");
  const other = await tenant("别家公司");
  const theCall = await openCall(people.runner.actor, [people.reviewer.actor, people.secondReviewer.actor]);
  await actOnEntry(studio.actor, theCall.id, { intent: "save", title: "《外滩往事》第三季", summary: "80 集竖屏年代剧" }, meta);
  const file = await addEntryAttachment(studio.actor, theCall.id, { kind: "proposal", filename: "计划书.pdf", bytes: PDF, draftTitle: "" }, meta);
  await actOnEntry(studio.actor, theCall.id, { intent: "submit", title: "《外滩往事》第三季", summary: "80 集竖屏年代剧" }, meta);
  const { entry } = await getEntry(studio.actor, theCall.id);
  return { ...people, studio, other, theCall, entry: entry!, file };
}

describe("running a call", () => {
  it("creates a draft hidden from tenants, opens it, and lists it as open with its deadline", async () => {
    const { runner, reviewer } = await parkPeople();
    const studio = await tenant();
    const created = await call(
      newCallAction,
      postRequest(
        "/circle/calls/new",
        {
          kind: "call",
          titleZh: "百部精品短剧计划",
          descriptionZh: "征集精品微短剧",
          deadlineDate: new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10),
          deadlineTime: "18:00",
          requiredAttachments: "proposal",
          rubric: "故事 | Story | 60\n团队 | Team | 40",
          reviewerIds: reviewer.user.id,
          awardCredits: "5000",
        },
        runner.cookie,
      ),
    );
    expect(created.status).toBe(302);
    const callId = created.location!.split("/")[3];
    // 18:00 in Shanghai is 10:00 UTC.
    const staffView = await getCall(runner.actor, callId);
    expect(staffView.call.deadlineAt.toISOString()).toMatch(/T10:00:00\.000Z$/);
    expect(staffView.call.rubric.map((c) => c.maxScore)).toEqual([60, 40]);
    expect(staffView.call.awardMilli).toBe("5000000");
    expect((await call(callLoader, getRequest(`/circle/calls/${callId}`, studio.cookie), { id: callId })).status).toBe(404);
    expect(await listCalls(studio.actor, "open")).toEqual([]);

    await moveCall(runner.actor, callId, "open", meta);
    expect((await listCalls(studio.actor, "open")).map((c) => c.titleZh)).toEqual(["百部精品短剧计划"]);
    expect((await call(callLoader, getRequest(`/circle/calls/${callId}`, studio.cookie), { id: callId })).data.mayEnter).toBe(true);
  });

  it("refuses hostile or broken call forms with 400 and field messages, never a 500", async () => {
    const { runner } = await parkPeople();
    const bad = await call(
      newCallAction,
      postRequest("/circle/calls/new", { kind: "spam", titleZh: "x".repeat(500), descriptionZh: "", deadlineDate: "2026-02-31", deadlineTime: "25:00", rubric: "没有分数" }, runner.cookie),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.result.error).toMatchObject({
      kind: ["errors.invalidChoice"],
      titleZh: ["errors.tooLong"],
      descriptionZh: ["errors.required"],
      deadlineDate: ["errors.date"],
      deadlineTime: ["errors.callTime"],
      rubric: ["errors.callRubric"],
    });
    // A tenant cannot create calls; staff without the permission neither.
    const studio = await tenant();
    expect((await call(newCallAction, postRequest("/circle/calls/new", { kind: "call" }, studio.cookie))).status).toBe(404);
    const { outsider } = await parkPeople();
    expect((await call(newCallAction, postRequest("/circle/calls/new", { kind: "call" }, outsider.cookie))).status).toBe(403);
  });
});

describe("entering a call", () => {
  it("saves a draft, needs the required proposal, submits, and withdraws before the deadline", async () => {
    const { runner, reviewer } = await parkPeople();
    const studio = await tenant();
    const theCall = await openCall(runner.actor, [reviewer.actor]);
    const saved = await call(entryAction, postRequest(`/circle/calls/${theCall.id}/entry`, { intent: "save", title: "《石库门的早晨》", summary: "海派题材" }, studio.cookie), { id: theCall.id });
    expect(saved.data.done).toBe("circleCalls.entry.saved");

    const early = await call(entryAction, postRequest(`/circle/calls/${theCall.id}/entry`, { intent: "submit", title: "《石库门的早晨》", summary: "海派题材" }, studio.cookie), { id: theCall.id });
    expect(early.status).toBe(422);
    expect(early.data.result.error[""]).toEqual(['errors.callMissingFiles::{"count":1}']);

    const uploaded = await call(uploadAction, uploadRequest(theCall.id, studio.cookie, { bytes: PDF, name: "计划书.pdf" }), { id: theCall.id });
    expect(uploaded.data.done).toBe("circleCalls.entry.uploaded");
    const submitted = await call(entryAction, postRequest(`/circle/calls/${theCall.id}/entry`, { intent: "submit", title: "《石库门的早晨》", summary: "海派题材" }, studio.cookie), { id: theCall.id });
    expect(submitted.data.done).toBe("circleCalls.entry.submitted");
    const page = await call(entryLoader, getRequest(`/circle/calls/${theCall.id}/entry`, studio.cookie), { id: theCall.id });
    expect(page.data.entry.status).toBe("submitted");
    expect(page.data.attachments.map((a: { filename: string }) => a.filename)).toEqual(["计划书.pdf"]);
    expect(page.data.missing).toEqual([]);

    // A submitted entry does not change until it is withdrawn; then it is a draft again.
    const change = await call(entryAction, postRequest(`/circle/calls/${theCall.id}/entry`, { intent: "save", title: "改名", summary: "" }, studio.cookie), { id: theCall.id });
    expect(change.status).toBe(409);
    await actOnEntry(studio.actor, theCall.id, { intent: "withdraw" }, meta);
    expect((await getEntry(studio.actor, theCall.id)).entry?.status).toBe("withdrawn");
    await actOnEntry(studio.actor, theCall.id, { intent: "submit", title: "《石库门的早晨》", summary: "海派题材" }, meta);
    expect((await getEntry(studio.actor, theCall.id)).entry?.status).toBe("submitted");
    expect((await listCalls(studio.actor, "mine")).map((c) => c.entry?.status)).toEqual(["submitted"]);
  });

  it("refuses a submission after the deadline with the deadline in the message", async () => {
    const { runner, reviewer } = await parkPeople();
    const studio = await tenant();
    // Opened a week ago with a deadline an hour ago (18:00 Shanghai on a past day).
    const deadlineAt = new Date(Date.now() - 3_600_000);
    const theCall = await openCall(runner.actor, [reviewer.actor], { deadlineAt, requiredAttachments: [] }, new Date(Date.now() - 7 * DAY));
    const late = await call(entryAction, postRequest(`/circle/calls/${theCall.id}/entry`, { intent: "submit", title: "迟到的项目", summary: "" }, studio.cookie), { id: theCall.id });
    expect(late.status).toBe(409);
    const [message] = late.data.result.error[""];
    expect(message).toMatch(/^errors\.callDeadlinePassed::/);
    const shanghai = new Date(deadlineAt.getTime() + 8 * 3_600_000).toISOString();
    expect(JSON.parse(message.split("::")[1]).deadline).toBe(`${shanghai.slice(0, 10)} ${shanghai.slice(11, 16)}`);
    expect((await getEntry(studio.actor, theCall.id)).entry).toBeNull();
    const upload = await call(uploadAction, uploadRequest(theCall.id, studio.cookie, { bytes: PDF, name: "a.pdf" }), { id: theCall.id });
    expect(upload.status).toBe(409);
    expect((await listCalls(studio.actor, "closed")).map((c) => c.status)).toEqual(["closed"]);
  });

  it("keeps one entry per company, refuses files that are not what they claim, and plain members cannot enter", async () => {
    const { runner, reviewer } = await parkPeople();
    const studio = await tenant();
    const theCall = await openCall(runner.actor, [reviewer.actor]);
    const html = await call(uploadAction, uploadRequest(theCall.id, studio.cookie, { bytes: HTML, name: "proposal.pdf" }), { id: theCall.id });
    expect(html.status).toBe(400);
    expect(html.data.result.error.file).toEqual(["errors.fileType"]);
    await actOnEntry(studio.actor, theCall.id, { intent: "save", title: "一", summary: "" }, meta);
    await actOnEntry(studio.actor, theCall.id, { intent: "save", title: "二", summary: "" }, meta);
    expect((await getEntry(studio.actor, theCall.id)).entry?.title).toBe("二");
    const tooLong = await call(entryAction, postRequest(`/circle/calls/${theCall.id}/entry`, { intent: "save", title: "长".repeat(200), summary: "" }, studio.cookie), { id: theCall.id });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data.result.error.title).toEqual(["errors.tooLong"]);
    const unknown = await call(entryAction, postRequest(`/circle/calls/${theCall.id}/entry`, { intent: "<script>" }, studio.cookie), { id: theCall.id });
    expect(unknown.status).toBe(400);
    const nul = await call(entryAction, postRequest(`/circle/calls/${theCall.id}/entry`, { intent: "save", title: "a\u0000b" }, studio.cookie), { id: theCall.id });
    expect(nul.status).toBe(400);
    expect((await call(entryLoader, getRequest(`/circle/calls/${theCall.id}/entry`, studio.memberCookie), { id: theCall.id })).status).toBe(403);
    expect((await call(entryLoader, getRequest(`/circle/calls/not-a-uuid/entry`, studio.cookie), { id: "not-a-uuid" })).status).toBe(404);
  });
});

describe("isolation and reviewing", () => {
  it("another tenant can neither read nor change an entry or its files: 404", async () => {
    const { theCall, other, file, entry, studio } = await submittedEntry();
    expect((await getEntry(other.actor, theCall.id)).entry).toBeNull();
    expect((await call(fileLoader, getRequest(`/circle/calls/files/${file.id}`, other.cookie), { fileId: file.id })).status).toBe(404);
    expect((await call(reviewLoader, getRequest(`/circle/calls/${theCall.id}/review/${entry.id}`, other.cookie), { id: theCall.id, submissionId: entry.id })).status).toBe(404);
    // Removing the studio's file from the other company's session finds nothing.
    const removal = await call(entryAction, postRequest(`/circle/calls/${theCall.id}/entry`, { intent: "remove-file", attachmentId: file.id }, other.cookie), { id: theCall.id });
    expect(removal.status).toBe(404);
    const own = await call(fileLoader, getRequest(`/circle/calls/files/${file.id}`, studio.cookie), { fileId: file.id });
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
  });

  it("reviewers score against the rubric and change it until decided; non-reviewers cannot score", async () => {
    const { theCall, entry, reviewer, secondReviewer, outsider, runner, file } = await submittedEntry();
    const path = `/circle/calls/${theCall.id}/review/${entry.id}`;
    const params = { id: theCall.id, submissionId: entry.id };
    const scored = await call(reviewAction, postRequest(path, { "points[0]": "30", "points[1]": "20", "points[2]": "25", comment: "不错" }, reviewer.cookie), params);
    expect(scored.data.done).toBe("circleCalls.review.saved");
    await call(reviewAction, postRequest(path, { "points[0]": "35", "points[1]": "20", "points[2]": "25" }, reviewer.cookie), params);
    await scoreSubmission(secondReviewer.actor, theCall.id, entry.id, { points: [20, 20, 20], comment: "" }, meta);
    const db = await getDb();
    expect((await db.select().from(circleCallScores).where(eq(circleCallScores.submissionId, entry.id))).map((s) => s.total).sort()).toEqual([60, 80]);

    const overMax = await call(reviewAction, postRequest(path, { "points[0]": "41", "points[1]": "0", "points[2]": "0" }, reviewer.cookie), params);
    expect(overMax.status).toBe(422);
    const missing = await call(reviewAction, postRequest(path, { "points[0]": "10" }, reviewer.cookie), params);
    expect(missing.status).toBe(422);
    expect((await call(reviewAction, postRequest(path, { "points[0]": "x" }, reviewer.cookie), params)).status).toBe(400);
    // The runner may read but is not a reviewer of this call; other staff do not even see it.
    expect((await call(reviewAction, postRequest(path, { "points[0]": "1", "points[1]": "1", "points[2]": "1" }, runner.cookie), params)).status).toBe(403);
    expect((await call(reviewAction, postRequest(path, { "points[0]": "1", "points[1]": "1", "points[2]": "1" }, outsider.cookie), params)).status).toBe(404);
    expect((await call(fileLoader, getRequest(`/circle/calls/files/${file.id}`, reviewer.cookie), { fileId: file.id })).status).toBe(200);
    expect((await call(fileLoader, getRequest(`/circle/calls/files/${file.id}`, outsider.cookie), { fileId: file.id })).status).toBe(404);

    const console = await getCallConsole(runner.actor, theCall.id);
    expect(console.entries).toHaveLength(1);
    expect(console.entries[0]).toMatchObject({ scoreCount: 2, averageTenths: 700 });
    // A reviewer sees only their own scores.
    const ownView = await getCallConsole(reviewer.actor, theCall.id);
    expect(ownView.entries[0].scores).toEqual([{ reviewer: expect.any(String), total: 80 }]);

    await moveCall(runner.actor, theCall.id, "close", meta);
    await moveCall(runner.actor, theCall.id, "decide", meta);
    await expect(scoreSubmission(reviewer.actor, theCall.id, entry.id, { points: [1, 1, 1], comment: "" }, meta)).rejects.toMatchObject({ code: "conflict", messageKey: "errors.callDecided" });
  });
});

describe("awarding", () => {
  it("grants the award's credits once, tells the winner in-app and by email, and shows it on the profile", async () => {
    const { theCall, entry, runner, studio, other } = await submittedEntry();
    await expect(awardSubmission(runner.actor, theCall.id, { submissionId: entry.id, note: "" }, meta)).rejects.toMatchObject({ messageKey: "errors.callNotClosed" });
    await moveCall(runner.actor, theCall.id, "close", meta);
    const before = (await getBalances(studio.actor)).availableMilli;

    const awarded = await call(manageAction, postRequest(`/circle/calls/${theCall.id}/manage`, { intent: "award", submissionId: entry.id, note: "年度推荐" }, runner.cookie), { id: theCall.id });
    expect(awarded.data.done).toBe("circleCalls.manage.awarded");
    const again = await call(manageAction, postRequest(`/circle/calls/${theCall.id}/manage`, { intent: "award", submissionId: entry.id }, runner.cookie), { id: theCall.id });
    expect(again.status).toBe(409);
    expect(again.data.result.error[""]).toEqual(["errors.callAlreadyAwarded"]);

    expect((await getBalances(studio.actor)).availableMilli - before).toBe(5_000_000n);
    const db = await getDb();
    const grants = await db.select().from(creditGrants).where(eq(creditGrants.orgId, studio.org.id));
    expect(grants).toEqual([expect.objectContaining({ category: "programme", amountMilli: 5_000_000n })]);
    const told = await db.select().from(notifications).where(eq(notifications.userId, studio.owner.id));
    expect(told).toEqual([expect.objectContaining({ kind: "circleCallAwardedCredits", link: `/circle/calls/${theCall.id}` })]);
    const mail = await db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, studio.owner.email));
    expect(mail.map((m) => m.textBody).join("\n")).toContain("百部精品短剧计划");
    expect(mail.map((m) => m.textBody).join("\n")).toContain("5,000");

    // On the winner's profile, for another member of the park to see.
    const profile = await call(profileLoader, getRequest(`/circle/companies/${studio.org.slug}`, other.cookie), { slug: studio.org.slug });
    expect(profile.status).toBe(200);
    expect(profile.data.callAwards).toEqual([expect.objectContaining({ titleZh: "百部精品短剧计划", entryTitle: "《外滩往事》第三季" })]);
    // Staff without the permission cannot award; a tenant cannot reach the console.
    const { outsider } = await parkPeople();
    expect((await call(manageAction, postRequest(`/circle/calls/${theCall.id}/manage`, { intent: "award", submissionId: entry.id }, outsider.cookie), { id: theCall.id })).status).toBe(403);
    expect((await call(manageAction, postRequest(`/circle/calls/${theCall.id}/manage`, { intent: "award", submissionId: entry.id }, studio.cookie), { id: theCall.id })).status).toBe(404);
  });

  it("awards a call without credits, and refuses awarding a withdrawn entry or after the results are published", async () => {
    const people = await parkPeople();
    const studio = await tenant();
    const theCall = await openCall(people.runner.actor, [people.reviewer.actor], { awardMilli: null, requiredAttachments: [] });
    await actOnEntry(studio.actor, theCall.id, { intent: "submit", title: "孵化项目", summary: "" }, meta);
    await actOnEntry(studio.actor, theCall.id, { intent: "withdraw" }, meta);
    await moveCall(people.runner.actor, theCall.id, "close", meta);
    const { entry } = await getEntry(studio.actor, theCall.id);
    await expect(awardSubmission(people.runner.actor, theCall.id, { submissionId: entry!.id, note: "" }, meta)).rejects.toMatchObject({ messageKey: "errors.callEntryWithdrawn" });

    const second = await openCall(people.runner.actor, [people.reviewer.actor], { awardMilli: null, requiredAttachments: [] });
    await actOnEntry(studio.actor, second.id, { intent: "submit", title: "孵化项目二", summary: "" }, meta);
    const later = new Date(Date.now() + 8 * DAY); // past the deadline: closed without anyone pressing close
    const { entry: entry2 } = await getEntry(studio.actor, second.id);
    await awardSubmission(people.runner.actor, second.id, { submissionId: entry2!.id, note: "" }, meta, later);
    const db = await getDb();
    expect(await db.select().from(creditGrants).where(eq(creditGrants.orgId, studio.org.id))).toEqual([]);
    await moveCall(people.runner.actor, second.id, "decide", meta, later);
    await expect(awardSubmission(people.runner.actor, second.id, { submissionId: entry2!.id, note: "" }, meta, later)).rejects.toMatchObject({ messageKey: "errors.callDecided" });
    expect((await getCall(studio.actor, second.id, later)).winners).toHaveLength(1);
  });
});
