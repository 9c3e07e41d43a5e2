// The server keeps one i18next instance per language and remembers what each `t()` call gives (its
// key and plain option values): the words must stay exactly i18next's, and a call must never be
// answered from what an earlier call with other values (or none) gave.
import { describe, expect, it, vi } from "vitest";
import { i18nFor } from "~/i18n/i18n.server";

describe("the server's shared translators", () => {
  it("gives each language its own words, the same on every call", async () => {
    const [zh, en] = await Promise.all([i18nFor("zh-CN"), i18nFor("en")]);
    const tZh = zh.getFixedT("zh-CN");
    const tEn = en.getFixedT("en");
    expect(tEn("nav.finance")).toBe("Finance");
    expect(tEn("nav.finance")).toBe("Finance");
    expect(tZh("nav.finance")).not.toBe("Finance");
    expect(tZh("nav.finance")).toBe(tZh("nav.finance"));
  });

  it("interpolates and pluralises each call with its own values, before and after a plain call", async () => {
    const t = (await i18nFor("en")).getFixedT("en");
    expect(t("nav.notificationsCount", { count: 1 })).toBe("Notifications (1 unread)");
    expect(t("nav.notificationsCount", { count: 7 })).toBe("Notifications (7 unread)");
    expect(t("footer.copyright", { year: 2026 })).toContain("© 2026");
    expect(t("footer.copyright", { year: 2027 })).toContain("© 2027");
    t("footer.copyright");
    expect(t("footer.copyright", { year: 2028 })).toContain("© 2028");
    expect(t("nav.notificationsCount", { count: 1 })).toBe("Notifications (1 unread)");
    expect(t("footer.copyright", { year: "2028" })).toContain("© 2028");
  });

  it("gives a Chinese plural and an English one from the same call", async () => {
    const zh = (await i18nFor("zh-CN")).getFixedT("zh-CN");
    const en = (await i18nFor("en")).getFixedT("en");
    expect(zh("nav.notificationsCount", { count: 2 })).toContain("2");
    expect(zh("nav.notificationsCount", { count: 2 })).not.toContain("Notifications");
    expect(en("nav.notificationsCount", { count: 2 })).toBe("Notifications (2 unread)");
  });

  it("answers a missing key with i18next's own fallback, and a default value when one is given", async () => {
    const t = (await i18nFor("en")).getFixedT("en");
    expect(t("nav.noSuchEntry")).toBe("nav.noSuchEntry");
    expect(t("nav.noSuchEntry", { defaultValue: "Fallback words" })).toBe("Fallback words");
  });

  it("looks a word up once, also through react-i18next's t (which passes lngs: null)", async () => {
    const instance = await i18nFor("en");
    const t = instance.getFixedT(null, ["common"]);
    const store = instance.services.resourceStore as unknown as { getResource(...args: unknown[]): unknown };
    const lookups = vi.spyOn(store, "getResource");
    try {
      expect(t("nav.billing")).toBe(t("nav.billing"));
      expect(t("nav.billing")).toBeTruthy();
      const afterFirst = lookups.mock.calls.length;
      for (let i = 0; i < 5; i++) t("nav.billing");
      expect(lookups.mock.calls.length).toBe(afterFirst);
      // With a value that has not been asked before, i18next is asked again.
      t("footer.copyright", { year: 1999 });
      expect(lookups.mock.calls.length).toBeGreaterThan(afterFirst);
    } finally {
      lookups.mockRestore();
    }
  });

  it("does not keep a call whose values someone typed at length, and still answers it right", async () => {
    const instance = await i18nFor("en");
    const t = instance.getFixedT(null, ["common"]);
    const store = instance.services.resourceStore as unknown as { getResource(...args: unknown[]): unknown };
    const lookups = vi.spyOn(store, "getResource");
    try {
      const long = "x".repeat(5_000);
      expect(t("footer.copyright", { year: long })).toContain(long);
      const afterFirst = lookups.mock.calls.length;
      expect(t("footer.copyright", { year: long })).toContain(long);
      expect(lookups.mock.calls.length).toBeGreaterThan(afterFirst);
    } finally {
      lookups.mockRestore();
    }
  });
});
