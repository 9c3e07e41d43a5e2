// Test helpers for company registration: valid resident IDs and USCCs, complete intake answers
// for each kind of case, desk members, the park's address pool, and a case brought to a given
// point through the module's own functions (so the helpers obey the same rules as a person).
import { registrationAddresses, type RegistrationCaseType } from "#db/schema/index";
import { getDb } from "~/modules/platform/db.server";
import { residentIdCheckCharacter } from "~/modules/platform/resident-id";
import { usccCheckCharacter } from "~/modules/platform/uscc";
import type { RegistrationActor } from "~/modules/registration/access.server";
import { advanceCase } from "~/modules/registration/advance-case.server";
import { getCase } from "~/modules/registration/get-case.server";
import { openCase } from "~/modules/registration/open-case.server";
import { saveIntakeStep } from "~/modules/registration/save-step.server";
import { submitIntake } from "~/modules/registration/submit-case.server";
import { documentChecklist } from "~/modules/registration/checklist";
import { uploadDocument } from "~/modules/registration/documents.server";
import { stepsForCaseType, type IntakeStep } from "~/modules/registration/intake";
import { stepsFor, type RegistrationStatus } from "~/modules/registration/workflow";
import { HTML_BYTES, newApplicant, parkMember, PDF_BYTES, VALID_USCC, WRONG_CHECK_USCC } from "./admission";

export { HTML_BYTES, PDF_BYTES, VALID_USCC, WRONG_CHECK_USCC };

/** A valid resident ID number (GB 11643) for the n-th test person: Shanghai, born 1990-01-01. */
export function residentId(n = 1): string {
  const first17 = `31010119900101${String(n % 1000).padStart(3, "0")}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** The same number with a wrong check character. */
export function wrongCheckResidentId(n = 1): string {
  const valid = residentId(n);
  return valid.slice(0, 17) + (valid[17] === "0" ? "1" : "0");
}

/** Another valid USCC (a company shareholder), different from VALID_USCC. */
export const SHAREHOLDER_USCC = "91310000MA1FL8XQ3" + usccCheckCharacter("91310000MA1FL8XQ3");

/** Complete answers for every step this kind of case asks, as a page would send them. */
export function completeIntake(caseType: RegistrationCaseType = "limited", overrides: Partial<Record<IntakeStep, Record<string, unknown>>> = {}) {
  const person = (n: number, name: string) => ({ name, idNumber: residentId(n), phone: `1380000${String(n).padStart(4, "0")}` });
  const byType: Record<RegistrationCaseType, Partial<Record<IntakeStep, Record<string, unknown>>>> = {
    limited: {
      names: { candidates: ["上海星河影视文化有限公司", "上海银河影视传媒有限公司"] },
      scope: { items: ["film_shooting", "video_production", "ai_application_software"], freeText: "" },
      capital: { capitalWan: "100" },
      shareholders: {
        shareholders: [
          { kind: "person", name: "张三", idNumber: residentId(1), sharePercent: "60", subscribedWan: "60", paymentDueOn: "2028-12-31" },
          { kind: "person", name: "李四", idNumber: residentId(2), sharePercent: "40", subscribedWan: "40", paymentDueOn: "2028-12-31" },
        ],
      },
      officers: { legalRep: person(1, "张三"), supervisor: person(2, "李四"), finance: person(3, "王五") },
      address: { kind: "own", ownAddress: "上海市松江区车墩镇影视路 8 号 2 幢 301 室" },
    },
    sole_proprietorship: {
      names: { candidates: ["上海星河影视工作室（个人独资）"] },
      scope: { items: ["literary_creation"], freeText: "" },
      capital: { capitalWan: "10" },
      shareholders: { shareholders: [{ kind: "person", name: "张三", idNumber: residentId(1) }] },
      officers: { legalRep: person(1, "张三"), finance: person(3, "王五") },
      address: { kind: "own", ownAddress: "上海市松江区车墩镇影视路 8 号 2 幢 302 室" },
    },
    individual: {
      names: { candidates: ["上海星河影视工作室"] },
      scope: { items: ["video_production"], freeText: "" },
      shareholders: { shareholders: [{ kind: "person", name: "张三", idNumber: residentId(1) }] },
      officers: { legalRep: person(1, "张三") },
      address: { kind: "own", ownAddress: "上海市松江区车墩镇影视路 8 号 2 幢 303 室" },
    },
    relocation: {
      names: { candidates: ["上海星河影视文化有限公司"], currentUscc: SHAREHOLDER_USCC },
      scope: { items: ["film_shooting"], freeText: "" },
      officers: { legalRep: person(1, "张三"), supervisor: person(2, "李四"), finance: person(3, "王五") },
      address: { kind: "own", ownAddress: "上海市松江区车墩镇影视路 8 号 2 幢 304 室" },
    },
  };
  const answers = byType[caseType];
  for (const [step, values] of Object.entries(overrides)) answers[step as IntakeStep] = { ...answers[step as IntakeStep], ...values };
  return answers;
}

/** A signed-up person with no organisation (an applicant or a founder). */
export const newFounder = newApplicant;

/** A park member running the registration desk (role `registration`), signed in with the park active. */
export function deskMember(role = "registration") {
  return parkMember(role);
}

/** Adds `n` free addresses to the park's pool. */
export async function addParkAddresses(n: number, prefix = "上海市松江区车墩镇影视路 88 号") {
  const db = await getDb();
  const values = Array.from({ length: n }, (_, i) => ({ addressZh: `${prefix} ${i + 1} 室`, addressEn: `Room ${i + 1}, 88 Yingshi Road, Chedun, Songjiang, Shanghai` }));
  return values.length ? db.insert(registrationAddresses).values(values).returning() : [];
}

/** Uploads a small PDF against a checklist item. */
export function uploadPdf(actor: RegistrationActor, caseId: string, requirement: string, filename = "scan.pdf") {
  return uploadDocument(actor, caseId, requirement, { filename, bytes: PDF_BYTES });
}

export interface CaseOptions {
  caseType?: RegistrationCaseType;
  /** The person opening it; a new founder when left out. */
  owner?: { actor: RegistrationActor; user: { id: string }; cookie?: string };
  orgId?: string;
  overrides?: Partial<Record<IntakeStep, Record<string, unknown>>>;
  /** Upload every document the applicant owes (default true). */
  documents?: boolean;
}

/** A case in `intake` with every step answered (and, by default, the applicant's documents uploaded). */
export async function caseWithCompleteIntake(options: CaseOptions = {}) {
  const caseType = options.caseType ?? "limited";
  const owner = options.owner ?? (await newApplicant());
  const opened = await openCase(owner.actor, { caseType, orgId: options.orgId });
  const answers = completeIntake(caseType, options.overrides);
  for (const step of stepsForCaseType(caseType)) {
    const saved = await saveIntakeStep(owner.actor, opened.id, step, answers[step]);
    if (!saved.ok) throw new Error(`the ${step} answers of the test case are refused: ${JSON.stringify(saved.errors)}`);
  }
  if (options.documents !== false) {
    const { intake } = await getCase(owner.actor, opened.id);
    for (const item of documentChecklist(caseType, intake)) {
      if (item.owner === "applicant" && item.required) await uploadPdf(owner.actor, opened.id, item.requirement, `${item.requirement.replace(/:/g, "-")}.pdf`);
    }
  }
  return { owner, caseId: opened.id, number: opened.number, caseType };
}

/** A case the applicant submitted: now `materials_complete`, with the desk. */
export async function submittedCase(options: CaseOptions = {}) {
  const prepared = await caseWithCompleteIntake(options);
  await submitIntake(prepared.owner.actor, prepared.caseId);
  return prepared;
}

/**
 * A submitted case moved by the desk up to `status` along its line (licence_issued gets a valid
 * USCC and a licence scan on the way).
 */
export async function caseAt(status: RegistrationStatus, options: CaseOptions & { desk?: { actor: RegistrationActor; user: { id: string } } } = {}) {
  const prepared = await submittedCase(options);
  const desk: { actor: RegistrationActor; user: { id: string } } = options.desk ?? (await deskMember());
  const line = stepsFor(prepared.caseType);
  for (let i = line.indexOf("materials_complete"); i < line.indexOf(status as (typeof line)[number]); i++) {
    const from = line[i];
    const to = line[i + 1];
    if (to === "licence_issued") await uploadPdf(desk.actor, prepared.caseId, "licence", "licence.pdf");
    await advanceCase(desk.actor, prepared.caseId, {
      from,
      to,
      approvedNameZh: to === "name_approved" ? "上海星河影视文化有限公司" : undefined,
      uscc: to === "licence_issued" ? VALID_USCC : undefined,
    });
  }
  return { ...prepared, desk };
}
