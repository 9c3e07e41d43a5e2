// The documents a case needs, worked out from its intake answers. Pure: the documents page and
// the submit check read the same list. One ID copy per person, however many roles they hold (a
// shareholder who is also the legal representative uploads once).
import type { RegistrationCaseType } from "#db/schema/registration";
import { peopleOf } from "./intake";

type DocumentOwner = "applicant" | "desk";

export interface ChecklistItem {
  /** What an upload is filed against: `id:shareholder:0`, `id:legal_rep`, `address_proof`, `licence` … */
  requirement: string;
  labelKey: string;
  params: Record<string, string | number>;
  owner: DocumentOwner;
  /** Needed before the owner's side can move the case on (the licence only at licence_issued). */
  required: boolean;
}

const officerRoles = [
  { role: "legalRep", requirement: "id:legal_rep", labelKey: "registration.checklist.idLegalRep" },
  { role: "supervisor", requirement: "id:supervisor", labelKey: "registration.checklist.idSupervisor" },
  { role: "finance", requirement: "id:finance", labelKey: "registration.checklist.idFinance" },
] as const;

export function documentChecklist(caseType: RegistrationCaseType, intake: Record<string, unknown>): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const { shareholders, officers } = peopleOf(intake);
  const covered = new Set<string>();
  shareholders.forEach((s, i) => {
    if (s.kind === "person") {
      items.push({
        requirement: `id:shareholder:${i}`,
        labelKey: "registration.checklist.idShareholder",
        params: { n: i + 1, name: s.name },
        owner: "applicant",
        required: true,
      });
      if (s.idNumber) covered.add(s.idNumber);
    } else {
      items.push({
        requirement: `licence:shareholder:${i}`,
        labelKey: "registration.checklist.shareholderLicence",
        params: { n: i + 1, name: s.name },
        owner: "applicant",
        required: true,
      });
    }
  });
  for (const { role, requirement, labelKey } of officerRoles) {
    const person = officers[role];
    if (!person?.name) continue;
    if (person.idNumber && covered.has(person.idNumber)) continue;
    if (person.idNumber) covered.add(person.idNumber);
    items.push({ requirement, labelKey, params: { name: person.name }, owner: "applicant", required: true });
  }
  if (caseType === "relocation") {
    items.push({ requirement: "relocation:original_licence", labelKey: "registration.checklist.originalLicence", params: {}, owner: "applicant", required: true });
  }
  const address = intake.address as { kind?: string } | undefined;
  if (address?.kind === "own") {
    items.push({ requirement: "address_proof", labelKey: "registration.checklist.addressProofOwn", params: {}, owner: "applicant", required: true });
  } else {
    items.push({ requirement: "address_proof", labelKey: "registration.checklist.addressProofPark", params: {}, owner: "desk", required: true });
  }
  if (caseType === "limited") {
    items.push({ requirement: "articles", labelKey: "registration.checklist.articles", params: {}, owner: "desk", required: true });
  }
  items.push({ requirement: "licence", labelKey: "registration.checklist.licence", params: {}, owner: "desk", required: false });
  return items;
}

/** Whether `requirement` is one an upload may be filed against for this case. */
export function isKnownRequirement(checklist: ChecklistItem[], requirement: string) {
  return checklist.some((i) => i.requirement === requirement) || requirement === "other";
}

/** Required applicant items with nothing uploaded against them. */
export function missingApplicantItems(checklist: ChecklistItem[], uploaded: readonly string[]) {
  return checklist.filter((i) => i.owner === "applicant" && i.required && !uploaded.includes(i.requirement));
}

const officerFallbacks: Record<string, string> = {
  "id:legal_rep": "registration.checklist.idLegalRepAny",
  "id:supervisor": "registration.checklist.idSupervisorAny",
  "id:finance": "registration.checklist.idFinanceAny",
};

/**
 * What a person calls the document filed against `requirement` — "第 1 位股东（沈予安）身份证复印件",
 * not "id:shareholder:0" — as the case's checklist names it; a requirement the answers no longer
 * ask for (a shareholder removed since) is still named by what it was.
 */
export function documentLabel(checklist: ChecklistItem[], requirement: string): { labelKey: string; params: Record<string, string | number> } {
  const item = checklist.find((i) => i.requirement === requirement);
  if (item) return { labelKey: item.labelKey, params: item.params };
  const shareholder = /^(id|licence):shareholder:(\d+)$/.exec(requirement);
  if (shareholder) {
    return { labelKey: shareholder[1] === "id" ? "registration.checklist.idShareholderN" : "registration.checklist.shareholderLicenceN", params: { n: Number(shareholder[2]) + 1 } };
  }
  if (officerFallbacks[requirement]) return { labelKey: officerFallbacks[requirement], params: {} };
  const fixed: Record<string, string> = {
    address_proof: "registration.checklist.addressProofOwn",
    articles: "registration.checklist.articles",
    licence: "registration.checklist.licence",
    "relocation:original_licence": "registration.checklist.originalLicence",
  };
  return { labelKey: fixed[requirement] ?? "registration.checklist.other", params: {} };
}
