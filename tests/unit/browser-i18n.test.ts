// The browser's stand-in for i18next (~/i18n/browser-i18n) says what i18next says: every key of
// both catalogues, every plural at several counts, with the variables given, missing or undefined,
// and the odd calls (missing keys, defaults, "ns:key", a subtree asked for as a string). A
// difference would show as a hydration mismatch, the server having rendered with i18next.
import i18next, { type TFunction } from "i18next";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { BrowserI18n } from "~/i18n/browser-i18n";
import { i18nConfig, supportedLanguages } from "~/i18n/config";
import { resources } from "~/i18n/resources.server";

type Tree = { [key: string]: unknown };

/** Every leaf's key as code asks for it: "a.b.c", including keys that themselves hold a dot. */
function leaves(tree: Tree, prefix = ""): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const full = prefix ? `${prefix}.${key}` : key;
    return value && typeof value === "object" ? leaves(value as Tree, full) : [[full, value] as [string, unknown]];
  });
}

const variablesOf = (text: string) => [...new Set([...text.matchAll(/\{\{-?(.+?)\}\}/g)].map((m) => m[1].trim()))];

/** i18next as the browser configured it before the stand-in (entry.client.tsx). */
async function i18nextFor(language: string) {
  const instance = i18next.createInstance();
  await instance.init({ ...i18nConfig, lng: language, resources: { [language]: { common: resources[language as "en"].common } }, partialBundledLanguages: true, fallbackLng: false });
  return instance;
}

describe.each(supportedLanguages)("the browser's translations in %s", (language) => {
  const catalogue = resources[language].common as Tree;
  let expected: TFunction;
  let actual: TFunction;
  let stand: BrowserI18n;
  beforeAll(async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const real = await i18nextFor(language);
    expected = real.getFixedT(null, "common");
    stand = new BrowserI18n(language, catalogue, () => Promise.reject(new Error("not in this test")));
    actual = stand.getFixedT(null, "common") as unknown as TFunction;
  });
  const same = (key: unknown, ...args: unknown[]) => {
    const call = (t: TFunction) => (t as unknown as (...a: unknown[]) => unknown)(key, ...args);
    expect(call(actual), JSON.stringify([key, ...args])).toEqual(call(expected));
  };

  it("uses none of i18next's features the stand-in leaves out", () => {
    for (const [key, value] of leaves(catalogue)) {
      expect(typeof value, key).toBe("string");
      expect(value as string, key).not.toContain("$t(");
      for (const variable of variablesOf(value as string)) expect(variable, key).not.toContain(",");
    }
  });

  it("gives every key as i18next does, with its variables given, numbers, missing or undefined", () => {
    const keys = leaves(catalogue);
    expect(keys.length).toBeGreaterThan(1000);
    for (const [key, value] of keys) {
      const variables = variablesOf(value as string);
      same(key);
      same(key, Object.fromEntries(variables.map((v) => [v, `‹${v} $1 {{x}}›`])));
      same(key, Object.fromEntries(variables.map((v, i) => [v, i * 7])));
      same(key, Object.fromEntries(variables.map((v) => [v, undefined])));
      same(key, Object.fromEntries(variables.map((v) => [v, null])));
    }
  });

  it("chooses plurals as i18next does", () => {
    const plurals = new Set(leaves(catalogue).flatMap(([key]) => (/_(zero|one|two|few|many|other)$/.test(key) ? [key.replace(/_[a-z]+$/, "")] : [])));
    expect(plurals.size).toBeGreaterThan(10);
    for (const key of plurals) for (const count of [0, 1, 2, 5, 21, 1.5, -1, "3"]) same(key, { count, n: 4, amount: "¥1" });
  });

  it("answers odd calls as i18next does", () => {
    for (const key of ["no.such.key", "compute", "compute.buy", "", "common:compute.unit", "other:compute.unit", "a:b:c", "Not a key: a sentence", "x.y z:w", "audit.actions.housing.rent_billed", "audit.actions.housing"]) {
      same(key);
      same(key, "a default {{v}}", { v: 1 });
      same(key, { defaultValue: "default {{v}}", v: "x" });
      same(key, { defaultValue_one: "one", defaultValue_other: "other", defaultValue_zero: "zero", count: 0 });
      same(key, { defaultValue_one: "one", count: 2 });
    }
    same(undefined);
    same(null);
    same(42);
    same("compute.unit", { replace: { x: 1 } });
    same("common.working", { context: "male" });
    expect(stand.exists("compute.unit")).toBe(true);
    expect(stand.exists("compute.nope")).toBe(false);
  });
});

describe("switching language in the browser", () => {
  it("fetches the other catalogue once, then tells react-i18next", async () => {
    const load = vi.fn(async (language: string) => resources[language as "en"].common as Tree);
    const stand = new BrowserI18n("zh-CN", resources["zh-CN"].common, load);
    const t = stand.getFixedT(null, "common");
    const changed = vi.fn();
    stand.on("languageChanged", changed);
    const zhUnit = t("compute.unit");
    await stand.changeLanguage("en");
    expect([stand.language, stand.languages]).toEqual(["en", ["en"]]);
    expect(changed).toHaveBeenCalledWith("en");
    expect(t("compute.unit")).toBe(resources.en.common.compute.unit);
    await stand.changeLanguage("zh-CN");
    await stand.changeLanguage("en");
    expect(t("compute.unit")).toBe(resources.en.common.compute.unit);
    expect(zhUnit).toBe(resources["zh-CN"].common.compute.unit);
    expect(load).toHaveBeenCalledTimes(1);
    stand.off("languageChanged", changed);
    await stand.changeLanguage("zh-CN");
    expect(changed).toHaveBeenCalledTimes(3);
  });

  it("keeps the language it has when the other catalogue cannot be fetched", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const stand = new BrowserI18n("zh-CN", resources["zh-CN"].common, () => Promise.reject(new Error("offline")));
    await stand.changeLanguage("en");
    expect(stand.language).toBe("zh-CN");
  });
});
