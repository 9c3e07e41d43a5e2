// Rewrites `import … from "#db/schema/index"` in app/ into imports from each capability's own
// schema file, so the dependency check can see which module's tables a file reads.
// Usage: node .ci/split-schema-imports.mjs [files…]  (default: every .ts/.tsx under app/)
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const schemaDir = path.join(root, "db/schema");
const owner = new Map();
for (const file of fs.readdirSync(schemaDir)) {
  if (!file.endsWith(".ts") || file === "index.ts") continue;
  const text = fs.readFileSync(path.join(schemaDir, file), "utf8");
  for (const m of text.matchAll(/^export\s+(?:declare\s+)?(?:const|let|function|type|interface|enum|class)\s+([A-Za-z0-9_$]+)/gm)) {
    owner.set(m[1], file.replace(/\.ts$/, ""));
  }
  for (const m of text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const part of m[1].split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) owner.set(name.replace(/^type\s+/, ""), file.replace(/\.ts$/, ""));
    }
  }
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => path.resolve(f)) : walk(path.join(root, "app"));
let changed = 0;
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  const re = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+"#db\/schema\/index";?\n/g;
  if (!re.test(text)) continue;
  re.lastIndex = 0;
  const next = text.replace(re, (_all, typeOnly, names) => {
    const groups = new Map();
    for (const raw of names.split(",").map((s) => s.trim()).filter(Boolean)) {
      const isType = Boolean(typeOnly) || raw.startsWith("type ");
      const bare = raw.replace(/^type\s+/, "");
      const imported = bare.split(/\s+as\s+/)[0].trim();
      const src = owner.get(imported);
      if (!src) throw new Error(`${path.relative(root, file)}: no schema file exports ${imported}`);
      if (!groups.has(src)) groups.set(src, []);
      groups.get(src).push(isType && !typeOnly ? `type ${bare}` : bare);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([src, list]) => `import ${typeOnly ? "type " : ""}{ ${list.join(", ")} } from "#db/schema/${src}";\n`)
      .join("");
  });
  if (next !== text) {
    fs.writeFileSync(file, next);
    changed++;
  }
}
console.log(`split schema imports in ${changed} file(s)`);
