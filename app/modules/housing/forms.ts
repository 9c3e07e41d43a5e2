// The housing forms as zod schemas, shared by the routes (server and browser validation), the
// module (which validates its whole input again before writing anything) and the tests. Messages
// are catalogue keys; a field's problem is reported on that field.
import { z } from "zod";
import { unitTypes } from "#db/schema/housing-values";
import { yuanField } from "~/modules/billing/finance-forms";
import { AppError } from "~/modules/platform/errors";
import { addDaysIso, isIsoDate, parkDate } from "~/modules/platform/dates";
import { isValidResidentId, normaliseResidentId } from "~/modules/platform/resident-id";
import { MAX_RESIDENTS, MAX_STAY_DAYS, MIN_STAY_DAYS, daysBetween } from "./rules";

export const furnishings = ["furnished", "basic", "unfurnished"] as const;
export const unitStatuses = ["available", "let", "reserved", "maintenance"] as const;
export const payers = ["company", "resident"] as const;

const required = (max: number) =>
  z
    .string({ required_error: "errors.required", invalid_type_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(max, "errors.tooLong")
    .refine((v) => !/[<>]/.test(v), "errors.noAngleBrackets");
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "errors.tooLong")
    .refine((v) => !/[<>]/.test(v), "errors.noAngleBrackets")
    .optional();
const dateField = z.string({ required_error: "errors.required", invalid_type_error: "errors.required" }).trim().refine(isIsoDate, "errors.date");
const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ required_error: "errors.required", invalid_type_error: "housing.errors.number" })
    .int("housing.errors.number")
    .min(min, "housing.errors.numberRange")
    .max(max, "housing.errors.numberRange");
/** A meter reading or an area: up to two decimals, kept as the exact decimal text. */
const decimalText = (max: number) =>
  z.coerce
    .string({ required_error: "errors.required" })
    .trim()
    .refine((v) => /^\d{1,9}(\.\d{1,2})?$/.test(v) && Number(v) <= max, "housing.errors.decimal");
const uuidField = z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice");

type Rules<Shape extends z.ZodRawShape> = (fields: Partial<z.output<z.ZodObject<Shape>>>, ctx: z.RefinementCtx, raw: Record<string, unknown>) => void;
type RuleCheck = (raw: unknown, ctx: z.RefinementCtx) => void;

/** Runs `rules` on the fields of `shape` that parse on their own (see withRules). */
function ruleCheck<Shape extends z.ZodRawShape>(shape: Shape, rules: Rules<Shape>): RuleCheck {
  return (raw, ctx) => {
    if (typeof raw !== "object" || raw === null) return;
    const input = raw as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(shape)) {
      const parsed = schema.safeParse(input[name]);
      if (parsed.success) fields[name] = parsed.data;
    }
    rules(fields as Partial<z.output<z.ZodObject<Shape>>>, ctx, input);
  };
}

/**
 * An object whose rules across fields (a move-out after the move-in, one resident in a shared
 * room) run even when another field is wrong, so a form answers with every problem at once. zod
 * skips an object's refinements as soon as one field fails to parse; here the rules run first, on
 * the fields that parse on their own (the others are undefined), and then the fields are checked.
 * `raw` is the input as sent, for rules that only count things (how many residents).
 */
function withRules<Shape extends z.ZodRawShape>(shape: Shape, rules: Rules<Shape>) {
  const check = ruleCheck(shape, rules);
  return z.preprocess((raw, ctx) => {
    check(raw, ctx);
    return raw;
  }, z.object(shape)) as unknown as z.ZodEffects<z.ZodObject<Shape>>; // typed by its fields (as the plain object would be), not as `unknown` in
}

type IntentOption = z.ZodDiscriminatedUnionOption<"intent">;

/**
 * A page's forms as one `z.discriminatedUnion("intent", …)` for `byIntent`; a form with rules
 * across its fields has them checked the way `withRules` does, so it too answers every problem at
 * once. An intent the page does not know is a bad form.
 */
export function intentForms<Options extends [IntentOption, ...IntentOption[]]>(options: Options, rules: Record<string, RuleCheck> = {}) {
  const union = z.discriminatedUnion("intent", options, { errorMap: () => ({ message: "errors.badForm" }) });
  return z.preprocess((raw, ctx) => {
    const intent = typeof raw === "object" && raw !== null ? (raw as { intent?: unknown }).intent : undefined;
    if (typeof intent === "string" && Object.hasOwn(rules, intent)) rules[intent](raw, ctx);
    return raw;
  }, union) as unknown as z.ZodEffects<typeof union>;
}

/** A form that only names what it does (a button: endorse, withdraw, settle). */
export const act = <Intent extends string>(intent: Intent) => z.object({ intent: z.literal(intent) });
/** A record the form is about; the module answers an unknown one with 404. */
export const recordId = z.string({ required_error: "errors.badForm", invalid_type_error: "errors.badForm" });

const unitTypeField = z.enum(unitTypes, { errorMap: () => ({ message: "housing.errors.unknownUnitType" }) });

export const residentSchema = z.object({
  name: required(60),
  idNumber: z
    .string({ required_error: "errors.required" })
    .transform(normaliseResidentId)
    .refine((v) => v.length > 0, "errors.required")
    .refine(isValidResidentId, "housing.errors.residentId"),
  phone: z
    .string({ required_error: "errors.required" })
    .transform((v) => v.replace(/[\s-]/g, ""))
    .refine((v) => /^\+?\d{7,15}$/.test(v), "errors.phone"),
  /** The platform account of this resident, when they have one (a member of the same company). */
  userId: uuidField.optional(),
});
export type ResidentInput = z.input<typeof residentSchema>;

/** A member asks for a unit: type, dates, who pays and who will live there (the first is the primary resident). */
const applicationFields = {
  unitType: unitTypeField,
  moveInOn: dateField,
  moveOutOn: dateField,
  payer: z.enum(payers, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
  note: optionalText(1000),
  residents: z.array(residentSchema).min(1, "housing.errors.residentsRequired").max(MAX_RESIDENTS, "housing.errors.tooManyResidents"),
  /** An owner or admin applying for an employee: the member who will live there. */
  forUserId: uuidField.optional(),
  /** An owner or admin applying for a new hire not on the platform yet: the address invited. */
  newHireEmail: z.string().trim().toLowerCase().email("errors.email").max(254, "errors.tooLong").optional(),
};
export const applicationSchema = withRules(applicationFields, ({ unitType, moveInOn, moveOutOn }, ctx, raw) => {
  if (moveInOn !== undefined && moveInOn < parkDate()) ctx.addIssue({ code: "custom", path: ["moveInOn"], message: "housing.errors.moveInPast" });
  if (moveInOn !== undefined && moveOutOn !== undefined) {
    if (moveOutOn <= moveInOn) ctx.addIssue({ code: "custom", path: ["moveOutOn"], message: "housing.errors.moveOutBeforeMoveIn" });
    else {
      const days = daysBetween(moveInOn, moveOutOn);
      if (days < MIN_STAY_DAYS || days > MAX_STAY_DAYS) ctx.addIssue({ code: "custom", path: ["moveOutOn"], message: "housing.errors.stayLength" });
    }
  }
  if (raw.forUserId && raw.newHireEmail) ctx.addIssue({ code: "custom", path: ["newHireEmail"], message: "housing.errors.oneBeneficiary" });
  const residents = Array.isArray(raw.residents) ? raw.residents.length : 0;
  if (unitType === "shared" && residents > 1) ctx.addIssue({ code: "custom", path: ["residents"], message: "housing.errors.sharedOneResident" });
});
export type ApplicationInput = z.input<typeof applicationSchema>;

/** A unit as housing staff describe it, less its money (in fen for the module, in yuan on the form). */
const unitFields = {
  buildingId: uuidField,
  code: z
    .string({ required_error: "errors.required" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, "housing.errors.unitCode"),
  floor: wholeNumber(-3, 200),
  unitType: unitTypeField,
  beds: wholeNumber(1, 12),
  areaM2: decimalText(10_000).refine((v) => Number(v) > 0, "housing.errors.decimal"),
  furnishing: z.enum(furnishings, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
  descriptionZh: optionalText(2000),
  descriptionEn: optionalText(2000),
  status: z.enum(unitStatuses, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
  shortStay: z.boolean(),
};
function unitRules({ unitType, beds, shortStay }: { unitType?: string; beds?: number; shortStay?: boolean }, ctx: z.RefinementCtx) {
  if (unitType !== undefined && unitType !== "shared" && beds !== undefined && beds !== 1) ctx.addIssue({ code: "custom", path: ["beds"], message: "housing.errors.bedsWholeUnit" });
  if (unitType === "shared" && shortStay) ctx.addIssue({ code: "custom", path: ["shortStay"], message: "housing.errors.sharedNoShortStay" });
}

const unitModuleFields = {
  ...unitFields,
  monthlyRentFen: z.bigint().positive("errors.amountPositive"),
  depositFen: z.bigint().nonnegative("errors.amountPositive"),
};
export const unitSchema = withRules(unitModuleFields, unitRules);
export type UnitInput = z.input<typeof unitSchema>;

/** The unit form as typed: rent and deposit in yuan, the checkbox as "on", beds and status left out for a default. */
const unitFormFields = {
  ...unitFields,
  beds: unitFields.beds.default(1),
  status: unitFields.status.default("available"),
  shortStay: z
    .enum(["on"])
    .optional()
    .transform((v) => v === "on"),
  monthlyRent: yuanField.refine((fen) => fen > 0n, "errors.amountPositive"),
  deposit: yuanField,
};
/** The unit form's values as the module takes them: rent and deposit in fen. */
export function unitFromForm({ monthlyRent, deposit, ...unit }: z.output<z.ZodObject<typeof unitFormFields>>): z.output<typeof unitSchema> {
  return { ...unit, monthlyRentFen: monthlyRent, depositFen: deposit };
}
export const unitFormSchema = withRules(unitFormFields, unitRules).transform(unitFromForm);

export const quotaSchema = z.object({ places: wholeNumber(0, 500), note: required(500) });
export const reasonSchema = z.object({ reason: required(2000) });
export const prioritySchema = z.object({ priority: wholeNumber(-100, 100), reason: required(500) });

const offerFields = {
  applicationId: uuidField,
  unitId: uuidField,
  bedNo: wholeNumber(0, 12).default(0),
  startsOn: dateField,
  endsOn: dateField,
  reason: required(1000),
};
function stayRules({ startsOn, endsOn }: { startsOn?: string; endsOn?: string }, ctx: z.RefinementCtx) {
  if (startsOn !== undefined && endsOn !== undefined && endsOn <= startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "housing.errors.endBeforeStart" });
}
export const offerSchema = withRules(offerFields, stayRules);
export type OfferInput = z.input<typeof offerSchema>;

export const noticeSchema = z.object({ endsOn: dateField });
export const renewSchema = z.object({ endsOn: dateField });

export const handoverSchema = z.object({
  keys: wholeNumber(0, 50),
  accessCards: wholeNumber(0, 50),
  electricityKwh: decimalText(10_000_000),
  waterM3: decimalText(10_000_000),
  note: optionalText(1000),
});
export type HandoverInput = z.input<typeof handoverSchema>;

const maintenanceFields = { unitId: uuidField, from: dateField, to: dateField, note: required(500) };
function maintenanceRules({ from, to }: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (from !== undefined && to !== undefined && (to <= from || to > addDaysIso(from, 366))) ctx.addIssue({ code: "custom", path: ["to"], message: "housing.errors.endBeforeStart" });
}
/** A unit blocked for maintenance from `from` to `to` (exclusive), at most a year (366 days) at a time. */
export const maintenanceSchema = withRules(maintenanceFields, maintenanceRules);
export type MaintenanceInput = z.input<typeof maintenanceSchema>;

// The pages' forms, one union of intents per page with several forms (STYLE.md §1).

/** An application as its applicant, a resident or the company's owner/admin acts on it (/housing/applications/:id). */
export const applicationPageForms = intentForms([
  act("endorse"),
  z.object({ intent: z.literal("decline"), reason: required(2000) }),
  act("withdraw"),
  z.object({ intent: z.literal("accept"), offerId: recordId }),
  z.object({ intent: z.literal("declineOffer"), offerId: recordId }),
]);

/** The housing office confirms an application nobody at the company may confirm. */
export const consoleApplicationForms = intentForms([act("confirm")]);

/** The company page: endorse or decline a member's application. */
export const companyForms = intentForms([
  z.object({ intent: z.literal("endorse"), applicationId: recordId }),
  z.object({ intent: z.literal("decline"), applicationId: recordId, reason: required(2000) }),
]);

/** The resident signs (the terms ticked) or gives notice; `back` is the page the form was on. */
export const leasePageForms = intentForms([
  z.object({
    intent: z.literal("sign"),
    agree: z.literal("yes", { errorMap: () => ({ message: "housing.errors.mustAgreeTerms" }) }),
    termsVersion: z.string().default(""),
    back: z.string().optional(),
  }),
  z.object({ intent: z.literal("notice"), endsOn: dateField, back: z.string().optional() }),
]);

const { unitId: _unitId, ...blockFields } = maintenanceFields;
/** A unit's editor: save the unit, or block it for maintenance. */
export const unitPageForms = intentForms(
  [z.object({ intent: z.literal("save"), ...unitFormFields }), z.object({ intent: z.literal("block"), ...blockFields })],
  { save: ruleCheck(unitFormFields, unitRules), block: ruleCheck(blockFields, maintenanceRules) },
);

/** A free place as the waitlist's select sends it: "unitId:bedNo". */
const placeField = z
  .string({ required_error: "errors.invalidChoice" })
  .regex(/^[0-9a-f-]{36}:\d{1,2}$/i, "errors.invalidChoice")
  .transform((place) => {
    const [unitId, bedNo] = place.split(":");
    return { unitId, bedNo: Number(bedNo) };
  });
const offerFormFields = { applicationId: recordId, place: placeField, startsOn: dateField, endsOn: dateField, reason: required(1000) };

/** The waitlist: a priority, an offer of a free place, a rejection. */
export const waitlistForms = intentForms(
  [
    prioritySchema.extend({ intent: z.literal("priority"), applicationId: recordId }),
    z.object({ intent: z.literal("offer"), ...offerFormFields }),
    reasonSchema.extend({ intent: z.literal("reject"), applicationId: recordId }),
  ],
  { offer: ruleCheck(offerFormFields, stayRules) },
);

export const quotaFormSchema = quotaSchema.extend({ orgId: recordId });
export const withdrawOfferSchema = reasonSchema.extend({ offerId: recordId });
export const billRentSchema = act("billRent");

/**
 * Validates a module's whole input before anything is written; the first problem becomes an
 * `invalid` AppError naming its field (`params.field`, e.g. `residents.0.idNumber`).
 */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError("invalid", issue?.message ?? "errors.badForm", { field: issue?.path.join(".") ?? "" });
}
