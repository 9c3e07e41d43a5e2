// The resident identity card number (公民身份号码, GB 11643-1999): 17 digits — region, birth date,
// sequence — and a check character (0–9 or X) from ISO 7064 MOD 11-2.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** The check character for the first 17 digits, or null when they are not 17 digits. */
export function residentIdCheckCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Upper-cases a trailing x and drops spaces, the way people type it. */
export function normaliseResidentId(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

/** 18 characters, a real birth date, and the right check character. */
export function isValidResidentId(value: string): boolean {
  const id = normaliseResidentId(value);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const [year, month, day] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number);
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth.getTime() > Date.now()) return false;
  return residentIdCheckCharacter(id.slice(0, 17)) === id[17];
}

/** `3101**********1234`: the first four and last four characters, the rest hidden. */
export function maskResidentId(value: string): string {
  const id = normaliseResidentId(value);
  return id.length <= 8 ? "*".repeat(id.length) : `${id.slice(0, 4)}${"*".repeat(id.length - 8)}${id.slice(-4)}`;
}

/** `138****5678` */
export function maskPhone(value: string): string {
  const digits = value.replace(/\s+/g, "");
  return digits.length <= 7 ? "*".repeat(digits.length) : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** `张*` / `欧阳**` / `J*** Smith` → keeps the first character only. */
export function maskName(value: string): string {
  const name = value.trim();
  return name.length <= 1 ? "*" : `${name[0]}${"*".repeat(Math.min(name.length - 1, 3))}`;
}
