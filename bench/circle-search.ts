// `npx tsx bench/circle-search.ts`: the circle directory's search at 10,000 profiles, on embedded
// PGlite and on the real PostgreSQL, through the module's own searchDirectory (Chinese substring,
// pinyin, initials, a skill filter, the match sort). Prints the median and 95th-percentile time per
// query; docs/PERFORMANCE.md records them.
//
//   BENCH_DATABASE_URL  server to create (and drop) a scratch database on
//                       (default postgres://postgres@127.0.0.1:5432/postgres; "none" skips it)
//   BENCH_PROFILES      profiles to create (default 10000)
//   BENCH_RUNS          timed runs per query (default 30)
import postgres from "postgres";
import { circleProfiles, circleProfileSkills, circleSkills, organisations } from "#db/schema/index";
import { searchDirectory } from "~/modules/circle/directory.server";
import type { CircleViewer } from "~/modules/circle/profiles.server";
import { profileSearchText } from "~/modules/circle/search-text";
import { closeDatabase, connectPglite, connectPostgres, getDb, migrateDatabase, setConnection, type Connection } from "~/modules/platform/db.server";
import { demoSkills } from "#db/seed/circle";

const baseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const profileCount = Number(process.env.BENCH_PROFILES ?? 10_000);
const runs = Number(process.env.BENCH_RUNS ?? 30);

const places = ["上海", "杭州", "北京", "深圳", "苏州", ""];
const syllables = "青焰浦江疾风栖梧星渊墨言镜界拾光云帧弈境海派黄河锦绣长宁松江明月清风晨曦远山星河流光".split("");
const kinds = ["动画工作室", "影视有限公司", "微短剧文化传媒", "后期制作中心", "视效科技", "编剧工作室", "智能科技有限公司"];
const works = ["《繁花》", "《星火少年》", "《外滩往事》", "《石库门》", "《云上长安》", "《深海回声》", "《弄堂里的春天》"];

/** A deterministic pseudo-random sequence, so every run builds the same park. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function fill(db: Awaited<ReturnType<typeof getDb>>) {
  const rand = random(42);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  await db.insert(circleSkills).values(demoSkills).onConflictDoNothing();
  const skills = await db.select().from(circleSkills);
  for (let start = 0; start < profileCount; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, profileCount - start) }, (_, i) => {
      const n = start + i;
      const nameZh = n === 0 ? "上海青焰动画工作室" : `${pick(places)}${pick(syllables)}${pick(syllables)}${pick(kinds)}${n}`;
      return { n, nameZh, slug: `bench-${n}`, work: pick(works), offers: [pick(skills), pick(skills)], seeks: [pick(skills)] };
    });
    const orgs = await db
      .insert(organisations)
      .values(batch.map((b) => ({ kind: "tenant", slug: b.slug, nameZh: b.nameZh, nameEn: `Bench Company ${b.n}`, category: "animation" })))
      .returning({ id: organisations.id, slug: organisations.slug });
    const ids = new Map(orgs.map((o) => [o.slug, o.id]));
    await db.insert(circleProfiles).values(
      batch.map((b) => {
        const whatWeDoZh = `${b.nameZh}专注${b.offers.map((s) => s.nameZh).join("与")}，为园区企业提供服务，代表作${b.work}。`;
        return {
          orgId: ids.get(b.slug)!,
          whatWeDoZh,
          categories: ["animation"],
          works: [{ title: b.work }],
          visibility: b.n % 10 === 9 ? "hidden" : "listed",
          publicOptIn: b.n % 3 === 0,
          inParkSince: new Date(Date.now() - b.n * 3_600_000),
          ...profileSearchText({ names: [b.nameZh, `Bench Company ${b.n}`, b.work, ...b.offers.flatMap((s) => [s.nameZh, s.nameEn])], prose: [whatWeDoZh] }),
        };
      }),
    );
    await db
      .insert(circleProfileSkills)
      .values(batch.flatMap((b) => [...b.offers.map((s) => ({ orgId: ids.get(b.slug)!, skillId: s.id, side: "offer" })), ...b.seeks.map((s) => ({ orgId: ids.get(b.slug)!, skillId: s.id, side: "seek" }))]))
      .onConflictDoNothing();
  }
  return { skills, viewerOrgId: (await db.select({ id: organisations.id }).from(organisations).limit(1))[0].id };
}

async function measure(label: string) {
  const db = await getDb();
  const started = performance.now();
  const { skills, viewerOrgId } = await fill(db);
  await db.execute("analyze");
  console.log(`${label}: ${profileCount} profiles written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const member = { kind: "member", member: { org: { id: viewerOrgId, kind: "tenant" } } } as unknown as CircleViewer;
  const visitor: CircleViewer = { kind: "visitor" };
  const grading = skills.find((s) => s.code === "grading")!.id;
  const cases: [string, CircleViewer, Parameters<typeof searchDirectory>[1]][] = [
    ["q=青焰", member, { q: "青焰" }],
    ["q=qingyan", member, { q: "qingyan" }],
    ["q=qy", member, { q: "qy" }],
    ["q=繁花", member, { q: "繁花" }],
    ["q=短剧", member, { q: "短剧" }],
    ["skill=调色, sort=match", member, { skill: grading }],
    ["no query, sort=match", member, {}],
    ["visitor, no query", visitor, {}],
  ];
  const rows: string[] = [];
  for (const [name, viewer, query] of cases) {
    for (let i = 0; i < 3; i++) await searchDirectory(viewer, query);
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      found = (await searchDirectory(viewer, query)).profiles.length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))];
    rows.push(`| ${label} | ${name} | ${found} | ${median.toFixed(1)} | ${p95.toFixed(1)} |`);
  }
  console.log(["| database | query | shown (≤ 50) | median ms | p95 ms |", "|---|---|---|---|---|", ...rows].join("\n"));
}

async function main() {
  const pglite: Connection = await connectPglite();
  setConnection(pglite);
  await migrateDatabase(pglite);
  await measure("PGlite");
  await closeDatabase();

  if (baseUrl === "none") return;
  const name = `haopu_bench_circle_${process.pid}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  try {
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const server = connectPostgres(url.toString(), { max: 4 });
    setConnection(server);
    await migrateDatabase(server);
    await measure("PostgreSQL 15");
    await closeDatabase();
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
