// Residents' personal information: sealed at rest, unreadable without the key, absent from logs.
import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { resetConfig } from "~/modules/platform/config.server";
import { decryptPii, encryptPii, resetPiiKey } from "~/modules/platform/crypto.server";
import { loggerOptions } from "~/modules/platform/logger.server";

const idNumber = "11010519491231002X";

afterEach(() => {
  resetConfig();
  resetPiiKey();
});

describe("PII encryption", () => {
  it("round-trips and never stores the plain text", () => {
    const sealed = encryptPii(idNumber);
    expect(sealed).not.toContain(idNumber);
    expect(sealed).not.toContain("1101");
    expect(decryptPii(sealed)).toBe(idNumber);
  });

  it("uses a fresh IV every time, so equal IDs do not look equal", () => {
    expect(encryptPii(idNumber)).not.toBe(encryptPii(idNumber));
  });

  it("refuses a tampered value instead of returning garbage", () => {
    const sealed = encryptPii(idNumber);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3], "base64url");
    body[0] ^= 1;
    parts[3] = body.toString("base64url");
    expect(() => decryptPii(parts.join("."))).toThrow();
  });

  it("cannot be read with another key", () => {
    const sealed = encryptPii(idNumber);
    const original = process.env.PII_KEY;
    process.env.PII_KEY = "ab".repeat(32);
    resetConfig();
    resetPiiKey();
    try {
      expect(() => decryptPii(sealed)).toThrow();
    } finally {
      process.env.PII_KEY = original;
    }
  });

  it("refuses a key of the wrong length", () => {
    const original = process.env.PII_KEY;
    process.env.PII_KEY = "abcd";
    resetConfig();
    resetPiiKey();
    try {
      expect(() => encryptPii(idNumber)).toThrow(/PII_KEY/);
    } finally {
      process.env.PII_KEY = original;
    }
  });
});

describe("logs", () => {
  it("redact resident ID numbers and phones wherever an input is logged", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ ...loggerOptions, level: "info" }, sink);
    logger.info({ input: { idNumber, phone: "13800138000", residents: [{ idNumber, phone: "13800138000" }] }, idNumber }, "application");
    logger.info({ residents: [{ idNumber }] }, "residents");
    const output = lines.join("");
    expect(lines).toHaveLength(2);
    expect(output).not.toContain(idNumber);
    expect(output).not.toContain("13800138000");
    expect(output).toContain("[Redacted]");
  });
});
