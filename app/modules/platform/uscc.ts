// The Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from a
// 31-character alphabet, the last a weighted check character.
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if they use characters outside the alphabet. */
export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export function isValidUscc(code: string): boolean {
  const normalised = code.trim().toUpperCase();
  if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(normalised)) return false;
  return usccCheckCharacter(normalised.slice(0, 17)) === normalised[17];
}
