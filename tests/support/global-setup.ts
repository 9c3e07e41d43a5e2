// Migrates once per run and leaves a template that every test file copies: a template database
// on a real server, a dumped data directory for PGlite.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { connectPglite, connectPostgres, migrateDatabase } from "~/modules/platform/db.server";
import { sql } from "drizzle-orm";

declare module "vitest" {
  export interface ProvidedContext {
    database: { kind: "postgres"; url: string; template: string } | { kind: "pglite"; dumpPath: string };
  }
}

export function databaseUrlFor(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `haopu_tpl_${process.pid}`;
    const admin = connectPostgres(url, { max: 1 });
    await admin.db.execute(sql.raw(`drop database if exists ${template}`));
    await admin.db.execute(sql.raw(`create database ${template}`));
    const conn = connectPostgres(databaseUrlFor(url, template), { max: 1 });
    await migrateDatabase(conn);
    await conn.close();
    project.provide("database", { kind: "postgres", url, template });
    return async () => {
      // Test files drop their own copies; drop the template and anything a crashed run left behind.
      const rows = (await admin.db.execute(
        sql`select datname from pg_database where datname like ${`haopu_t%_${process.pid}%`}`,
      )) as unknown as { datname: string }[];
      for (const { datname } of rows) await admin.db.execute(sql.raw(`drop database if exists ${datname} with (force)`));
      await admin.close();
    };
  }
  const conn = await connectPglite();
  await migrateDatabase(conn);
  const dump = await conn.pglite!.dumpDataDir("none");
  await conn.close();
  const dumpPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "haopu-test-")), "migrated.tar");
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide("database", { kind: "pglite", dumpPath });
  return () => fs.rmSync(path.dirname(dumpPath), { recursive: true, force: true });
}
