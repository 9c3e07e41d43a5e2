// Two app instances on one database must never write residents' data under two keys: the database
// keeps the check value of the first key; an instance with another refuses to start (decision 013).
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { appSettings } from "#db/schema/index";
import { resetConfig } from "~/modules/platform/config.server";
import { checkPiiKey, decryptPii, encryptPii, resetPiiKey } from "~/modules/platform/crypto.server";
import { getDb } from "~/modules/platform/db.server";

const KEY_A = "a".repeat(64);
const KEY_B = "b".repeat(64);
const original = process.env.PII_KEY;

/** Starts "an instance" with this key: the configuration read afresh, the key loaded afresh. */
function instanceWith(key: string) {
  process.env.PII_KEY = key;
  resetConfig();
  resetPiiKey();
}

afterEach(() => {
  process.env.PII_KEY = original;
  resetConfig();
  resetPiiKey();
});

describe("the PII key check value", () => {
  it("the first instance records its key's check value; the same key starts again", async () => {
    instanceWith(KEY_A);
    await checkPiiKey();
    const db = await getDb();
    const [row] = await db.select().from(appSettings).where(eq(appSettings.key, "pii_key_check"));
    expect(row.value).toMatch(/^[0-9a-f]{64}$/);
    // The check value does not give the key away.
    expect(row.value).not.toContain(KEY_A);
    await expect(checkPiiKey()).resolves.toBeUndefined();
  });

  it("a second instance with a different PII_KEY refuses to start, naming the variable, and writes nothing", async () => {
    instanceWith(KEY_A);
    await checkPiiKey();
    const sealed = encryptPii("张三 310101199003070015");

    instanceWith(KEY_B);
    await expect(checkPiiKey()).rejects.toThrow(/PII_KEY does not match/);
    const db = await getDb();
    expect(await db.select().from(appSettings).where(eq(appSettings.key, "pii_key_check"))).toHaveLength(1);

    // The first key still reads what was written under it.
    instanceWith(KEY_A);
    await checkPiiKey();
    expect(decryptPii(sealed)).toBe("张三 310101199003070015");
  });

  it("instances starting at once agree on one check value", async () => {
    instanceWith(KEY_A);
    await Promise.all([checkPiiKey(), checkPiiKey(), checkPiiKey()]);
    const db = await getDb();
    expect(await db.select().from(appSettings).where(eq(appSettings.key, "pii_key_check"))).toHaveLength(1);
  });
});
