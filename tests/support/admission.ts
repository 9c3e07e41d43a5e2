// Test helpers for admission: complete answers for every step, applicants and park reviewers,
// and an application brought to a given state through the module's own functions.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { organisations } from "#db/schema/index";
import { addAttachment, saveDraft, submitApplication } from "~/modules/admission/apply.server";
import type { AnswerStep } from "~/modules/admission/forms";
import { actorFor, createOrg, createUser, sessionCookie, signedInMember, unique } from "./factories";
import { getDb } from "~/modules/platform/db.server";
import { resetConfig } from "~/modules/platform/config.server";
import { usccCheckCharacter } from "~/modules/platform/uscc";

// Uploaded files of this test run go to a temporary directory, never the project's .data/.
process.env.FILES_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "haopu-files-"));
resetConfig();

/** A USCC with a valid check character (GB 32100), and the same with a wrong one. */
export const VALID_USCC = "91310117MA1KJ2G3A" + usccCheckCharacter("91310117MA1KJ2G3A");
export const WRONG_CHECK_USCC = VALID_USCC.slice(0, 17) + (VALID_USCC[17] === "0" ? "1" : "0");
export const meta = { ip: "127.0.0.1", origin: "http://localhost" };

/** Both boxes of the declaration ticked, as the form sends them. */
export const DECLARED = { truthful: "on", privacy: "on" } as const;

export function completeAnswers(overrides: Partial<Record<AnswerStep, Record<string, unknown>>> = {}): Record<AnswerStep, Record<string, unknown>> {
  const name = unique("co");
  return {
    company: {
      registered: "no",
      nameZh: `测试影业 ${name}`,
      nameEn: `Test Pictures ${name}`,
      category: "short_drama",
      description: "竖屏短剧团队。",
      contactName: "测试联系人",
      contactPhone: "13800000000",
      ...overrides.company,
    },
    team: { size: 12, keyPeople: "张三 · 导演", ...overrides.team },
    plan: { projects: "十部短剧。", wantsFromPark: "摄影棚档期。", ...overrides.plan },
    needs: { officeSeats: 10, stageDaysPerMonth: 4, gpuHoursPerMonth: 100, llmMillionTokensPerMonth: 20, apartments: 2, ...overrides.needs },
    attachments: { showreelLinks: "https://example.com/reel", ...overrides.attachments },
  };
}

/** The smallest file that is a PDF by its content. */
export const PDF_BYTES = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
export const HTML_BYTES = new TextEncoder().encode("<!doctype html><html><body><script>alert(1)</script></body></html>");

/** A signed-up person without any organisation, as the applicant pages see them. */
export async function newApplicant(options: { verified?: boolean } = {}) {
  const user = await createUser({ verified: options.verified });
  const cookie = await sessionCookie(user.id, null);
  return { user, cookie, actor: { user: { id: user.id, email: user.email, displayName: user.displayName } } };
}

/** The park (one per database), created on first use. */
async function thePark() {
  const db = await getDb();
  const [park] = await db.select().from(organisations).where(eq(organisations.kind, "park"));
  return park ?? createOrg({ kind: "park", slug: "haopu" });
}

/** A park member with `role`, signed in with the park active. */
export async function parkMember(role = "admissions") {
  const park = await thePark();
  const member = await signedInMember({ orgId: park.id, role });
  return { ...member, actor: await actorFor(member.cookie) };
}

/** Every step answered and a business plan attached; still a draft. */
export async function completedDraft(applicant: { actor: { user: { id: string } } }, overrides: Parameters<typeof completeAnswers>[0] = {}) {
  const answers = completeAnswers(overrides);
  for (const step of ["company", "team", "plan", "needs", "attachments"] as const) {
    await saveDraft(applicant.actor, { step, answers: answers[step], mode: "complete" }, meta);
  }
  await addAttachment(applicant.actor, { kind: "business_plan", filename: "plan.pdf", bytes: PDF_BYTES }, meta);
  return saveDraft(applicant.actor, { step: "attachments", answers: answers.attachments, mode: "complete" }, meta);
}

export async function submittedApplication(overrides: Parameters<typeof completeAnswers>[0] = {}) {
  const applicant = await newApplicant();
  const draft = await completedDraft(applicant, overrides);
  const application = await submitApplication(applicant.actor, draft.id, DECLARED, meta);
  return { applicant, application };
}
