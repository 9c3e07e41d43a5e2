// Browser-tab titles follow the reader's language: every part a route names has an English form.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pageTitle, titled, TITLE_PARTS_EN } from "~/i18n/page-titles";

const routesDir = path.resolve("app/routes");
const namedTitles = fs
  .readdirSync(routesDir)
  .flatMap((file) => [...fs.readFileSync(path.join(routesDir, file), "utf8").matchAll(/titled\("([^"]+)"\)/g)].map((m) => [file, m[1]] as const));

describe("page titles", () => {
  it("most pages name their title with titled(), and no route still hard-codes 昊浦汇 in a title", () => {
    expect(namedTitles.length).toBeGreaterThan(40);
    for (const file of fs.readdirSync(routesDir)) {
      const source = fs.readFileSync(path.join(routesDir, file), "utf8");
      expect(source, file).not.toMatch(/title: [`"][^`"]*· 昊浦汇/);
    }
  });

  it.each(namedTitles)("%s: every part of 「%s」 has an English form", (_file, zh) => {
    for (const part of zh.split(" · ")) expect(TITLE_PARTS_EN[part], part).toBeTruthy();
  });

  it("is Chinese by default and English for an English reader, with the site's name", () => {
    expect(pageTitle("企业住房 · 人才公寓", "zh-CN")).toBe("企业住房 · 人才公寓 · 昊浦汇");
    expect(pageTitle("企业住房 · 人才公寓", undefined)).toBe("企业住房 · 人才公寓 · 昊浦汇");
    expect(pageTitle("企业住房 · 人才公寓", "en")).toBe("Company housing · Talent apartments · Haopu Hub");
    // Data (an invoice number, an order's own title) is kept as written.
    expect(pageTitle("HP-2026-0042", "en")).toBe("HP-2026-0042 · Haopu Hub");
  });

  it("reads the language the root loader chose", () => {
    const meta = titled("工作台");
    const matches = (language: string) => [{ id: "root", data: { language } }] as unknown as Parameters<typeof meta>[0]["matches"];
    const args = (language: string) => ({ matches: matches(language) }) as Parameters<typeof meta>[0];
    expect(meta(args("en"))).toEqual([{ title: "Dashboard · Haopu Hub" }]);
    expect(meta(args("zh-CN"))).toEqual([{ title: "工作台 · 昊浦汇" }]);
  });
});
