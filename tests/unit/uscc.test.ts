import { describe, expect, it } from "vitest";
import { demoUscc } from "#db/seed/codes";
import { isValidUscc, usccCheckCharacter } from "~/modules/platform/uscc";

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const VALID = "91350100M000100Y43";
// Some organisation-code parts used by the demo park (db/seed/codes.ts, `demoUscc`): Songjiang
// district, enterprise.
const demoOrgCodes = ["MA1QY0A2B", "MA1PJ3D4C", "MA1JF5E6D", "MA1XY9G0F", "MA1HH3Q4N", "MA1WG5L6J", "MA1YW7M8K", "MA7WX1A2B"];

describe("the Unified Social Credit Code", () => {
  it("accepts a published real-world code", () => {
    expect(isValidUscc(VALID)).toBe(true);
    expect(usccCheckCharacter(VALID.slice(0, 17))).toBe("3");
  });

  it.each(demoOrgCodes)("accepts the demo company code made from %s", (orgCode) => {
    const code = demoUscc(orgCode);
    expect(code).toHaveLength(18);
    expect(isValidUscc(code)).toBe(true);
  });

  it("a code using a letter GB 32100 leaves out (I, O, S, V, Z) has no check character, and the demo seed refuses it", () => {
    for (const letter of "IOSVZ") expect(usccCheckCharacter(`91310117MA1${letter}G5L6J`), letter).toBeNull();
    expect(() => demoUscc("MA1SG5L6J")).toThrow(/not a valid organisation code/);
  });

  it("refuses every wrong check character", () => {
    const body = VALID.slice(0, 17);
    for (const wrong of ALPHABET.replace(VALID[17], "")) expect(isValidUscc(body + wrong), body + wrong).toBe(false);
  });

  it("refuses a code with one character of the body changed", () => {
    // A typo in the body changes the check character (the weights are all coprime to 31).
    for (let i = 0; i < 17; i++) {
      const replacement = VALID[i] === "1" ? "2" : "1";
      const typo = VALID.slice(0, i) + replacement + VALID.slice(i + 1);
      expect(isValidUscc(typo), typo).toBe(false);
    }
  });

  it("accepts lowercase letters and surrounding spaces, as people type them", () => {
    expect(isValidUscc(VALID.toLowerCase())).toBe(true);
    expect(isValidUscc(`  ${VALID} `)).toBe(true);
  });

  it.each(["I", "O", "Z", "S", "V"])("refuses the letter %s anywhere, whatever the check character", (letter) => {
    const withLetter = `${VALID.slice(0, 8)}${letter}${VALID.slice(9, 17)}`;
    expect(usccCheckCharacter(withLetter)).toBeNull();
    for (const check of ALPHABET + letter) expect(isValidUscc(withLetter + check)).toBe(false);
    // …and as the check character itself.
    expect(isValidUscc(VALID.slice(0, 17) + letter)).toBe(false);
  });

  it.each([
    ["empty", ""],
    ["17 characters", VALID.slice(0, 17)],
    ["19 characters", `${VALID}0`],
    ["a space inside", `${VALID.slice(0, 9)} ${VALID.slice(9, 17)}`],
    ["a hyphen", `${VALID.slice(0, 9)}-${VALID.slice(10)}`],
    ["full-width digits", "９１３５０１００Ｍ０００１００Ｙ４３"],
  ])("refuses %s", (_label, code) => {
    expect(isValidUscc(code)).toBe(false);
  });

  it("computes no check character for a body of the wrong length", () => {
    expect(usccCheckCharacter(VALID.slice(0, 16))).toBeNull();
    expect(usccCheckCharacter(VALID)).toBeNull();
  });
});
