// The guided intake of a registration case: one zod schema per step (shared by the pages, the
// module and the tests) and the full check on submit. Pure. Every message is a catalogue key with
// parameters, so a page can say "第 2 位股东的身份证号码校验位不正确" in either language; list
// positions (`n`) count from 1.
//
// Money is fen: registered capital and subscriptions are typed in 万元 (1 万元 = 1,000,000 fen)
// and stored as fen, as a string of digits (JSON has no bigint). Shares are integer basis points
// and must add up to exactly 10,000. A payment date more than five years after the company is
// established (2024 Company Law, art. 47: 认缴出资额应自公司成立之日起五年内缴足) is an error at
// its field: the registration authority refuses such articles, so the step is not saved with it.
import { z } from "zod";
import { isIsoDate, parkDate } from "~/modules/platform/dates";
import type { RegistrationCaseType } from "#db/schema/registration";
import { isValidResidentId, normaliseResidentId } from "~/modules/platform/resident-id";
import { isValidUscc } from "~/modules/platform/uscc";
import { checkCompanyName, type NameProblem } from "./names";

type Problem = NameProblem;
export type FieldErrors = Record<string, Problem[]>;

export const intakeSteps = ["names", "scope", "capital", "shareholders", "officers", "address"] as const;
export type IntakeStep = (typeof intakeSteps)[number];

/** The steps each kind of case asks: an individual business has no registered capital; a relocation keeps its capital and shareholders. */
export function stepsForCaseType(caseType: RegistrationCaseType): IntakeStep[] {
  switch (caseType) {
    case "individual":
      return ["names", "scope", "shareholders", "officers", "address"];
    case "relocation":
      return ["names", "scope", "officers", "address"];
    default:
      return [...intakeSteps];
  }
}

export function isIntakeStep(value: unknown): value is IntakeStep {
  return typeof value === "string" && (intakeSteps as readonly string[]).includes(value);
}

/**
 * A step's form as the step's schema reads it: the submitted fields other than intent and step,
 * with the scope's boxes always a list, blank shareholder rows (nothing typed but the kind) left
 * out, and holes in the candidate names filled with "".
 */
export function stepAnswers(step: IntakeStep, submitted: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(submitted).filter(([name]) => name !== "intent" && name !== "step"));
  // A single ticked box is a string; none is missing.
  if (step === "scope" || out.items !== undefined) out.items = Array.isArray(out.items) ? out.items : typeof out.items === "string" ? [out.items] : [];
  if (step === "shareholders") {
    // Blank rows (nothing typed but the kind) are left out.
    const rows = Array.isArray(out.shareholders) ? (out.shareholders as Record<string, unknown>[]).filter(Boolean) : [];
    out.shareholders = rows.filter((r) => Object.entries(r).some(([k, v]) => k !== "kind" && typeof v === "string" && v.trim() !== ""));
  }
  if (step === "names" && typeof out.candidates === "string") out.candidates = [out.candidates];
  if (step === "names" && Array.isArray(out.candidates)) out.candidates = Array.from(out.candidates as unknown[], (v) => v ?? "");
  return out;
}

export const MAX_CANDIDATE_NAMES = 5;
const MAX_SHAREHOLDERS = 50;
const SCOPE_FREE_TEXT_MAX = 200;
const FEN_PER_WAN = 1_000_000n;
const FULL_SHARE_BP = 10_000;
const PAYMENT_YEARS_LIMIT = 5;

/**
 * The business-scope items the park supports, in the standard wording of the national
 * 经营范围规范表述目录. `licensed` items need a permit after the licence (许可项目).
 */
export const scopeItems = [
  { code: "film_shooting", zh: "电影摄制服务", en: "Film shooting services", licensed: false },
  { code: "film_producing", zh: "电影制片", en: "Film producing", licensed: false },
  { code: "tv_programme_production", zh: "广播电视节目制作经营", en: "Radio and TV programme production", licensed: true },
  { code: "film_distribution", zh: "电影发行", en: "Film distribution", licensed: true },
  { code: "video_production", zh: "摄像及视频制作服务", en: "Video shooting and production services", licensed: false },
  { code: "digital_content", zh: "数字内容制作服务（不含出版发行）", en: "Digital content production (excluding publishing)", licensed: false },
  { code: "animation_games", zh: "动漫游戏开发", en: "Animation and game development", licensed: false },
  { code: "literary_creation", zh: "文艺创作", en: "Literary and artistic creation", licensed: false },
  { code: "culture_exchange", zh: "组织文化艺术交流活动", en: "Organising cultural and art exchange events", licensed: false },
  { code: "performance_agency", zh: "演出经纪", en: "Performance brokerage", licensed: true },
  { code: "copyright_agency", zh: "版权代理", en: "Copyright agency", licensed: false },
  { code: "advertising", zh: "广告设计、代理；广告制作", en: "Advertising design, agency and production", licensed: false },
  { code: "software_development", zh: "软件开发", en: "Software development", licensed: false },
  { code: "it_consulting", zh: "信息技术咨询服务", en: "Information technology consulting", licensed: false },
  { code: "ai_application_software", zh: "人工智能应用软件开发", en: "AI application software development", licensed: false },
  { code: "ai_basic_software", zh: "人工智能基础软件开发", en: "AI foundational software development", licensed: false },
  { code: "ai_system_integration", zh: "人工智能行业应用系统集成服务", en: "AI industry application system integration", licensed: false },
  {
    code: "technical_services",
    zh: "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    en: "Technical services, development, consulting, exchange, transfer and promotion",
    licensed: false,
  },
  { code: "conference_exhibition", zh: "会议及展览服务", en: "Conference and exhibition services", licensed: false },
] as const;
type ScopeItemCode = (typeof scopeItems)[number]["code"];
const scopeCodes = scopeItems.map((i) => i.code) as [ScopeItemCode, ...ScopeItemCode[]];

// ——— money and shares as people type them ———

/** "100" / "10.5" / 100 (万元) → fen; null when it is not a non-negative amount with at most 6 decimals. */
export function wanToFen(value: unknown): bigint | null {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : typeof value === "string" ? value.trim().replace(/,/g, "") : "";
  const match = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) return null;
  return BigInt(match[1]) * FEN_PER_WAN + BigInt((match[2] ?? "").padEnd(6, "0"));
}

/** Fen → 万元 as shown: "100", "10.5", "0.000001". */
export function fenToWan(fen: bigint): string {
  const whole = fen / FEN_PER_WAN;
  const rest = (fen % FEN_PER_WAN).toString().padStart(6, "0").replace(/0+$/, "");
  return rest ? `${whole}.${rest}` : String(whole);
}

/** "33.33" (%) → 3333 bp; null when not a percentage with at most two decimals. */
export function percentToBp(value: unknown): number | null {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : typeof value === "string" ? value.trim() : "";
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 9999 bp → "99.99". */
export function bpToPercent(bp: number): string {
  return `${Math.trunc(bp / 100)}.${String(Math.abs(bp % 100)).padStart(2, "0")}`;
}

function addYearsIso(isoDate: string, years: number) {
  const [y, m, d] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February plus five years is 1 March, never 28 February.
  return date.toISOString().slice(0, 10);
}

// ——— the steps ———

const key = (name: string) => `registration.errors.${name}`;

const text = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ required_error: key("required"), invalid_type_error: key("required") }).min(1, key("required")).max(max, key("tooLong")),
  );
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : v ?? undefined), z.string().max(max, key("tooLong")).optional());
const optionalDate = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() || undefined : v ?? undefined),
  z.string().refine(isIsoDate, key("date")).optional(),
);

function custom(ctx: z.RefinementCtx, path: (string | number)[], name: string, params: Record<string, string | number> = {}) {
  ctx.addIssue({ code: "custom", path, message: key(name), params });
}

interface IntakeContext {
  caseType: RegistrationCaseType;
  /** Registered capital from the capital step, when given. */
  capitalFen?: bigint | null;
  /** The day the company is expected to be established; defaults to today. */
  establishedOn?: string;
  /** Today, park time (tests pass it). */
  today?: string;
}

function namesSchema(ctx: IntakeContext) {
  const relocation = ctx.caseType === "relocation";
  return z
    .object({
      candidates: z.preprocess(
        (v) => (Array.isArray(v) ? v : typeof v === "string" ? [v] : []).map((n: unknown) => (typeof n === "string" ? n.trim() : n)).filter((n: unknown) => n !== ""),
        z.array(z.string({ invalid_type_error: key("nameRequired") })),
      ),
      currentUscc: z.preprocess((v) => (typeof v === "string" ? v.toUpperCase().replace(/\s+/g, "") || undefined : v ?? undefined), z.string().optional()),
    })
    .superRefine((value, rc) => {
      const max = relocation ? 1 : MAX_CANDIDATE_NAMES;
      if (value.candidates.length === 0) custom(rc, ["candidates"], relocation ? "currentNameRequired" : "namesRequired");
      if (value.candidates.length > max) custom(rc, ["candidates"], "namesTooMany", { max });
      const seen = new Set<string>();
      value.candidates.forEach((name, i) => {
        for (const p of checkCompanyName(name, ctx.caseType)) rc.addIssue({ code: "custom", path: ["candidates", i], message: p.key, params: { ...p.params, n: i + 1 } });
        if (seen.has(name)) custom(rc, ["candidates", i], "nameDuplicate", { n: i + 1 });
        seen.add(name);
      });
      if (relocation) {
        if (!value.currentUscc) custom(rc, ["currentUscc"], "usccRequired");
        else if (!isValidUscc(value.currentUscc)) custom(rc, ["currentUscc"], "usccCheck");
      } else if (value.currentUscc) {
        custom(rc, ["currentUscc"], "usccNotForNew");
      }
    });
}

const scopeSchema = z.object({
  items: z.preprocess(
    (v) => (Array.isArray(v) ? v : typeof v === "string" ? [v] : v ?? []),
    z
      .array(z.enum(scopeCodes, { errorMap: () => ({ message: key("scopeUnknown") }) }))
      .min(1, key("scopeRequired"))
      .transform((items) => [...new Set(items)]),
  ),
  freeText: z.preprocess((v) => (typeof v === "string" ? v.trim() : v ?? ""), z.string().max(SCOPE_FREE_TEXT_MAX, key("scopeFreeTextTooLong"))),
});

function capitalSchema(ctx: IntakeContext) {
  return z
    .object({
      /** As typed, in 万元; stored beside the fen it means so the form shows it back. */
      capitalWan: z.union([z.string(), z.number()]).optional(),
      capitalFen: z.string().optional(),
      expectedEstablishedOn: optionalDate,
    })
    .transform((value, rc) => {
      const given = value.capitalWan ?? (value.capitalFen !== undefined ? fenToWan(BigInt(/^\d+$/.test(value.capitalFen) ? value.capitalFen : "0")) : undefined);
      const blank = given === undefined || String(given).trim() === "";
      const fen = blank ? null : wanToFen(given);
      if (!blank && fen === null) custom(rc, ["capitalWan"], "capitalFormat");
      if (ctx.caseType === "limited" && (fen === null || fen <= 0n) && (blank || fen !== null)) custom(rc, ["capitalWan"], "capitalRequired");
      if (ctx.caseType === "individual" && fen !== null && fen > 0n) custom(rc, ["capitalWan"], "capitalNotForIndividual");
      return {
        capitalFen: fen === null ? null : fen.toString(),
        capitalWan: fen === null ? null : fenToWan(fen),
        expectedEstablishedOn: value.expectedEstablishedOn ?? null,
      };
    });
}

const personFields = {
  name: text(30),
  idNumber: z.preprocess((v) => (typeof v === "string" ? normaliseResidentId(v) : v), z.string({ required_error: key("required") }).min(1, key("required"))),
  phone: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ required_error: key("required") })
      .min(1, key("required"))
      .refine((v) => v === "" || /^\+?[0-9 ()-]{7,20}$/.test(v), key("phone")),
  ),
};
const personSchema = z.object(personFields, { required_error: key("required"), invalid_type_error: key("required") });
type IntakePerson = z.infer<typeof personSchema>;

const shareholderSchema = z.object({
  kind: z.enum(["person", "company"], { errorMap: () => ({ message: key("shareholderKind") }) }),
  name: text(60),
  idNumber: z.preprocess((v) => (typeof v === "string" ? normaliseResidentId(v) || undefined : v ?? undefined), z.string().optional()),
  uscc: z.preprocess((v) => (typeof v === "string" ? v.toUpperCase().replace(/\s+/g, "") || undefined : v ?? undefined), z.string().optional()),
  shareBp: z.union([z.number(), z.string()]).optional(),
  sharePercent: z.union([z.number(), z.string()]).optional(),
  subscribedWan: z.union([z.number(), z.string()]).optional(),
  subscribedFen: z.string().optional(),
  paymentDueOn: optionalDate,
});

/** A shareholder as saved: a person (resident ID) or a company (USCC), amounts in fen as digit strings. */
interface IntakeShareholder {
  kind: "person" | "company";
  name: string;
  idNumber?: string;
  uscc?: string;
  shareBp: number;
  subscribedFen: string | null;
  subscribedWan: string | null;
  paymentDueOn: string | null;
}

/** The last day subscribed capital may be paid: five years from establishment (expected, or today). */
function paymentDeadline(ctx: Pick<IntakeContext, "establishedOn" | "today">) {
  const establishedOn = ctx.establishedOn ?? ctx.today ?? parkDate();
  return addYearsIso(establishedOn, PAYMENT_YEARS_LIMIT);
}

function shareholdersSchema(ctx: IntakeContext) {
  const limited = ctx.caseType === "limited";
  const paymentLimit = paymentDeadline(ctx);
  return z
    .object({
      shareholders: z.preprocess((v) => v ?? [], z.array(shareholderSchema)),
    })
    .transform((value, rc) => {
      const list = value.shareholders;
      if (list.length === 0) custom(rc, ["shareholders"], ctx.caseType === "limited" ? "shareholdersRequired" : "investorRequired");
      if (list.length > MAX_SHAREHOLDERS) custom(rc, ["shareholders"], "shareholdersTooMany", { max: MAX_SHAREHOLDERS });
      if (!limited && list.length > 1) custom(rc, ["shareholders"], "investorOnlyOne");
      const seenIds = new Map<string, number>();
      const out = list.map((s, i): IntakeShareholder => {
        const n = i + 1;
        const at = (field: string) => ["shareholders", i, field];
        if (s.kind === "person") {
          if (!s.idNumber) custom(rc, at("idNumber"), "shareholderIdRequired", { n });
          else if (!isValidResidentId(s.idNumber)) custom(rc, at("idNumber"), /^\d{17}[\dX]$/.test(s.idNumber) ? "shareholderIdCheck" : "shareholderIdFormat", { n });
        } else {
          if (!limited) custom(rc, at("kind"), "investorMustBePerson");
          if (!s.uscc) custom(rc, at("uscc"), "shareholderUsccRequired", { n });
          else if (!isValidUscc(s.uscc)) custom(rc, at("uscc"), /^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(s.uscc) ? "shareholderUsccCheck" : "shareholderUsccFormat", { n });
        }
        const identity = s.kind === "person" ? s.idNumber : s.uscc;
        if (identity) {
          if (seenIds.has(identity)) custom(rc, at(s.kind === "person" ? "idNumber" : "uscc"), "shareholderDuplicate", { n, first: seenIds.get(identity)! });
          else seenIds.set(identity, n);
        }
        let shareBp: number | null = null;
        if (s.shareBp !== undefined && String(s.shareBp).trim() !== "") {
          const bp = Number(s.shareBp);
          shareBp = Number.isInteger(bp) && bp >= 0 ? bp : null;
        } else if (s.sharePercent !== undefined && String(s.sharePercent).trim() !== "") {
          shareBp = percentToBp(s.sharePercent);
        } else if (!limited) {
          shareBp = FULL_SHARE_BP;
        }
        if (shareBp === null || shareBp <= 0 || shareBp > FULL_SHARE_BP) custom(rc, at("shareBp"), "shareInvalid", { n });
        let subscribedFen: bigint | null = null;
        const typed = s.subscribedWan ?? (s.subscribedFen !== undefined && /^\d+$/.test(s.subscribedFen) ? fenToWan(BigInt(s.subscribedFen)) : undefined);
        if (typed !== undefined && String(typed).trim() !== "") {
          subscribedFen = wanToFen(typed);
          if (subscribedFen === null) custom(rc, at("subscribedWan"), "subscriptionFormat", { n });
        }
        if (limited) {
          if (typed === undefined || String(typed).trim() === "") custom(rc, at("subscribedWan"), "subscriptionRequired", { n });
          else if (subscribedFen !== null && subscribedFen <= 0n) custom(rc, at("subscribedWan"), "subscriptionPositive", { n });
          if (!s.paymentDueOn && subscribedFen !== null && subscribedFen > 0n) custom(rc, at("paymentDueOn"), "paymentDateRequired", { n });
          else if (s.paymentDueOn && s.paymentDueOn > paymentLimit) custom(rc, at("paymentDueOn"), "paymentAfterFiveYears", { n, limit: paymentLimit, years: PAYMENT_YEARS_LIMIT });
        }
        return {
          kind: s.kind,
          name: s.name,
          ...(s.kind === "person" ? { idNumber: s.idNumber ?? "" } : { uscc: s.uscc ?? "" }),
          shareBp: shareBp ?? 0,
          subscribedFen: subscribedFen === null ? null : subscribedFen.toString(),
          subscribedWan: subscribedFen === null ? null : fenToWan(subscribedFen),
          paymentDueOn: s.paymentDueOn ?? null,
        };
      });
      if (list.length > 0) {
        const totalBp = out.reduce((sum, s) => sum + s.shareBp, 0);
        if (totalBp !== FULL_SHARE_BP) custom(rc, ["shareholders"], "sharesTotal", { total: bpToPercent(totalBp) });
        if (limited && ctx.capitalFen !== undefined && ctx.capitalFen !== null && out.every((s) => s.subscribedFen !== null)) {
          const subscribed = out.reduce((sum, s) => sum + BigInt(s.subscribedFen!), 0n);
          if (subscribed !== ctx.capitalFen) custom(rc, ["shareholders"], "subscriptionTotal", { total: fenToWan(subscribed), capital: fenToWan(ctx.capitalFen) });
        }
      }
      return { shareholders: out };
    });
}

function checkPerson(rc: z.RefinementCtx, role: "legalRep" | "supervisor" | "finance", person: IntakePerson | undefined) {
  if (!person?.idNumber) return;
  if (!isValidResidentId(person.idNumber)) {
    custom(rc, [role, "idNumber"], /^\d{17}[\dX]$/.test(person.idNumber) ? `${role}IdCheck` : `${role}IdFormat`);
  }
}

function officersSchema(ctx: IntakeContext) {
  const optionalPerson = z.preprocess((v) => (v && typeof v === "object" && Object.values(v).some((x) => typeof x === "string" && x.trim() !== "") ? v : undefined), personSchema.optional());
  return z
    .object({ legalRep: personSchema, supervisor: optionalPerson, finance: optionalPerson })
    .superRefine((value, rc) => {
      checkPerson(rc, "legalRep", value.legalRep);
      checkPerson(rc, "supervisor", value.supervisor);
      checkPerson(rc, "finance", value.finance);
      if (ctx.caseType === "limited" || ctx.caseType === "relocation") {
        if (!value.supervisor) custom(rc, ["supervisor", "name"], "supervisorRequired");
        // Directors and managers may not be supervisors (Company Law art. 76); the legal
        // representative of a small company is its director or manager.
        else if (value.supervisor.idNumber === value.legalRep.idNumber) custom(rc, ["supervisor", "idNumber"], "supervisorIsLegalRep");
      } else if (value.supervisor) {
        custom(rc, ["supervisor", "name"], "supervisorNotForType");
      }
      if (ctx.caseType !== "individual" && !value.finance) custom(rc, ["finance", "name"], "financeRequired");
    });
}

const addressSchema = z
  .object({
    kind: z.enum(["park", "own"], { errorMap: () => ({ message: key("addressKind") }) }),
    ownAddress: optionalText(200),
  })
  .superRefine((value, rc) => {
    if (value.kind === "own" && !value.ownAddress) custom(rc, ["ownAddress"], "ownAddressRequired");
    if (value.ownAddress && /[<>]/.test(value.ownAddress)) custom(rc, ["ownAddress"], "noAngleBrackets");
  })
  .transform((value) => ({ kind: value.kind, ownAddress: value.kind === "own" ? value.ownAddress! : null }));

/** The schema of one step. The context carries what other steps said (capital for shareholders). */
function stepSchema(step: IntakeStep, ctx: IntakeContext): z.ZodType<Record<string, unknown>> {
  switch (step) {
    case "names":
      return namesSchema(ctx) as z.ZodType<Record<string, unknown>>;
    case "scope":
      return scopeSchema as z.ZodType<Record<string, unknown>>;
    case "capital":
      return capitalSchema(ctx) as unknown as z.ZodType<Record<string, unknown>>;
    case "shareholders":
      return shareholdersSchema(ctx) as unknown as z.ZodType<Record<string, unknown>>;
    case "officers":
      return officersSchema(ctx) as z.ZodType<Record<string, unknown>>;
    case "address":
      return addressSchema as unknown as z.ZodType<Record<string, unknown>>;
  }
}

function problemsOf(error: z.ZodError, prefix = ""): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    const params = (issue as { params?: Record<string, string | number> }).params ?? {};
    const messageKey = issue.message.startsWith("registration.") || issue.message.startsWith("errors.") ? issue.message : key("invalid");
    (errors[path] ??= []).push({ key: messageKey, params });
  }
  return errors;
}

/** The capital the intake states, in fen, or null. */
function capitalFenOf(intake: Record<string, unknown>): bigint | null {
  const capital = intake.capital as { capitalFen?: unknown } | undefined;
  return typeof capital?.capitalFen === "string" && /^\d+$/.test(capital.capitalFen) ? BigInt(capital.capitalFen) : null;
}

function contextFor(caseType: RegistrationCaseType, intake: Record<string, unknown>, today?: string): IntakeContext {
  const capital = intake.capital as { expectedEstablishedOn?: string | null } | undefined;
  return { caseType, capitalFen: capitalFenOf(intake), establishedOn: capital?.expectedEstablishedOn ?? undefined, today };
}

export type StepResult = { ok: true; data: Record<string, unknown> } | { ok: false; errors: FieldErrors };

/**
 * Checks one step's answers as the applicant saves it. `intake` is what the case already holds
 * (the capital, for the shareholders' subscriptions). Field paths are relative to the step.
 */
export function validateStep(caseType: RegistrationCaseType, step: IntakeStep, values: unknown, intake: Record<string, unknown> = {}, today?: string): StepResult {
  const ctx = contextFor(caseType, intake, today);
  if (step === "capital" && values && typeof values === "object") {
    const given = values as { expectedEstablishedOn?: string };
    if (given.expectedEstablishedOn) ctx.establishedOn = given.expectedEstablishedOn;
  }
  const parsed = stepSchema(step, ctx).safeParse(values ?? {});
  if (!parsed.success) return { ok: false, errors: problemsOf(parsed.error) };
  return { ok: true, data: parsed.data };
}

/**
 * The full check on submit: every step this kind of case asks, each valid, and the steps
 * consistent with each other. Paths are `<step>.<field>`; a missing step is reported on `<step>`.
 */
export function validateIntake(caseType: RegistrationCaseType, intake: Record<string, unknown>, today?: string): { errors: FieldErrors } {
  const ctx = contextFor(caseType, intake, today);
  const errors: FieldErrors = {};
  for (const step of stepsForCaseType(caseType)) {
    const values = intake[step];
    if (!values || typeof values !== "object") {
      errors[step] = [{ key: key("stepMissing"), params: {} }];
      continue;
    }
    const parsed = stepSchema(step, ctx).safeParse(values);
    if (!parsed.success) Object.assign(errors, problemsOf(parsed.error, step));
  }
  return { errors };
}

/** The people an intake names (shareholders who are people, then officers), for the checklist and for the same-person rule. */
export function peopleOf(intake: Record<string, unknown>) {
  const shareholders = ((intake.shareholders as { shareholders?: IntakeShareholder[] } | undefined)?.shareholders ?? []) as IntakeShareholder[];
  const officers = (intake.officers ?? {}) as Partial<Record<"legalRep" | "supervisor" | "finance", IntakePerson>>;
  return { shareholders, officers };
}
