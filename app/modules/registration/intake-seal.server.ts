// Resident ID numbers and phones are stored encrypted inside the intake's JSON: sealed on the way
// in, opened on the way out.
import { decryptPii, encryptPii } from "~/modules/platform/crypto.server";

function mapPeople(intake: Record<string, unknown>, fn: (value: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...intake };
  const shareholders = intake.shareholders as { shareholders?: Record<string, unknown>[] } | undefined;
  if (shareholders?.shareholders) {
    out.shareholders = {
      ...shareholders,
      shareholders: shareholders.shareholders.map((s) => (typeof s.idNumber === "string" && s.idNumber ? { ...s, idNumber: fn(s.idNumber) } : s)),
    };
  }
  const officers = intake.officers as Record<string, Record<string, unknown> | undefined> | undefined;
  if (officers) {
    const next: Record<string, unknown> = { ...officers };
    for (const [role, person] of Object.entries(officers)) {
      if (!person || typeof person !== "object") continue;
      next[role] = {
        ...person,
        ...(typeof person.idNumber === "string" && person.idNumber ? { idNumber: fn(person.idNumber) } : {}),
        ...(typeof person.phone === "string" && person.phone ? { phone: fn(person.phone) } : {}),
      };
    }
    out.officers = next;
  }
  return out;
}

const sealed = (value: string) => value.startsWith("v1.");
export const sealIntake = (intake: Record<string, unknown>) => mapPeople(intake, (v) => (sealed(v) ? v : encryptPii(v)));
/** The intake as the applicant typed it (values stored before encryption pass through). */
export const openIntake = (intake: Record<string, unknown>) => mapPeople(intake ?? {}, (v) => (sealed(v) ? decryptPii(v) : v));
