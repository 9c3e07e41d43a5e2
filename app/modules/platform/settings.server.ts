// Values an installation creates once and keeps in its database (app_settings): the first instance
// to ask writes one, every later ask — from any instance — reads the same.
import { eq } from "drizzle-orm";
import { appSettings } from "#db/schema/index";
import { getDb, type DbOrTx } from "./db.server";

/** The setting under `key`, created with `create()` if the installation has none yet. */
export async function settingOnce(key: string, create: () => string, db?: DbOrTx): Promise<string> {
  const conn = db ?? (await getDb());
  const read = async () => (await conn.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)))[0]?.value;
  const existing = await read();
  if (existing !== undefined) return existing;
  await conn.insert(appSettings).values({ key, value: create() }).onConflictDoNothing();
  return (await read())!;
}
