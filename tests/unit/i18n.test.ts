// The two catalogues stay in step, and every key the code asks for exists: a missing key shows a
// raw "members.invited" to the person instead of a sentence.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "~/i18n/locales/en";
import zhCN from "~/i18n/locales/zh-CN";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const zh = flatten(zhCN as Tree);
const english = flatten(en as Tree);
const pluralSuffixes = ["", "_zero", "_one", "_two", "_few", "_many", "_other"];

/** A key the code asks for exists when it, or one of its plural forms, is in the catalogue. */
function hasKey(catalogue: Map<string, string>, key: string) {
  return pluralSuffixes.some((suffix) => catalogue.has(key + suffix));
}

const placeholders = (text: string) => new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]));

const appDir = path.resolve(import.meta.dirname, "../../app");
function sourceFiles(dir: string, extensions: string[]): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full, extensions);
    return extensions.some((e) => entry.name.endsWith(e)) ? [full] : [];
  });
}
const relative = (file: string) => path.relative(appDir, file);

/** Every `[file, key]` where `pattern`'s first group is a literal catalogue key. */
function keysUsed(files: string[], pattern: RegExp): [string, string][] {
  return files.flatMap((file) => {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(pattern)].map((m) => [relative(file), m[1]] as [string, string]);
  });
}

/** The text of each `name({ ... })` call: from the call to the first `});` after it. */
function callBodies(files: string[], name: string): [string, string][] {
  return files.flatMap((file) => {
    const text = fs.readFileSync(file, "utf8");
    const bodies: [string, string][] = [];
    for (const m of text.matchAll(new RegExp(`\\b${name}\\(`, "g"))) {
      const end = text.indexOf("});", m.index);
      bodies.push([relative(file), text.slice(m.index, end < 0 ? undefined : end)]);
    }
    return bodies;
  });
}

describe("the zh-CN and en catalogues", () => {
  it("have exactly the same keys", () => {
    const missingInEn = [...zh.keys()].filter((k) => !english.has(k));
    const missingInZh = [...english.keys()].filter((k) => !zh.has(k));
    expect(missingInEn, "keys in zh-CN but not in en").toEqual([]);
    expect(missingInZh, "keys in en but not in zh-CN").toEqual([]);
    expect(zh.size).toBeGreaterThan(100);
  });

  it("address the reader as 你 throughout, never 您 (one voice across the app)", () => {
    const formal = [...zh].filter(([, text]) => text.includes("您")).map(([key]) => key);
    expect(formal).toEqual([]);
  });

  it("have no empty strings", () => {
    const empty = [...zh, ...english].filter(([, text]) => text.trim() === "").map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it("keep every {{placeholder}} of a Chinese string in its English string", () => {
    const lost: string[] = [];
    for (const [key, zhText] of zh) {
      const enPlaceholders = placeholders(english.get(key) ?? "");
      for (const name of placeholders(zhText)) if (!enPlaceholders.has(name)) lost.push(`${key}: {{${name}}}`);
    }
    expect(lost).toEqual([]);
  });

  it("use no placeholder in English that the Chinese string does not have", () => {
    // Such a placeholder is filled by no caller that was written against the Chinese source.
    const extra: string[] = [];
    for (const [key, enText] of english) {
      const zhPlaceholders = placeholders(zh.get(key) ?? "");
      for (const name of placeholders(enText)) if (!zhPlaceholders.has(name)) extra.push(`${key}: {{${name}}}`);
    }
    expect(extra).toEqual([]);
  });
});

describe("keys used by the code", () => {
  const tsx = sourceFiles(appDir, [".tsx"]);
  const allSource = sourceFiles(appDir, [".ts", ".tsx"]).filter((f) => !f.includes(`${path.sep}locales${path.sep}`));

  it("finds the source it scans (guards against a scan that silently sees nothing)", () => {
    expect(tsx.length).toBeGreaterThan(15);
    expect(keysUsed(tsx, /\bt\(\s*(["'])([^"'`\n]+)\1/g).length).toBeGreaterThan(100);
  });

  it('every literal t("…") key in a .tsx file exists in zh-CN', () => {
    // Template literals (t(`roles.${role}`)) are dynamic and skipped; literal keys must exist.
    const used = tsx.flatMap((file) => {
      const text = fs.readFileSync(file, "utf8");
      return [...text.matchAll(/\bt\(\s*(["'])([^"'`\n]+)\1/g)].map((m) => [relative(file), m[2]] as [string, string]);
    });
    const missing = used.filter(([, key]) => !hasKey(zh, key)).map(([file, key]) => `${file}: ${key}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it("every error message key, navigation label and form notice exists in zh-CN", () => {
    const used = [
      // A prefix tested with startsWith("errors.file") is not a key.
      ...keysUsed(allSource, /(?<!startsWith\(\s*)["'](errors\.[\w.]+)["']/g),
      ...keysUsed(allSource, /labelKey:\s*["']([\w.]+)["']/g),
      ...keysUsed(allSource, /encodeMessage\(\s*["']([\w.]+)["']/g),
      // A notice key is namespaced (registration.desk.done.advanced); a bare word ("saved") is a state the page translates.
      ...keysUsed(allSource, /done:\s*["'](\w+\.[\w.]+)["']/g),
    ];
    expect(used.length).toBeGreaterThan(20);
    const missing = used.filter(([, key]) => !hasKey(zh, key)).map(([file, key]) => `${file}: ${key}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it("every audit action the code records has a label in the audit log", () => {
    const actions = callBodies(allSource, "recordAudit").flatMap(([file, body]) => {
      // The action may be a conditional: every dotted name on the `action:` line counts.
      const line = body.match(/action:([^\n]*)/)?.[1] ?? "";
      return [...line.matchAll(/["']([a-z_]+\.[a-z_.]+)["']/g)].map((m) => [file, m[1]] as [string, string]);
    });
    expect(actions.map(([, a]) => a)).toEqual(expect.arrayContaining(["invitation.created", "membership.left", "membership.removed"]));
    const missing = actions.filter(([, action]) => !zh.has(`audit.actions.${action}`)).map(([file, a]) => `${file}: ${a}`);
    expect(missing).toEqual([]);
  });

  it("every notification the code sends has a sentence in the catalogue", () => {
    const kinds = callBodies(allSource, "notify")
      .map(([file, body]) => [file, body.match(/kind:\s*["']([\w.]+)["']/)?.[1]] as const)
      .filter((pair): pair is [string, string] => Boolean(pair[1]));
    expect(kinds.length).toBeGreaterThanOrEqual(2);
    const missing = kinds.filter(([, kind]) => !zh.has(`notification.${kind}`)).map(([file, k]) => `${file}: ${k}`);
    expect(missing).toEqual([]);
  });
});
