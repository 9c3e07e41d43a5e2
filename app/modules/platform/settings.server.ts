// Values an installation creates once and keeps in its database (app_settings): the first instance
// to ask writes one, every later ask — from any instance — reads the same. Secrets made here are
// random per installation, never constants in the code.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { appSettings } from "#db/schema/platform";
import { getDb, type DbOrTx } from "./db.server";

/** The setting under `key`, created with `create()` if the installation has none yet; the first writer wins. */
export async function settingOnce(key: string, create: () => string, db?: DbOrTx): Promise<string> {
  const conn = db ?? (await getDb());
  const read = async () => (await conn.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)))[0]?.value;
  const existing = await read();
  if (existing !== undefined) return existing;
  await conn.insert(appSettings).values({ key, value: create() }).onConflictDoNothing();
  const value = await read();
  if (value === undefined) throw new Error(`the setting ${key} could not be stored`);
  return value;
}

const secrets = new Map<string, Promise<string>>();

/** A random 256-bit secret for one purpose (e.g. "cart-cookie"), created once per installation and kept in memory after. */
export function installationSecret(purpose: string): Promise<string> {
  let secret = secrets.get(purpose);
  if (!secret) {
    secret = settingOnce(`secret:${purpose}`, () => randomBytes(32).toString("base64url"));
    secrets.set(purpose, secret);
    secret.catch(() => secrets.delete(purpose));
  }
  return secret;
}
