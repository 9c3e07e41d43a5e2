// The application form's steps and the staff forms, as zod schemas shared by the routes (server and
// browser validation), the module and the tests. Messages are catalogue keys.
import { z } from "zod";
import { isIsoDate, parkDate, parkLocalToInstant } from "~/modules/platform/dates";
import { badIntent, rowId } from "~/modules/platform/form-schemas";
import { isValidUscc } from "~/modules/platform/uscc";
import { decisions } from "./workflow";

export const categories = ["animation", "short_drama", "film_tv", "action", "writers", "post_production", "vfx", "game", "ai", "other"] as const;

/** The form's steps in order; the last one only reviews and submits. */
export const steps = ["company", "team", "plan", "needs", "attachments", "review"] as const;
export type Step = (typeof steps)[number];
/** Steps whose answers are saved (the attachments step saves showreel links; files come separately). */
export const answerSteps = ["company", "team", "plan", "needs", "attachments"] as const satisfies readonly Step[];
export type AnswerStep = (typeof answerSteps)[number];

export const attachmentKinds = ["business_plan", "licence", "showreel", "other"] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];
/** A single attachment may be this large; the upload path's body limit (12 MB) leaves room for the form. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;

const required = (max: number) => z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");
const optionalText = (max: number) => z.string().trim().max(max, "errors.tooLong").optional();
// Conform turns a blank field into undefined and digits into a number before zod sees them.
const wholeNumber = (min: number, max: number) =>
  z
    .number({ required_error: "errors.required", invalid_type_error: "errors.admissionNumber" })
    .int("errors.admissionNumber")
    .min(min, "errors.admissionNumberRange")
    .max(max, "errors.admissionNumberRange");
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date")
  .refine(isIsoDate, "errors.date");
const noAngleBrackets = (v: string | undefined) => !v || !/[<>]/.test(v);

/** Turns the USCC a person typed into its canonical form: upper case, no spaces. */
const normaliseUscc = (value: string) => value.toUpperCase().replace(/\s+/g, "");

const companyFields = {
  registered: z.enum(["yes", "no"], { required_error: "errors.required", invalid_type_error: "errors.invalidChoice" }),
  nameZh: required(100).refine(noAngleBrackets, "errors.noAngleBrackets"),
  nameEn: optionalText(100).refine((v) => !v || /^[A-Za-z0-9 &'’.,()-]+$/.test(v), "errors.admissionNameEn"),
  uscc: z.string().trim().transform(normaliseUscc).optional(),
  foundedOn: isoDate.optional(),
  category: z.enum(categories, { required_error: "errors.required", invalid_type_error: "errors.invalidChoice" }),
  description: required(500),
  contactName: required(60).refine(noAngleBrackets, "errors.noAngleBrackets"),
  contactPhone: required(40).refine((v) => /^\+?[0-9 ()-]{7,40}$/.test(v), "errors.phone"),
};

const teamFields = {
  size: wholeNumber(1, 10_000),
  keyPeople: required(2000),
  pastWorks: optionalText(3000),
  awards: optionalText(2000),
};

const planFields = {
  projects: required(3000),
  wantsFromPark: required(2000),
};

const needsFields = {
  officeSeats: wholeNumber(0, 500),
  stageDaysPerMonth: wholeNumber(0, 31),
  gpuHoursPerMonth: wholeNumber(0, 100_000),
  llmMillionTokensPerMonth: wholeNumber(0, 100_000),
  apartments: wholeNumber(0, 200),
  notes: optionalText(2000),
};

const linksField = z
  .string()
  .trim()
  .max(3000, "errors.tooLong")
  .optional()
  .refine((v) => {
    const lines = splitLinks(v);
    return lines.length <= 10 && lines.every((line) => /^https?:\/\/[^\s<>"]+$/i.test(line));
  }, "errors.admissionLinks");

export function splitLinks(value: string | undefined) {
  return (value ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

const materialsFields = { showreelLinks: linksField };

type Mode = "draft" | "complete";

/**
 * The company step. Registered companies must give a valid USCC (GB 32100 check character) and
 * their founding date; a company not registered yet gives neither. A draft may leave fields out,
 * but what it does give must be valid.
 */
function companySchema(mode: Mode) {
  const base = mode === "complete" ? z.object(companyFields) : z.object(companyFields).partial();
  return base.superRefine((value, ctx) => {
    const uscc = value.uscc ?? "";
    if (value.registered === "yes") {
      if (uscc === "") {
        if (mode === "complete") ctx.addIssue({ code: "custom", path: ["uscc"], message: "errors.admissionUsccRequired" });
      } else if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(uscc)) {
        ctx.addIssue({ code: "custom", path: ["uscc"], message: "errors.admissionUsccFormat" });
      } else if (!isValidUscc(uscc)) {
        ctx.addIssue({ code: "custom", path: ["uscc"], message: "errors.admissionUsccCheck" });
      }
      if (mode === "complete" && !value.foundedOn) ctx.addIssue({ code: "custom", path: ["foundedOn"], message: "errors.admissionFoundedRequired" });
    }
    if (value.foundedOn && value.foundedOn > parkDate()) {
      ctx.addIssue({ code: "custom", path: ["foundedOn"], message: "errors.dateInFuture" });
    }
  });
}

const plain =
  <T extends z.ZodRawShape>(fields: T) =>
  (mode: Mode) =>
    mode === "complete" ? z.object(fields) : z.object(fields).partial();

const stepSchemaFactories = {
  company: companySchema,
  team: plain(teamFields),
  plan: plain(planFields),
  needs: plain(needsFields),
  attachments: plain(materialsFields),
};

export const completeSchemas = {
  company: companySchema("complete"),
  team: plain(teamFields)("complete"),
  plan: plain(planFields)("complete"),
  needs: plain(needsFields)("complete"),
  attachments: plain(materialsFields)("complete"),
};

export type CompanyAnswers = z.infer<(typeof completeSchemas)["company"]>;

/** The schema of one step: `draft` lets fields be left out, `complete` needs every required one. */
export function stepSchema(step: AnswerStep, mode: Mode) {
  return stepSchemaFactories[step](mode) as z.ZodType<Record<string, unknown>>;
}

function isAnswerStep(value: unknown): value is AnswerStep {
  return typeof value === "string" && (answerSteps as readonly string[]).includes(value);
}

export function isStep(value: unknown): value is Step {
  return typeof value === "string" && (steps as readonly string[]).includes(value);
}

/**
 * The declaration made with every submission: the answers are true (信息真实性承诺) and the person
 * consents to the privacy notice. Its wording is `admission.declaration.*` in the catalogues; change
 * the version whenever that wording changes, so each submission records which text was ticked.
 */
export const DECLARATION_VERSION = "2026-12";
const ticked = z.literal("on", { errorMap: () => ({ message: "errors.declarationRequired" }) });
export const declarationSchema = z.object({ truthful: ticked, privacy: ticked });

export const resubmitSchema = declarationSchema.extend({ note: required(2000) });

/**
 * How far along the application form is, counted over all its steps (the list shows every one,
 * submitting included): the answer steps complete, and the last once the application is sent.
 */
export function formProgress(completion: Record<AnswerStep, boolean>, submitted = false) {
  return { done: answerSteps.filter((step) => completion[step]).length + (submitted ? 1 : 0), total: steps.length };
}

export const uploadSchema = z.object({
  kind: z.enum(attachmentKinds, { required_error: "errors.required", invalid_type_error: "errors.invalidChoice" }),
  file: z.custom<File>((value) => typeof File !== "undefined" && value instanceof File && value.size > 0, "errors.fileRequired"),
});

// ——— Staff forms ———

export const commentSchema = z.object({ body: required(4000) });

export const requestInfoSchema = z.object({
  message: required(2000),
  fixSteps: z.array(z.enum(answerSteps, { invalid_type_error: "errors.invalidChoice" })).optional(),
});

export const interviewSchema = z.object({
  at: z
    .string({ required_error: "errors.required" })
    .refine((v) => parkLocalToInstant(v) !== null, "errors.admissionDateTime")
    .refine((v) => (parkLocalToInstant(v)?.getTime() ?? 0) > Date.now(), "errors.admissionInterviewPast"),
  location: required(200),
  note: optionalText(1000),
});

const decisionFields = z.object({
  decision: z.enum(decisions, { required_error: "errors.required", invalid_type_error: "errors.invalidChoice" }),
  reason: required(2000),
  seats: wholeNumber(1, 500).optional(),
  moveInOn: isoDate.optional(),
  incubationSupport: optionalText(1000),
  welcomeCredits: wholeNumber(0, 100_000).optional(),
  /** Talent-apartment places (units or beds) the company may hold: its housing quota. */
  housingPlaces: wholeNumber(0, 200).optional(),
});

/** An approval states its terms: how many seats, and from when. */
function approvalTerms(value: { decision: string; seats?: number; moveInOn?: string }, ctx: z.RefinementCtx) {
  if (value.decision !== "approve") return;
  if (value.seats === undefined) ctx.addIssue({ code: "custom", path: ["seats"], message: "errors.required" });
  if (!value.moveInOn) ctx.addIssue({ code: "custom", path: ["moveInOn"], message: "errors.required" });
}

export const decisionSchema = decisionFields.superRefine(approvalTerms);
export type DecisionInput = z.infer<typeof decisionSchema>;

/** A reviewer's scores, 1–5 per rubric criterion (the route reads them from `score.<criterionId>` fields). */
export const scoreSchema = z.object({
  scores: z
    .array(z.object({ criterionId: z.string().uuid("errors.invalidChoice"), score: z.number().int().min(1, "errors.admissionScore").max(5, "errors.admissionScore") }))
    .min(1, "errors.admissionScoreNone"),
  note: optionalText(1000),
});
export type ScoreInput = z.infer<typeof scoreSchema>;

export const rubricCriterionSchema = z.object({
  criterionId: z.string().uuid().optional(),
  labelZh: required(60),
  labelEn: required(80),
  descriptionZh: optionalText(300),
  descriptionEn: optionalText(300),
  weight: wholeNumber(0, 10),
  active: z.enum(["on"]).optional(),
});

export const DEFAULT_WELCOME_CREDITS = 500;
export const WELCOME_CREDITS_DAYS = 90;

export interface SavedAnswers {
  company: Record<string, unknown> | null;
  team: Record<string, unknown> | null;
  plan: Record<string, unknown> | null;
  needs: Record<string, unknown> | null;
  materials: Record<string, unknown> | null;
}

const answersOf = (saved: SavedAnswers, step: AnswerStep) => (step === "attachments" ? saved.materials : saved[step]) ?? {};

/** Whether each step is complete: its answers pass the complete schema (attachments: a business plan is uploaded). */
export function stepCompletion(saved: SavedAnswers, attachmentKindsUploaded: readonly string[]): Record<AnswerStep, boolean> {
  const done = {} as Record<AnswerStep, boolean>;
  for (const step of answerSteps) done[step] = completeSchemas[step].safeParse(answersOf(saved, step)).success;
  done.attachments = done.attachments && attachmentKindsUploaded.includes("business_plan");
  return done;
}

export function missingSteps(saved: SavedAnswers, attachmentKindsUploaded: readonly string[]): AnswerStep[] {
  const done = stepCompletion(saved, attachmentKindsUploaded);
  return answerSteps.filter((step) => !done[step]);
}

export type FieldInput = "text" | "tel" | "textarea" | "number" | "date" | "category" | "registered";

/** How each step's fields are asked for and shown back; labels are `admission.fields.<name>`. */
export const stepFields: Record<AnswerStep, { name: string; input: FieldInput; hint?: boolean; optional?: boolean }[]> = {
  company: [
    { name: "registered", input: "registered" },
    { name: "nameZh", input: "text" },
    { name: "nameEn", input: "text", hint: true, optional: true },
    { name: "uscc", input: "text", hint: true },
    { name: "foundedOn", input: "date", hint: true },
    { name: "category", input: "category" },
    { name: "description", input: "textarea", hint: true },
    { name: "contactName", input: "text" },
    { name: "contactPhone", input: "tel" },
  ],
  team: [
    { name: "size", input: "number" },
    { name: "keyPeople", input: "textarea", hint: true },
    { name: "pastWorks", input: "textarea", hint: true, optional: true },
    { name: "awards", input: "textarea", optional: true },
  ],
  plan: [
    { name: "projects", input: "textarea", hint: true },
    { name: "wantsFromPark", input: "textarea", hint: true },
  ],
  needs: [
    { name: "officeSeats", input: "number" },
    { name: "stageDaysPerMonth", input: "number" },
    { name: "gpuHoursPerMonth", input: "number", hint: true },
    { name: "llmMillionTokensPerMonth", input: "number" },
    { name: "apartments", input: "number" },
    { name: "notes", input: "textarea", optional: true },
  ],
  attachments: [{ name: "showreelLinks", input: "textarea", hint: true, optional: true }],
};

/** The applicant's status page: open a registration case for the company, or withdraw. */
export const applicationStatusSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("openRegistration"), applicationId: rowId }), z.object({ intent: z.literal("withdraw"), applicationId: rowId, reason: z.string().default("") })],
  badIntent
);

/**
 * The reviewer's forms on /admissions/:id. Scores come as `score.<criterionId>` fields (blank:
 * not scored); the module checks them against `scoreSchema`.
 */
export const reviewFormSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("assign"), assigneeUserId: rowId }),
    commentSchema.extend({ intent: z.literal("comment") }),
    requestInfoSchema.extend({ intent: z.literal("requestInfo") }),
    interviewSchema.extend({ intent: z.literal("scheduleInterview") }),
    decisionFields.extend({ intent: z.literal("decide") }),
    z.object({ intent: z.literal("score"), score: z.record(z.string(), z.string().optional()).default({}), note: z.string().trim().optional() }),
    z.object({ intent: z.literal("reopen"), note: z.string().default("") }),
  ])
  .superRefine((value, ctx) => {
    if (value.intent === "decide") approvalTerms(value, ctx);
  });

/** The scores a reviewer gave, from the `score.<criterionId>` fields they filled in. */
export function givenScores(score: Record<string, string | undefined>) {
  return Object.entries(score).flatMap(([criterionId, value]) => (value ? [{ criterionId, score: Number(value) }] : []));
}

const applyIntents = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("draft"), step: z.enum(answerSteps) }),
    z.object({ intent: z.literal("next"), step: z.enum(answerSteps) }),
    declarationSchema.extend({ intent: z.literal("submit"), applicationId: rowId }),
    resubmitSchema.extend({ intent: z.literal("resubmit"), applicationId: rowId }),
    z.object({ intent: z.literal("removeAttachment"), attachmentId: rowId }),
  ],
  badIntent
);

/**
 * The apply page's forms for what was sent: a step's answers are checked by that step's schema
 * (a draft keeps whatever is valid, "next" needs the step complete); the other forms by their own.
 */
export function applyFormSchema(sent: FormData) {
  const intent = sent.get("intent");
  const step = sent.get("step");
  const answers = (intent === "draft" || intent === "next") && isAnswerStep(step) ? stepSchema(step, intent === "next" ? "complete" : "draft") : z.object({});
  return applyIntents.and(answers);
}
