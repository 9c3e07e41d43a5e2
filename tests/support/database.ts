// Per test file: a private copy of the migrated template (a database on the server, a PGlite
// instance in memory). Before each test: every table emptied, so each test starts on clean data.
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import {
  closeDatabase,
  connectPglite,
  connectPostgres,
  pgErrorCode,
  queryRows,
  setConnection,
  type Connection,
} from "~/modules/platform/db.server";
import { setMailer } from "~/modules/platform/mail.server";
import { databaseUrlFor } from "./global-setup";
import { registerModules } from "~/bootstrap.server";

registerModules();

const database = inject("database");
let connection: Connection;
let dropDatabase: (() => Promise<void>) | undefined;
let tables: string[] = [];
export const sentMail: { to: string; subject: string; text: string }[] = [];

/** The URL of this file's database on the real server (race tests open extra connections to it). */
export let testDatabaseUrl: string | undefined;

beforeAll(async () => {
  if (database.kind === "postgres") {
    const name = `haopu_t${randomBytes(4).toString("hex")}_${process.pid}`;
    const admin = connectPostgres(database.url, { max: 1 });
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.db.execute(sql.raw(`create database ${name} template ${database.template}`));
        break;
      } catch (error) {
        // Two files copying the template at the same instant can collide; wait and retry.
        if (attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
      }
    }
    testDatabaseUrl = databaseUrlFor(database.url, name);
    connection = connectPostgres(testDatabaseUrl, { max: 10 });
    dropDatabase = async () => {
      await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await admin.close();
    };
  } else {
    connection = await connectPglite({ loadDataDir: new Blob([fs.readFileSync(database.dumpPath)]) });
  }
  setConnection(connection);
  tables = (
    await queryRows<{ tablename: string }>(connection.db, sql`select tablename from pg_tables where schemaname = 'public'`)
  ).map((r) => r.tablename);
  setMailer({ send: async (m) => void sentMail.push({ to: m.to, subject: m.subject, text: m.text }) });
});

beforeEach(async () => {
  sentMail.length = 0;
  if (!tables.length) return;
  const truncate = sql.raw(`truncate ${tables.map((t) => `"${t}"`).join(", ")} cascade`);
  // On the server, a query the previous test started but did not wait for (the rest of a
  // Promise.all after one part answered 404) can still hold a table the truncate needs; the
  // server then picks one of the two as a deadlock victim. Wait for it to finish and truncate again.
  for (let attempt = 1; ; attempt++) {
    try {
      await connection.db.execute(truncate);
      return;
    } catch (error) {
      if (pgErrorCode(error) !== "40P01" || attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
});

afterAll(async () => {
  await closeDatabase();
  await dropDatabase?.();
});
