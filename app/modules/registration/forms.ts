// The registration forms as zod schemas, parsed by `submitForm` (platform/forms.server) in the
// routes and shared with the tests. A page with several forms parses one
// `z.discriminatedUnion("intent", …)`. Messages are catalogue keys (encoded with their parameters
// where a sentence needs them); every field's problem is reported on that field.
import { z } from "zod";
import { registrationCaseTypes } from "#db/schema/registration";
import { parseYuanToFen } from "~/modules/billing/money";
import { isValidUscc } from "~/modules/platform/uscc";
import { intakeSteps, stepAnswers, type FieldErrors, type IntakeStep } from "./intake";
import { problemMessage } from "./names";

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Text a person must type; blank (or only spaces) is `message`. */
const requiredText = (message: string) => z.string({ required_error: message }).trim().min(1, message);
const optionalText = z.string().trim().optional();
const dateText = z.string({ required_error: "registration.errors.date" }).trim().regex(isoDate, "registration.errors.date");
/** A hidden field the page always sends; without it the form was not ours. */
const given = z.string({ required_error: "errors.badForm" });

// ——— /registration: opening a case ———

export const openCaseSchema = z.object({
  intent: z.literal("open"),
  caseType: z.enum(registrationCaseTypes, { errorMap: () => ({ message: "registration.errors.caseTypeRequired" }) }),
  forCompany: z.string().optional(),
});

// ——— /registration/:id: the applicant's case page ———

/** Checks one step's answers against the case as it stands (its type, the capital for the shareholders). */
export type StepCheck = (step: IntakeStep, answers: Record<string, unknown>) => { ok: true } | { ok: false; errors: FieldErrors };

const stepIntent = <Intent extends "draft" | "next">(intent: Intent) =>
  z.object({ intent: z.literal(intent), step: z.enum(intakeSteps, { errorMap: () => ({ message: "errors.badForm" }) }) }).passthrough();

/**
 * Every form of the applicant's case page. A step ("保存并继续" or "保存草稿") is checked whole by
 * `checkStep`: each problem comes back at its field (`shareholders[0].paymentDueOn`), a problem of
 * the whole step as a form error, and nothing is saved.
 */
export function caseFormSchema(checkStep: StepCheck) {
  return z
    .discriminatedUnion("intent", [
      stepIntent("draft"),
      stepIntent("next"),
      z.object({ intent: z.literal("submit") }),
      z.object({ intent: z.literal("respond"), note: requiredText("registration.errors.required") }),
      z.object({ intent: z.literal("removeDocument"), documentId: given }),
      z.object({ intent: z.literal("cancel"), reason: requiredText("registration.errors.required") }),
    ])
    .superRefine((value, ctx) => {
      if (value.intent !== "draft" && value.intent !== "next") return;
      const checked = checkStep(value.step, stepAnswers(value.step, value));
      if (checked.ok) return;
      for (const [path, problems] of Object.entries(checked.errors)) {
        const at = path === "" ? [] : path.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
        for (const problem of problems) ctx.addIssue({ code: z.ZodIssueCode.custom, path: at, message: problemMessage(problem) });
      }
    });
}

// ——— /registration/:id/documents: an upload, or the desk's licence ———

/** What is wrong with an uploaded file itself (empty, too large, not a PDF or an image), as a message. */
export type FileProblem = string | null;

const fileField = (problem: FileProblem) =>
  z
    .instanceof(File, { message: "errors.fileEmpty" })
    .refine((file) => file.size > 0, "errors.fileEmpty")
    .superRefine((file, ctx) => {
      if (file.size > 0 && problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    });

export function documentFormSchema(fileProblem: FileProblem) {
  return z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("upload"), requirement: requiredText("registration.errors.required"), file: fileField(fileProblem) }),
    z.object({
      intent: z.literal("licence"),
      from: z.string().default("filed"),
      uscc: z
        .string({ required_error: "registration.errors.usccRequired" })
        .transform((v) => v.toUpperCase().replace(/\s+/g, ""))
        .pipe(z.string().min(1, "registration.errors.usccRequired").refine(isValidUscc, "registration.errors.usccCheck")),
      licenceIssuedOn: dateText,
      approvedNameZh: requiredText("registration.errors.required"),
      note: optionalText,
      dueOn: dateText.optional(),
      file: fileField(fileProblem),
    }),
  ]);
}

// ——— /registration/desk/:id: the desk's moves ———

export const deskCaseSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("advance"), from: given, to: given, note: optionalText, dueOn: dateText.optional(), approvedNameZh: optionalText }),
  z.object({ intent: z.literal("resume"), to: given, note: optionalText }),
  z.object({ intent: z.literal("request"), from: given, reason: requiredText("registration.errors.reasonRequired") }),
  z.object({ intent: z.literal("assign"), assigneeUserId: z.string().optional() }),
  z.object({ intent: z.literal("due"), dueOn: dateText }),
  z.object({ intent: z.literal("cancel"), reason: requiredText("registration.errors.reasonRequired") }),
  z.object({ intent: z.literal("charge") }),
]);

// ——— the desk's address pool and fees ———

export const addressSchema = z.object({
  addressZh: requiredText("registration.errors.required"),
  addressEn: requiredText("registration.errors.required"),
});

export const feeSchema = z.object({
  caseType: z.enum(registrationCaseTypes, { errorMap: () => ({ message: "errors.badForm" }) }),
  feeYuan: z.string({ required_error: "errors.amountFormat" }).transform((value, ctx) => {
    const fen = parseYuanToFen(value);
    if (fen === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.amountFormat" });
      return z.NEVER;
    }
    return fen;
  }),
  freeForTenants: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});
