// Hostile form posts: every field of a set of real actions gets values no form would send — NUL
// and other control characters, a lone surrogate, 100,000 characters, numbers too big for any
// column, a field sent twice where one value is expected. Each post is answered with a status
// below 500 (a field error, a 400 or a 4xx of the domain), never an exception.
import { describe, expect, it } from "vitest";
import { VALID_USCC } from "../support/admission";
import { parkMember, submittedApplication } from "../support/admission";
import { call, createOrg, signedInMember } from "../support/factories";
import { daysFromNow, seedCatalogue } from "../support/services";
import { action as accountAction } from "~/routes/account";
import { action as reviewAction } from "~/routes/admissions.$id";
import { action as financeInvoicesAction } from "~/routes/finance.invoices";
import { action as billingProfileAction } from "~/routes/billing.profile";
import { action as loginAction } from "~/routes/login";
import { action as membersAction } from "~/routes/org.members";
import { action as offeringAction } from "~/routes/services.$code";
import { action as signupAction } from "~/routes/signup";

const HOSTILE: [string, string][] = [
  ["a NUL", "a\u0000b"],
  ["only a NUL", "\u0000"],
  ["a bell and an escape", "\u0007\u001b[31m"],
  ["DEL", "x\u007f"],
  ["a lone surrogate", "x\ud800y"],
  ["100,000 characters", "字".repeat(100_000)],
  ["400 nines", "9".repeat(400)],
  ["1e308", "1e308"],
  ["-1e308", "-1e308"],
  ["Infinity", "Infinity"],
  ["NaN", "NaN"],
  ["a bigint overflow", "9223372036854775808"],
  ["yuan that overflow bigint", "9999999999999.99"],
  ["month 13", "2026-13-01"],
  ["30 February", "2026-02-30"],
  ["a negative", "-1"],
  ["markup", "<script>alert(1)</script>"],
  ["blank", "   "],
];

type Action = Parameters<typeof call>[0];
interface Target {
  name: string;
  action: Action;
  path: string;
  params?: Record<string, string>;
  cookie?: string;
  /** A submission the action accepts; each field in turn is replaced by each hostile value. */
  valid: Record<string, string>;
}

function post(path: string, fields: [string, string][], cookie?: string) {
  const body = new URLSearchParams();
  for (const [name, value] of fields) body.append(name, value);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/** Posts every hostile variant of a target; returns the ones answered with a 5xx or a throw. */
async function fuzz(target: Target) {
  const failures: string[] = [];
  const attempt = async (label: string, fields: [string, string][]) => {
    try {
      const answer = await call(target.action, post(target.path, fields, target.cookie), target.params ?? {});
      if (answer.status >= 500) failures.push(`${label}: ${answer.status}`);
    } catch (error) {
      failures.push(`${label}: threw ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
    }
  };
  const entries = Object.entries(target.valid);
  for (const [field] of entries) {
    if (field === "intent") continue;
    for (const [label, value] of HOSTILE) {
      await attempt(`${target.name} ${field}=${label}`, entries.map(([name, v]) => [name, name === field ? value : v]));
    }
    // An array where one value is expected: the field twice.
    await attempt(`${target.name} ${field} twice`, [...entries, [field, target.valid[field]]]);
  }
  // A hostile field name.
  await attempt(`${target.name} a NUL in a field name`, [...entries, ["x\u0000", "1"]]);
  return failures;
}

async function expectNo5xx(targets: Target[]) {
  const failures: string[] = [];
  for (const target of targets) failures.push(...(await fuzz(target)));
  expect(failures).toEqual([]);
}

describe("hostile form posts", () => {
  it("account, sign-up, log-in and members are answered without a 5xx", async () => {
    const owner = await signedInMember({ role: "owner" });
    await expectNo5xx([
      { name: "account", action: accountAction, path: "/account", cookie: owner.cookie, valid: { intent: "profile", displayName: "张三" } },
      { name: "signup", action: signupAction, path: "/signup", valid: { email: "new@example.test", password: "a-long-password-1", displayName: "李四", redirectTo: "/" } },
      { name: "login", action: loginAction, path: "/login", valid: { email: "nobody@example.test", password: "wrong-password-1", redirectTo: "/" } },
      { name: "invite", action: membersAction, path: "/org/members", cookie: owner.cookie, valid: { intent: "invite", email: "invitee@example.test", role: "member" } },
      { name: "changeRole", action: membersAction, path: "/org/members", cookie: owner.cookie, valid: { intent: "changeRole", membershipId: owner.membership.id, role: "owner" } },
    ]);
  });

  it("the admissions review is answered without a 5xx", async () => {
    const { application } = await submittedApplication();
    const staff = await parkMember("admissions");
    const target = (intent: string, fields: Record<string, string>): Target => ({
      name: `review ${intent}`,
      action: reviewAction,
      path: `/admissions/${application.id}`,
      params: { id: application.id },
      cookie: staff.cookie,
      valid: { intent, ...fields },
    });
    await expectNo5xx([
      target("comment", { body: "看过了" }),
      target("requestInfo", { message: "请补充团队介绍", fixSteps: "team" }),
      target("scheduleInterview", { at: `${daysFromNow(3)}T10:00`, location: "一号楼 201", note: "" }),
      target("assign", { assigneeUserId: staff.user.id }),
      target("score", { "score.6f1c2d3e-0000-4000-8000-000000000001": "3", note: "" }),
      target("decide", { decision: "waitlist", reason: "名额已满", seats: "3", moveInOn: daysFromNow(30) }),
    ]);
  });

  it("billing, the finance desk's manual invoice and a booking are answered without a 5xx", async () => {
    const owner = await signedInMember({ role: "owner" });
    const finance = await signedInMember({ kind: "park", role: "finance" });
    const tenant = await createOrg();
    const { offerings } = await seedCatalogue();
    const daily = offerings.find((o) => o.code === "extras-day")!;
    await expectNo5xx([
      { name: "billing profile", action: billingProfileAction, path: "/billing/profile", cookie: owner.cookie, valid: { title: "测试企业", taxpayerId: VALID_USCC, address: "", phone: "", bankName: "", bankAccount: "", email: "" } },
      {
        name: "manual invoice",
        action: financeInvoicesAction,
        path: "/finance/invoices",
        cookie: finance.cookie,
        valid: { orgId: tenant.id, "lines[0].descriptionZh": "场地", "lines[0].descriptionEn": "Stage", "lines[0].quantity": "2", "lines[0].unitPrice": "1,280.50", vatRate: "600", dueOn: daysFromNow(30), note: "" },
      },
      {
        name: "booking",
        action: offeringAction,
        path: `/services/${daily.code}`,
        params: { code: daily.code },
        cookie: owner.cookie,
        valid: { intent: "book", quantity: "1", date: daysFromNow(10), days: "2", note: "" },
      },
    ]);
  });
});
