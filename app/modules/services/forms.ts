// The services forms, shared by routes (server and browser validation) and tests. Messages are
// catalogue keys. A booking form becomes a `LineRequest` here, so the preview, the cart and the
// order all price exactly the same line.
import { z } from "zod";
import { yuanField } from "~/modules/billing/finance-forms";
import { parseYuanToFen } from "~/modules/billing/money";
import { isIsoDate, parkInstant } from "~/modules/platform/dates";
import { CATEGORIES, DAILY_UNITS, HOURLY_UNITS, PRICING_UNITS, type PricingUnit } from "./pricing";

/** A line's note is short: it travels with the line in the cart cookie. */
export const LINE_NOTE_MAX = 120;

/** Paths under /services that an offering or package code may not take. */
const RESERVED_CODES = ["orders", "desk", "packages", "cart", "preview", "new"];

const noHtml = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "errors.tooLong")
    .refine((v) => !/[<>]/.test(v), "errors.noAngleBrackets");

const required = (max: number) => noHtml(max).pipe(z.string().min(1, "errors.required"));

const intField = (min: number, max: number, message = "errors.invalidNumber") =>
  z.coerce
    .number({ invalid_type_error: message, required_error: "errors.required" })
    .int(message)
    .min(min, message)
    .max(max, message);

const dateField = z
  .string({ required_error: "services.problems.dateRequired" })
  .trim()
  .refine((v) => isIsoDate(v), "errors.date");

const timeField = z
  .string({ required_error: "services.problems.timeRequired" })
  .trim()
  .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(v), "services.problems.timeFormat");

const codeField = z
  .string({ required_error: "errors.required" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,47}$/, "services.problems.codeFormat")
  .refine((v) => !RESERVED_CODES.includes(v), "services.problems.codeReserved");

/**
 * One booking of an offering, as typed: the fields it needs depend on how it is priced (hours:
 * a date and times; days and nights: a start date and a count; items and quotes: an optional date).
 */
export function bookingSchema(unit: PricingUnit) {
  const base = {
    quantity: intField(1, 100_000, "services.problems.quantity"),
    note: noHtml(LINE_NOTE_MAX).optional(),
  };
  if (HOURLY_UNITS.includes(unit)) {
    return z
      .object({ ...base, date: dateField, startTime: timeField, endTime: timeField })
      .refine((v) => v.endTime > v.startTime, { path: ["endTime"], message: "services.problems.endBeforeStart" });
  }
  if (DAILY_UNITS.includes(unit)) {
    return z.object({ ...base, date: dateField, days: intField(1, 90, "services.problems.days") });
  }
  return z.object({ ...base, date: dateField.optional() });
}

export type BookingValue = {
  quantity: number;
  note?: string;
  date?: string;
  days?: number;
  startTime?: string;
  endTime?: string;
};

/** Park wall-clock time on a date → ISO instant; "24:00" is the next midnight. */
function parkTimeIso(date: string, time: string) {
  return parkInstant(date, time).toISOString();
}

/** What `priceLines` and `placeOrder` are asked for this booking; the note stays with its line. */
export function lineRequestFor(offeringCode: string, unit: PricingUnit, value: BookingValue) {
  const note = value.note ? { note: value.note } : {};
  if (HOURLY_UNITS.includes(unit)) {
    return { offeringCode, quantity: value.quantity, startsAt: parkTimeIso(value.date!, value.startTime!), endsAt: parkTimeIso(value.date!, value.endTime!), ...note };
  }
  if (DAILY_UNITS.includes(unit)) return { offeringCode, quantity: value.quantity, startDate: value.date, days: value.days, ...note };
  return value.date ? { offeringCode, quantity: value.quantity, startDate: value.date, days: 1, ...note } : { offeringCode, quantity: value.quantity, ...note };
}

/** The form field of an add-on's quantity on a stage's booking form. */
export const addOnField = (code: string) => `addon-${code}`;

/**
 * The add-ons asked for beside a booking by the day, on its dates: a line per add-on with a
 * quantity above 0; a quantity that is not a whole number from 0 to the add-on's maximum is an
 * error on its field.
 */
export function addOnRequests(
  fields: Record<string, unknown>,
  addOns: { code: string; maxQuantity: number }[],
  booking: { date?: string; days?: number },
) {
  const lines: { offeringCode: string; quantity: number; startDate?: string; days?: number }[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const addOn of addOns) {
    const raw = String(fields[addOnField(addOn.code)] ?? "").trim();
    if (raw === "" || raw === "0") continue;
    const quantity = Number(raw);
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > addOn.maxQuantity) {
      fieldErrors[addOnField(addOn.code)] = [encodeKey("services.problems.quantityRange", { min: 0, max: addOn.maxQuantity })];
      continue;
    }
    lines.push({ offeringCode: addOn.code, quantity, startDate: booking.date, days: booking.days });
  }
  return { lines, fieldErrors };
}

/**
 * The booking form as its action parses it: which button sent it (book now, or add to the cart),
 * the booking, and the offering's add-ons asked for beside it (their `addon-<code>` fields, checked
 * as `addOnRequests` checks them) — every field's errors in the first answer.
 */
export function bookingFormSchema(unit: PricingUnit, addOns: { code: string; maxQuantity: number }[]) {
  const intent = z.discriminatedUnion("intent", [z.object({ intent: z.literal("book") }), z.object({ intent: z.literal("add") })]);
  const addOnFields = z
    .object({})
    .passthrough()
    .superRefine((fields, ctx) => {
      for (const [field, messages] of Object.entries(addOnRequests(fields, addOns, {}).fieldErrors)) {
        for (const message of messages) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
      }
    })
    .transform((fields) => Object.fromEntries(addOns.map(({ code }) => [addOnField(code), fields[addOnField(code)]])));
  return z.intersection(intent, z.intersection(bookingSchema(unit), addOnFields));
}

/** Which field of the booking form a `priceLines` problem belongs to. */
function fieldForProblem(messageKey: string): string {
  switch (messageKey) {
    case "errors.quantityRange":
      return "quantity";
    case "errors.timeRange":
    case "errors.outsideOpeningHours":
      return "startTime";
    case "errors.dateRange":
    case "errors.leadTime":
    case "errors.startInPast":
      return "date";
    default:
      return "";
  }
}

export const orderNoteSchema = z.object({
  title: noHtml(100).optional(),
  note: noHtml(1000).optional(),
});

/** The cart's forms: take one line out, empty it, or place the order (a title and a note). */
export const cartSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("remove"), index: z.coerce.number().int() }),
  z.object({ intent: z.literal("clear") }),
  orderNoteSchema.extend({ intent: z.literal("submit") }),
]);

export const packageBookingSchema = z.object({
  startDate: dateField,
  note: noHtml(1000).optional(),
});

const cancelSchema = z.object({ reason: noHtml(500).optional() });
export const resubmitSchema = z.object({ note: required(1000) });

/** The tenant's forms on one order: cancel it, accept or decline a quote, resubmit after changes. */
export const tenantOrderSchema = z.discriminatedUnion("intent", [
  cancelSchema.extend({ intent: z.literal("cancel") }),
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("decline") }),
  resubmitSchema.extend({ intent: z.literal("resubmit") }),
]);

/** The quote form names each price `price_<line id>`; a typed price is yuan ("120,000.00"). */
const PRICE_PREFIX = "price_";

function quotePrices(value: Record<string, unknown>) {
  const prices: Record<string, bigint> = {};
  const problems: Record<string, string> = {};
  for (const [key, typed] of Object.entries(value)) {
    if (!key.startsWith(PRICE_PREFIX) || typeof typed !== "string") continue;
    const fen = parseYuanToFen(typed);
    if (fen === null || fen <= 0n) problems[key] = typed.trim() ? "errors.amountFormat" : "errors.required";
    else prices[key.slice(PRICE_PREFIX.length)] = fen;
  }
  return { prices, problems };
}

/**
 * The desk's forms on one order: decide (a reason unless approving), quote the quote-only lines,
 * mark it under way or done, cancel it (with a reason).
 */
export const deskOrderSchema = z
  .discriminatedUnion("intent", [
    z.object({
      intent: z.literal("decide"),
      decision: z.enum(["approve", "reject", "request_changes"], { errorMap: () => ({ message: "errors.invalidChoice" }) }),
      note: noHtml(1000).optional(),
    }),
    // Prices arrive as typed (an empty one included), one field per quote-only line.
    z.object({ intent: z.literal("quote"), note: noHtml(1000).optional() }).catchall(z.string()),
    z.object({ intent: z.literal("in_progress") }),
    z.object({ intent: z.literal("completed") }),
    z.object({
      intent: z.literal("cancel"),
      reason: z
        .string({ required_error: "errors.reasonRequired" })
        .trim()
        .min(1, "errors.reasonRequired")
        .refine((v) => !/[<>]/.test(v) && v.length <= 500, "errors.noAngleBrackets"),
    }),
  ])
  .superRefine((value, ctx) => {
    if (value.intent === "decide" && value.decision !== "approve" && !value.note) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["note"], message: "errors.reasonRequired" });
    }
    if (value.intent === "quote") {
      for (const [key, message] of Object.entries(quotePrices(value).problems)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message });
    }
  })
  .transform((value) => (value.intent === "quote" ? { intent: value.intent, note: value.note, prices: quotePrices(value).prices } : value));

const hhmm = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(v), "services.problems.timeFormat");

export function minutesOf(hhmmValue: string | undefined) {
  if (!hhmmValue) return null;
  const [h, m] = hhmmValue.split(":").map(Number);
  return h * 60 + m;
}

export function hhmmOf(minutes: number | null) {
  if (minutes === null) return "";
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("1")])
  .optional()
  .transform((v) => v !== undefined);

/** Percent with up to two decimals ("30", "12.5") → basis points, without floats. */
const percentField = z
  .string({ required_error: "errors.required" })
  .trim()
  .transform((value, ctx) => {
    const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(value);
    const bp = match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : NaN;
    if (!match || bp > 10_000) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "services.problems.percent" });
      return z.NEVER;
    }
    return bp;
  });

export const resourceSchema = z
  .object({
    code: codeField,
    nameZh: required(80),
    nameEn: required(80),
    kind: z.enum(["stage", "location", "room", "equipment", "crew", "lodging", "studio", "other"], { errorMap: () => ({ message: "errors.invalidChoice" }) }),
    capacity: intField(1, 10_000),
    opens: hhmm,
    closes: hhmm,
    setupMinutes: intField(0, 1440),
    teardownMinutes: intField(0, 1440),
    active: checkbox,
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.opens) !== Boolean(v.closes)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [v.opens ? "closes" : "opens"], message: "services.problems.hoursBoth" });
    if (v.opens && v.closes && minutesOf(v.closes)! <= minutesOf(v.opens)!) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["closes"], message: "services.problems.endBeforeStart" });
  });
export type ResourceInput = z.infer<typeof resourceSchema>;

export const offeringSchema = z
  .object({
    code: codeField,
    category: z.enum(CATEGORIES, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
    nameZh: required(80),
    nameEn: required(80),
    descriptionZh: noHtml(2000).default(""),
    descriptionEn: noHtml(2000).default(""),
    pricingUnit: z.enum(PRICING_UNITS, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
    price: z.string().trim().optional(),
    minQuantity: intField(1, 100_000),
    maxQuantity: intField(1, 100_000),
    leadTimeHours: intField(0, 24 * 365),
    freeCancelHours: intField(0, 24 * 365),
    cancelFee: percentField,
    resourceId: z.union([z.literal(""), z.string().uuid("errors.invalidChoice")]).optional(),
    requiresApproval: checkbox,
    active: checkbox,
    sortOrder: intField(0, 10_000).default(0),
    /** A photo served by the park itself (the content policy allows images from this site only). */
    photo: z
      .string()
      .trim()
      .max(300, "errors.tooLong")
      .refine((v) => /^\/[A-Za-z0-9/._-]+\.(jpe?g|png|webp|avif|svg)$/i.test(v), "services.problems.photo")
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.maxQuantity < v.minQuantity) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["maxQuantity"], message: "services.problems.maxBelowMin" });
    if (v.pricingUnit !== "quote") {
      const parsed = yuanField.safeParse(v.price ?? "");
      if (!v.price) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["price"], message: "errors.required" });
      else if (!parsed.success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["price"], message: "errors.amountFormat" });
    }
  })
  .transform((v) => ({
    ...v,
    priceFen: v.pricingUnit === "quote" ? null : (parseYuanToFen(v.price ?? "") ?? 0n),
    resourceId: v.resourceId ? v.resourceId : null,
    photo: v.photo ? v.photo : null,
  }));
export type OfferingInput = z.infer<typeof offeringSchema>;

export const PACKAGE_ITEM_ROWS = 8;

export const packageSchema = z.object({
  code: codeField,
  nameZh: required(80),
  nameEn: required(80),
  descriptionZh: noHtml(2000).default(""),
  descriptionEn: noHtml(2000).default(""),
  price: yuanField.refine((fen) => fen > 0n, "errors.amountPositive"),
  active: checkbox,
  items: z
    .array(
      z.object({
        offeringId: z.union([z.literal(""), z.string().uuid("errors.invalidChoice")]).optional(),
        quantity: z.union([z.literal(""), intField(1, 10_000)]).optional(),
        dayOffset: z.union([z.literal(""), intField(0, 90)]).optional(),
        days: z.union([z.literal(""), intField(1, 90)]).optional(),
      }),
    )
    .max(PACKAGE_ITEM_ROWS)
    .default([])
    .transform((rows) =>
      rows
        .filter((r) => r.offeringId)
        .map((r) => ({ offeringId: r.offeringId as string, quantity: Number(r.quantity || 1), dayOffset: Number(r.dayOffset || 0), days: Number(r.days || 1) })),
    )
    .refine((rows) => rows.length > 0, "services.problems.packageEmpty"),
});
export type PackageInput = z.infer<typeof packageSchema>;

/** A catalogue key with parameters, in the form `<FormErrors>`/`<FieldErrors>` decode (as `encodeMessage`). */
export function encodeKey(key: string, params: Record<string, string | number> = {}) {
  return Object.keys(params).length ? `${key}::${JSON.stringify(params)}` : key;
}

/** `priceLines` problems of one booking as field errors of its form (form-level under ""). */
export function problemFieldErrors(problems: { index?: number; messageKey: string; params?: Record<string, string | number> }[], addOns: { code: string }[] = []) {
  const errors: Record<string, string[]> = {};
  for (const problem of problems) {
    // Lines after the first are the add-ons asked for beside it: their problems go on their fields.
    const addOn = problem.index ? addOns[problem.index - 1] : undefined;
    const field = addOn ? addOnField(addOn.code) : fieldForProblem(problem.messageKey);
    const name = problem.messageKey.replace(/^errors\./, "");
    (errors[field] ??= []).push(encodeKey(`services.problems.${name}`, problem.params ?? {}));
  }
  return errors;
}
