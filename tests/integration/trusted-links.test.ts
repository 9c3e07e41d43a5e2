// Emailed links come from a trusted origin, never from the request's Host (decision 013): a reset
// asked under a forged Host is refused and emails nothing; with PUBLIC_URL every link uses it.
import { afterEach, describe, expect, it } from "vitest";
import { outboxEmails } from "#db/schema/index";
import { resetConfig } from "~/modules/platform/config.server";
import { getDb } from "~/modules/platform/db.server";
import { runDueJobs } from "~/modules/platform/jobs.server";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as localeAction } from "~/routes/locale";
import { sentMail } from "../support/database";
import { PASSWORD, call, cookieFrom, createUser, getRequest } from "../support/factories";

function forgotUnder(origin: string, email: string, extraHeaders: Record<string, string> = {}) {
  return new Request(`${origin}/forgot-password`, {
    method: "POST",
    body: new URLSearchParams({ email }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, ...extraHeaders },
  });
}

afterEach(() => {
  delete process.env.PUBLIC_URL;
  delete process.env.ALLOWED_HOSTS;
  resetConfig();
});

describe("password-reset links", () => {
  it("a reset asked under a forged Host is refused with 400 and emails no link to that host", async () => {
    const user = await createUser();
    const forged = await call(forgotAction, forgotUnder("http://evil.example", user.email));
    expect(forged.status).toBe(400);
    await runDueJobs();
    expect(sentMail).toEqual([]);
    const db = await getDb();
    const outbox = await db.select().from(outboxEmails);
    expect(outbox.filter((m) => m.textBody.includes("evil.example"))).toEqual([]);
  });

  it("with PUBLIC_URL set, the link uses it whatever Host the request named", async () => {
    process.env.PUBLIC_URL = "https://hub.haopu.example";
    resetConfig();
    const user = await createUser();
    const answer = await call(forgotAction, forgotUnder("http://evil.example", user.email));
    expect(answer.data.done).toBe("sent");
    await runDueJobs();
    expect(sentMail).toHaveLength(1);
    expect(sentMail[0].text).toContain("https://hub.haopu.example/reset-password?token=");
    expect(sentMail[0].text).not.toContain("evil.example");
  });

  it("an allowed host (ALLOWED_HOSTS) builds links on itself", async () => {
    process.env.ALLOWED_HOSTS = "hub.haopu.example";
    resetConfig();
    const user = await createUser();
    await call(forgotAction, forgotUnder("http://hub.haopu.example:8080", user.email));
    await runDueJobs();
    expect(sentMail[0].text).toContain("http://hub.haopu.example:8080/reset-password?token=");
  });
});

describe("return addresses never leave the site", () => {
  const hostile = ["//evil.example/x", "/\\evil.example", "/\t/evil.example", "/%2F%2Fevil.example", "%2F%2Fevil.example", "https://evil.example", "/\n/evil.example"];

  it.each(hostile)("the login loader of a signed-in person stays on the site for %j", async (to) => {
    const user = await createUser();
    const login = await call(loginAction, new Request("http://localhost/login", { method: "POST", body: new URLSearchParams({ email: user.email, password: PASSWORD }), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" } }));
    const cookie = cookieFrom(login.headers.getSetCookie()[0]);
    const answer = await call(loginLoader, getRequest(`/login?redirectTo=${encodeURIComponent(to)}`, cookie));
    expect(answer.status).toBe(302);
    expect(new URL(answer.location!, "http://localhost").origin).toBe("http://localhost");
  });

  it.each(hostile)("the login action stays on the site for %j", async (to) => {
    const user = await createUser();
    const answer = await call(loginAction, new Request("http://localhost/login", { method: "POST", body: new URLSearchParams({ email: user.email, password: PASSWORD, redirectTo: to }), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" } }));
    expect(answer.status).toBe(302);
    expect(new URL(answer.location!, "http://localhost").origin).toBe("http://localhost");
  });

  it.each(hostile)("switching language stays on the site for %j, never a 500", async (to) => {
    const answer = await call(localeAction, new Request("http://localhost/locale", { method: "POST", body: new URLSearchParams({ language: "en", redirectTo: to }), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" } }));
    expect(answer.status).toBe(302);
    expect(new URL(answer.location!, "http://localhost").origin).toBe("http://localhost");
  });
});
