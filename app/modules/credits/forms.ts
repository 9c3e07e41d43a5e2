// The compute pages' forms, shared by routes (server and browser validation) and tests. Credits
// are typed as decimals ("12.5") and parsed exactly into milli-credits; yuan into fen. Dates are
// park dates (Asia/Shanghai) written YYYY-MM-DD.
import { z } from "zod";
import { badIntent, rowId } from "~/modules/platform/form-schemas";
import { parseYuanToFen } from "~/modules/billing/money";
import { METERS, parseCredits } from "./units";
import { isIsoDate, parkDate } from "~/modules/platform/dates";

// The names the credits pages import; the helpers themselves live in platform/dates.
export { parkDate as parkToday, parkDayEnd } from "~/modules/platform/dates";

const required = (max: number) => z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");

/** "1,000" / "12.5" credits → milli-credits; at most three decimals, never negative. */
function creditsAmount(options: { positive: boolean }) {
  return z.string({ required_error: "errors.required" }).transform((value, ctx) => {
    const milli = parseCredits(value);
    if (milli === null || (options.positive && milli === 0n)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: milli === null ? "errors.creditsFormat" : "errors.amountPositive" });
      return z.NEVER;
    }
    return milli;
  });
}
const creditsField = creditsAmount({ positive: false });
const positiveCreditsField = creditsAmount({ positive: true });

const positiveYuanField = z.string({ required_error: "errors.required" }).transform((value, ctx) => {
  const fen = parseYuanToFen(value);
  if (fen === null || fen <= 0n) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.amountFormat" });
    return z.NEVER;
  }
  return fen;
});

const parkDateField = z
  .string({ required_error: "errors.required" })
  .trim()
  .refine((v) => isIsoDate(v), "errors.date");

export const grantCategories = ["welcome", "programme", "compensation", "other"] as const;

export const grantSchema = z.object({
  orgId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice"),
  amount: positiveCreditsField,
  category: z.enum(grantCategories, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
  reason: required(300),
  /** The last day the credits can be used; they expire when it ends. */
  expiresOn: parkDateField.refine((v) => v >= parkDate(), "errors.dateInPast").optional(),
});

const projectCodePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export const createProjectSchema = z.object({
  code: required(40).refine((v) => projectCodePattern.test(v), "errors.projectCode"),
  name: required(100),
  /** Empty: no budget beyond the company's balance. */
  budget: creditsField.optional(),
});

const projectBudgetSchema = z.object({
  projectId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice"),
  budget: creditsField.optional(),
});

export const priceSchema = z.object({
  meter: z.enum(METERS, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
  model: required(100).refine((v) => /^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(v), "errors.modelName"),
  price: creditsField,
  /** Today means from now; a later date from its start in Shanghai. */
  effectiveOn: parkDateField.refine((v) => v >= parkDate(), "errors.dateInPast"),
});

const packFields = z.object({
  nameZh: required(60),
  nameEn: required(60),
  credits: positiveCreditsField,
  bonus: creditsField.optional(),
  price: positiveYuanField,
  activeFrom: parkDateField.optional(),
  activeUntil: parkDateField.optional(),
});
const endsAfterStart = (v: { activeFrom?: string; activeUntil?: string }) => !v.activeUntil || v.activeUntil > (v.activeFrom ?? parkDate());
const dateOrder = { path: ["activeUntil"], message: "errors.dateOrder" };

export const packSchema = packFields.refine(endsAfterStart, dateOrder);

export const apiKeySchema = z.object({ name: required(100) });

/** /compute/api: a tenant's owner or admin creates a key (for the company or one project) or revokes one. */
export const tenantApiKeySchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("create-key"),
      name: required(100),
      projectId: z.string().uuid("errors.invalidChoice").optional(),
    }),
    z.object({ intent: z.literal("revoke-key"), keyId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice") }),
  ],
  badIntent
);

/** A statement month, YYYY-MM. */
export function isMonth(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** /compute/projects: create a project, or set one's budget. */
export const projectsFormSchema = z.discriminatedUnion("intent", [createProjectSchema.extend({ intent: z.literal("create") }), projectBudgetSchema.extend({ intent: z.literal("budget") })], badIntent);

/** /admin/credits/keys: create a gateway key, or revoke one. */
export const gatewayKeysSchema = z.discriminatedUnion("intent", [apiKeySchema.extend({ intent: z.literal("create") }), z.object({ intent: z.literal("revoke"), keyId: rowId })], badIntent);

/** /admin/credits/packs: put a pack on sale, or end one's sale. */
export const packsFormSchema = z
  .discriminatedUnion("intent", [packFields.extend({ intent: z.literal("create") }), z.object({ intent: z.literal("end"), packId: rowId })])
  .refine((v) => v.intent !== "create" || endsAfterStart(v), dateOrder);

/** /admin/credits: run the ledger reconciliation now (the button sends nothing else). */
export const reconcileSchema = z.object({});
