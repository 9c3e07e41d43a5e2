import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config } from "./config.server";
import { projectRoot, type DbOrTx } from "./db.server";
import { settingOnce } from "./settings.server";

/** A URL-safe random token with 256 bits of entropy; only its hash is stored. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

// Personal information (residents' names, ID numbers, phones) is stored encrypted with AES-256-GCM.
// The key is PII_KEY (32 bytes, base64 or hex). Without one — the embedded database on a laptop —
// a random key is created once in `.data/pii.key` (mode 0600) beside the data it protects.
let piiKey: Buffer | undefined;

function loadPiiKey(): Buffer {
  if (piiKey) return piiKey;
  const configured = config().PII_KEY;
  if (configured) {
    const key = /^[0-9a-f]{64}$/i.test(configured) ? Buffer.from(configured, "hex") : Buffer.from(configured, "base64");
    if (key.length !== 32) throw new Error("PII_KEY must be 32 bytes, written as 64 hex digits or base64");
    piiKey = key;
    return key;
  }
  const file = path.join(projectRoot, ".data", "pii.key");
  if (fs.existsSync(file)) {
    piiKey = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  } else {
    piiKey = randomBytes(32);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, piiKey.toString("base64"), { mode: 0o600, flag: "wx" });
  }
  return piiKey;
}

/** A value that identifies the key without revealing it: an HMAC of a fixed label under the key. */
function piiKeyCheckValue(key: Buffer) {
  return createHmac("sha256", key).update("haopu-hub pii key check v1").digest("hex");
}

/**
 * At start-up, before anything is encrypted: the database keeps the check value of the key its
 * residents' data is encrypted with, written by the first instance to start. An instance with
 * another key — a second server whose PII_KEY differs, or one that made itself a key because
 * PII_KEY was unset — refuses to start instead of writing data no other instance can read
 * (decision 013).
 */
export async function checkPiiKey(db?: DbOrTx) {
  const mine = piiKeyCheckValue(loadPiiKey());
  const recorded = await settingOnce("pii_key_check", () => mine, db);
  if (recorded !== mine) {
    throw new Error(
      "PII_KEY does not match the key this database's residents' data is encrypted with (its check value differs). " +
        "Start this instance with the same PII_KEY as the instances already using the database.",
    );
  }
}

/** Tests that change PII_KEY call this to re-read it. */
export function resetPiiKey() {
  piiKey = undefined;
}

/** `v1.<iv>.<tag>.<ciphertext>` in base64url; a fresh IV every time. */
export function encryptPii(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", loadPiiKey(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptPii(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not an encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", loadPiiKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
