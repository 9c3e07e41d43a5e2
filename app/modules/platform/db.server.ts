// The one module that owns the database connection: postgres.js to a server when DATABASE_URL is
// set, embedded PGlite otherwise. Nothing else imports a driver.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { sql, type SQL } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "#db/schema/index";
import { config } from "./config.server";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Functions that may run inside a caller's transaction take this. */
export type DbOrTx = Db | Tx;

export interface Connection {
  db: Db;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
  /** Present on PGlite only: tests dump a migrated instance and load it per file. */
  pglite?: PGlite;
  /** Present on a server connection: the migration lock takes its own connection. */
  url?: string;
}

export const projectRoot = findProjectRoot();
const migrationsFolder = path.join(projectRoot, "db", "migrations");

function findProjectRoot() {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export function connectPostgres(url: string, options: { max?: number } = {}): Connection {
  const client = postgres(url, {
    max: options.max ?? config().DB_POOL_MAX,
    onnotice: () => {},
    connection: { TimeZone: "UTC", application_name: "haopu-hub" },
  });
  return {
    db: drizzlePostgres(namedStatements(client), { schema }),
    kind: "postgres",
    close: () => client.end({ timeout: 5 }),
    url,
  };
}

/**
 * drizzle asks postgres.js for an unnamed statement (`prepare: false`) unless a query is given a
 * name, and postgres.js sends an unnamed statement that has parameters in two round trips: it
 * asks the server for the parameters' types first, and stops pipelining while it waits. Named
 * statements, which postgres.js keeps per connection, run in one round trip from their second
 * use: every query of a page costs one round trip instead of two.
 *
 * Each named statement stays in memory on both ends for the connection's life, so only texts
 * that repeat are named: statements without parameters stay unnamed (they already run in one
 * round trip), as do texts carrying inlined data (`jsonLiteral`'s E'…' literals, long texts), and
 * no more than NAMED_STATEMENT_TEXTS different texts per process are ever named.
 */
const NAMED_STATEMENT_TEXTS = 2_000;
const NAMED_STATEMENT_MAX_LENGTH = 8_000;
const namedTexts = new Set<string>();

function shouldName(query: string, parameters: readonly unknown[] | undefined) {
  if (!parameters?.length || query.length > NAMED_STATEMENT_MAX_LENGTH || query.includes("E'")) return false;
  if (namedTexts.has(query)) return true;
  if (namedTexts.size >= NAMED_STATEMENT_TEXTS) return false;
  namedTexts.add(query);
  return true;
}

function namedStatements(client: postgres.Sql): postgres.Sql {
  type Unsafe = postgres.Sql["unsafe"];
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return ((query, parameters, options) =>
          target.unsafe(query, parameters, shouldName(query, parameters) ? { ...options, prepare: true } : options)) as Unsafe;
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const body = args.pop() as (sql: postgres.Sql) => unknown;
          const method = Reflect.get(target, property) as (...a: unknown[]) => unknown;
          return method.call(target, ...args, (sql: postgres.Sql) => body(namedStatements(sql)));
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

export async function connectPglite(options: { dataDir?: string; loadDataDir?: Blob | File } = {}) {
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { btree_gist },
  });
  const connection: Connection = {
    // Both drivers expose the same query builder; the PostgreSQL type is the one we program against.
    db: drizzlePglite(pglite, { schema }) as unknown as Db,
    kind: "pglite",
    close: () => pglite.close(),
    pglite,
  };
  return connection;
}

function defaultPgliteDir() {
  return path.resolve(projectRoot, config().PGLITE_DATA_DIR ?? ".data");
}

let current: Promise<Connection> | undefined;

/** The application's connection, opened on first use. */
export function getConnection(): Promise<Connection> {
  if (!current) {
    const url = config().DATABASE_URL;
    current = url
      ? Promise.resolve(connectPostgres(url))
      : (async () => {
          const dataDir = defaultPgliteDir();
          fs.mkdirSync(dataDir, { recursive: true });
          return connectPglite({ dataDir });
        })();
  }
  return current;
}

export async function getDb(): Promise<Db> {
  return (await getConnection()).db;
}

/** Tests point the application at their own database. */
export function setConnection(connection: Connection) {
  current = Promise.resolve(connection);
}

export async function closeDatabase() {
  const connection = current;
  current = undefined;
  if (connection) await (await connection).close();
}

/** Applies the committed drizzle-kit migrations; several instances starting at once take turns. */
export async function migrateDatabase(connection?: Connection) {
  const conn = connection ?? (await getConnection());
  if (conn.kind === "pglite") {
    await migratePglite(conn.db as never, { migrationsFolder });
    return;
  }
  // Several instances starting at once take turns: a session-level advisory lock, held on a
  // connection of its own so that the pool stays free for drizzle's migration transaction.
  const lock = postgres(conn.url!, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(hashtext('haopu-hub:migrate'))`;
    await migratePostgres(conn.db, { migrationsFolder });
  } finally {
    await lock.end({ timeout: 5 });
  }
}

/** `db.execute` returns an array on postgres.js and `{ rows }` on PGlite; this returns rows on both. */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Several small questions about one thing in one statement (one round trip instead of one each):
 * every question is a scalar subquery written by the module that owns its table.
 */
export async function askTogether<Q extends Record<string, SQL>>(questions: Q, db?: DbOrTx): Promise<{ [K in keyof Q]: Q[K] extends SQL<infer T> ? T : never }> {
  const names = Object.keys(questions);
  const columns = sql.join(
    names.map((name, i) => sql`(${questions[name]}) as ${sql.identifier(`q${i}`)}`),
    sql`, `,
  );
  const [row] = await queryRows<Record<string, unknown>>(db ?? (await getDb()), sql`select ${columns}`);
  return Object.fromEntries(names.map((name, i) => [name, row[`q${i}`]])) as { [K in keyof Q]: Q[K] extends SQL<infer T> ? T : never };
}

/** The PostgreSQL error code of a (possibly drizzle-wrapped) database error. */
export function pgErrorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const c = (e as { constraint_name?: unknown; constraint?: unknown }).constraint_name ?? (e as { constraint?: unknown }).constraint;
    if (typeof c === "string") return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
