// The small rules behind issue 16's housing points: how an application and a lease read, who may
// confirm, amounts in sentences, and reasons for an English reader.
import { describe, expect, it } from "vitest";
import { fenToGroupedYuan } from "~/modules/billing/money";
import { reasonInLanguage } from "~/modules/credits/format";
import { applicationStage, leaseStage, mayConfirm, staysOverlap } from "~/modules/housing/rules";

describe("applicationStage", () => {
  it.each([
    ["accepted", "awaiting_signature", "to_sign"],
    ["accepted", "active", "accepted"],
    ["accepted", "ended", "accepted"],
    ["accepted", "cancelled", "lease_cancelled"],
    ["endorsed", null, "endorsed"],
    ["offered", null, "offered"],
  ] as const)("%s with a lease %s reads %s", (status, lease, expected) => {
    expect(applicationStage(status, lease)).toBe(expected);
  });
});

describe("leaseStage", () => {
  it.each([
    ["active", "2026-12-17", "2026-12-07", "upcoming"],
    ["active", "2026-12-07", "2026-12-07", "active"],
    ["active", "2026-11-01", "2026-12-07", "active"],
    ["awaiting_signature", "2026-12-17", "2026-12-07", "awaiting_signature"],
    ["ended", "2026-01-01", "2026-12-07", "ended"],
  ] as const)("%s from %s on %s reads %s", (status, startsOn, today, expected) => {
    expect(leaseStage(status, startsOn, today)).toBe(expected);
  });
});

describe("mayConfirm", () => {
  const application = { applicantUserId: "a" };
  it("refuses the applicant and the resident, allows anyone else", () => {
    expect(mayConfirm("a", application, "r")).toBe(false);
    expect(mayConfirm("r", application, "r")).toBe(false);
    expect(mayConfirm("x", application, "r")).toBe(true);
    expect(mayConfirm("x", application, null)).toBe(true);
  });
});

describe("staysOverlap", () => {
  it("shares a night, or fits back to back", () => {
    expect(staysOverlap({ from: "2026-01-01", to: "2026-02-01" }, { from: "2026-01-31", to: "2026-03-01" })).toBe(true);
    expect(staysOverlap({ from: "2026-01-01", to: "2026-02-01" }, { from: "2026-02-01", to: "2026-03-01" })).toBe(false);
  });
});

describe("fenToGroupedYuan", () => {
  it.each([
    [311234n, "3,112.34"],
    [5n, "0.05"],
    [100000n, "1,000.00"],
    [123456789n, "1,234,567.89"],
    [-311234n, "-3,112.34"],
  ])("%s fen reads %s", (fen, expected) => {
    expect(fenToGroupedYuan(fen)).toBe(expected);
  });
});

describe("reasonInLanguage", () => {
  it("gives an English reader the parts without Chinese, a Chinese reader the whole", () => {
    expect(reasonInLanguage("入驻欢迎算力点 · Welcome credits (青焰)", "en")).toBe("");
    expect(reasonInLanguage("欢迎入驻昊浦 · Welcome to Haopu", "en")).toBe("Welcome to Haopu");
    expect(reasonInLanguage("H800 × 8 · fine-tune, 8 h", "en")).toBe("H800 × 8 · fine-tune, 8 h");
    expect(reasonInLanguage("欢迎入驻昊浦 · Welcome to Haopu", "zh-CN")).toBe("欢迎入驻昊浦 · Welcome to Haopu");
  });
});
