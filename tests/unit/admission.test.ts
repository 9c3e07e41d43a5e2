// The pure rules of admission: the state machine's table, the form's validation, file sniffing,
// slugs and scores — and that every state, event, audit action and notification has its words.
import { describe, expect, it } from "vitest";
import en from "~/i18n/locales/en";
import zhCN from "~/i18n/locales/zh-CN";
import { completeSchemas, missingSteps, stepSchema, decisionSchema } from "~/modules/admission/forms";
import { parkLocalToInstant } from "~/modules/platform/dates";
import { slugFromName, weightedScoreTenths } from "~/modules/admission/rules";
import {
  allowedEvents,
  applicationStatuses,
  nextStatus,
  otherAuditActions,
  transitions,
  type ApplicationStatus,
  type TransitionName,
} from "~/modules/admission/workflow";
import { sniffContentType } from "~/modules/platform/files.server";
import { usccCheckCharacter } from "~/modules/platform/uscc";

const review = ["in_review", "resubmitted", "interview_scheduled"];
/** The workflow as the issue draws it: draft → submitted → in_review → info_requested ↔ resubmitted → interview_scheduled → decision, and withdrawn. */
const expected: Record<TransitionName, Partial<Record<ApplicationStatus, ApplicationStatus>>> = {
  submit: { draft: "submitted" },
  startReview: { submitted: "in_review" },
  requestInfo: Object.fromEntries(review.map((s) => [s, "info_requested"])),
  resubmit: { info_requested: "resubmitted" },
  scheduleInterview: Object.fromEntries(review.map((s) => [s, "interview_scheduled"])),
  approve: Object.fromEntries(review.map((s) => [s, "approved"])),
  reject: Object.fromEntries(review.map((s) => [s, "rejected"])),
  waitlist: Object.fromEntries(review.map((s) => [s, "waitlisted"])),
  reopen: { waitlisted: "in_review" },
  withdraw: Object.fromEntries(["draft", "submitted", "in_review", "info_requested", "resubmitted", "interview_scheduled", "waitlisted"].map((s) => [s, "withdrawn"])),
};

describe("the application state machine", () => {
  const cases = applicationStatuses.flatMap((from) => (Object.keys(transitions) as TransitionName[]).map((event) => [from, event, expected[event][from] ?? null] as const));

  it.each(cases)("%s --%s--> %s", (from, event, to) => {
    expect(nextStatus(from, event)).toBe(to);
  });

  it("lets nothing out of approved, rejected or withdrawn", () => {
    for (const status of ["approved", "rejected", "withdrawn"] as const) {
      expect(allowedEvents(status, "applicant")).toEqual([]);
      expect(allowedEvents(status, "staff")).toEqual([]);
    }
  });

  it("gives the applicant and the reviewers their own events", () => {
    expect(allowedEvents("info_requested", "applicant")).toEqual(["resubmit", "withdraw"]);
    expect(allowedEvents("in_review", "staff")).toEqual(["requestInfo", "scheduleInterview", "approve", "reject", "waitlist"]);
  });
});

describe("the catalogues have words for admission", () => {
  const lookup = (catalogue: unknown, path: string) => path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], catalogue);
  const keys = [
    ...applicationStatuses.map((s) => `admission.status.${s}`),
    ...applicationStatuses.map((s) => `admission.statusPage.next.${s}`),
    ...Object.keys(transitions).map((e) => `admission.events.${e}`),
    ...["comment", "scored", "assigned", "attachmentAdded", "attachmentRemoved"].map((e) => `admission.events.${e}`),
    ...Object.values(transitions).flatMap((t) => [`notification.${"tellApplicant" in t ? t.tellApplicant : ""}`, `notification.${"tellStaff" in t ? t.tellStaff : ""}`]).filter((k) => !k.endsWith(".")),
    "notification.admissionAssigned",
  ];

  it.each(keys)("%s", (key) => {
    expect(typeof lookup(zhCN, key)).toBe("string");
    expect(typeof lookup(en, key)).toBe("string");
  });

  it.each([...Object.values(transitions).map((t) => t.audit), ...otherAuditActions])("audit label for %s", (action) => {
    expect(typeof zhCN.audit.actions[action as keyof typeof zhCN.audit.actions]).toBe("string");
  });
});

describe("the form's rules", () => {
  const first17 = "91310117MA1KJ2G3A";
  const valid = first17 + usccCheckCharacter(first17);
  const wrong = first17 + (valid[17] === "0" ? "1" : "0");
  const company = { registered: "yes", nameZh: "测试", category: "ai", description: "简介", contactName: "张三", contactPhone: "13800000000", foundedOn: "2020-01-01" };

  it.each([
    [valid, null],
    [valid.toLowerCase(), null],
    [wrong, "errors.admissionUsccCheck"],
    ["91310117MA1KJ2G3", "errors.admissionUsccFormat"],
    ["91310117MA1KJ2G3O" + "0", "errors.admissionUsccFormat"],
    [undefined, "errors.admissionUsccRequired"],
  ])("a registered company's USCC %s → %s", (uscc, message) => {
    const result = completeSchemas.company.safeParse({ ...company, uscc });
    expect(result.success ? null : result.error.issues.find((i) => i.path[0] === "uscc")?.message).toBe(message);
  });

  it("asks nothing of a company not registered yet, and lets a draft leave fields out", () => {
    expect(completeSchemas.company.safeParse({ ...company, registered: "no", foundedOn: undefined }).success).toBe(true);
    expect(stepSchema("company", "draft").safeParse({ nameZh: "只填了名字" }).success).toBe(true);
    // A draft still refuses what is wrong.
    expect(stepSchema("company", "draft").safeParse({ registered: "yes", uscc: wrong }).success).toBe(false);
    expect(stepSchema("needs", "draft").safeParse({ officeSeats: -1 }).success).toBe(false);
  });

  it("lists the steps still missing, a business plan included", () => {
    const saved = {
      company: { ...company, uscc: valid },
      team: { size: 3, keyPeople: "x" },
      plan: { projects: "x", wantsFromPark: "y" },
      needs: { officeSeats: 1, stageDaysPerMonth: 0, gpuHoursPerMonth: 0, llmMillionTokensPerMonth: 0, apartments: 0 },
      materials: null,
    };
    expect(missingSteps(saved, [])).toEqual(["attachments"]);
    expect(missingSteps(saved, ["business_plan"])).toEqual([]);
    expect(missingSteps({ ...saved, team: { keyPeople: "x" } }, ["business_plan"])).toEqual(["team"]);
  });

  it("reads interview times in park time and needs terms to approve", () => {
    expect(parkLocalToInstant("2026-12-01T14:30")?.toISOString()).toBe("2026-12-01T06:30:00.000Z");
    expect(parkLocalToInstant("2026-12-01 14:30")).toBeNull();
    const refused = decisionSchema.safeParse({ decision: "approve", reason: "好" });
    expect(refused.success ? [] : refused.error.issues.map((i) => i.path[0])).toEqual(["seats", "moveInOn"]);
    expect(decisionSchema.safeParse({ decision: "reject", reason: "不符" }).success).toBe(true);
  });
});

describe("files are what their bytes say", () => {
  it.each([
    ["%PDF-1.7", "application/pdf"],
    ["\x89PNG\r\n\x1a\n....", "image/png"],
    ["\xff\xd8\xff\xe0....", "image/jpeg"],
    ["RIFF\0\0\0\0WEBPVP8 ", "image/webp"],
    ["<!doctype html><html>", null],
    ["%PD", null],
    ["RIFF\0\0\0\0WAVEfmt ", null],
  ])("%j → %s", (text, type) => {
    expect(sniffContentType(Uint8Array.from(text, (c) => c.charCodeAt(0)))).toBe(type);
  });
});

describe("slugs and scores", () => {
  it.each([
    ["Blue Whale Studio", "blue-whale-studio"],
    ["  Café & Co. (Shanghai) ", "cafe-co-shanghai"],
    ["上海动画", ""],
    [undefined, ""],
    ["A".repeat(60), "a".repeat(40)],
  ])("%j → %j", (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
  });

  it("weights each criterion's average across reviewers, leaving out criteria not in use", () => {
    const criteria = [
      { id: "fit", weight: 4, active: true },
      { id: "team", weight: 1, active: true },
      { id: "old", weight: 5, active: false },
    ];
    expect(weightedScoreTenths(criteria, [])).toBeNull();
    expect(weightedScoreTenths(criteria, [{ criterionId: "fit", score: 5 }])).toBe(50);
    // fit averages 4 (5 and 3), team 2: (4×4 + 2×1) / 5 = 3.6
    expect(
      weightedScoreTenths(criteria, [
        { criterionId: "fit", score: 5 },
        { criterionId: "fit", score: 3 },
        { criterionId: "team", score: 2 },
        { criterionId: "old", score: 1 },
      ]),
    ).toBe(36);
  });
});

describe("the menu", () => {
  it("shows 入驻申请 to someone with an application or without any organisation, and the console to reviewers", async () => {
    const { navFor } = await import("~/navigation.server");
    const labels = (items: { labelKey: string; to: string }[]) => items.map((i) => `${i.labelKey} ${i.to}`);
    expect(labels(navFor(null, { hasApplication: false, hasOrganisation: false }))).toContain("admission.nav.apply /apply");
    expect(labels(navFor(null, { hasApplication: true, hasOrganisation: false }))).toContain("admission.nav.apply /apply/status");
    expect(labels(navFor({ kind: "tenant", role: "owner" }, { hasApplication: false, hasOrganisation: true })).join()).not.toContain("admission.nav.apply");
    expect(labels(navFor({ kind: "park", role: "admissions" }))).toContain("admission.nav.console /admissions");
    expect(labels(navFor({ kind: "park", role: "finance" })).join()).not.toContain("admission.nav.console");
    expect(labels(navFor({ kind: "tenant", role: "owner" })).join()).not.toContain("admission.nav.console");
  });
});
