// Per-installation values kept in the database (`app_settings`): secrets are created at random on
// first use and then shared by every app instance on this database — never constants in the code.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { appSettings } from "#db/schema/index";
import { getDb } from "./db.server";

/** The value stored under `key`, created by `create()` the first time; the first writer wins. */
export async function settingCreatedOnce(key: string, create: () => string): Promise<string> {
  const db = await getDb();
  const read = async () => (await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)))[0]?.value;
  const existing = await read();
  if (existing !== undefined) return existing;
  await db.insert(appSettings).values({ key, value: create() }).onConflictDoNothing();
  const value = await read();
  if (value === undefined) throw new Error(`the setting ${key} could not be stored`);
  return value;
}

const secrets = new Map<string, Promise<string>>();

/** A random 256-bit secret for one purpose (e.g. "cart-cookie"), created once per installation. */
export function installationSecret(purpose: string): Promise<string> {
  let secret = secrets.get(purpose);
  if (!secret) {
    secret = settingCreatedOnce(`secret:${purpose}`, () => randomBytes(32).toString("base64url"));
    secrets.set(purpose, secret);
    secret.catch(() => secrets.delete(purpose));
  }
  return secret;
}
