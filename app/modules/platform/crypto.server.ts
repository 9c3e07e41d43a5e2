import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config } from "./config.server";
import { projectRoot } from "./db.server";

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
