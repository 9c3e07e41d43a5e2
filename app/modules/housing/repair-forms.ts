// The forms of repairs (报修), monthly meter readings and move-out deposit deductions, as zod schemas
// shared by the routes, the module (which validates again before writing) and the tests. Messages
// are catalogue keys.
import { z } from "zod";
import { repairStatuses } from "#db/schema/housing-values";
import { yuanField } from "~/modules/billing/finance-forms";
import { isIsoDate, parkLocalToInstant } from "~/modules/platform/dates";
import { act, handoverSchema, intentForms, noticeSchema, optionalText, recordId, renewSchema } from "./forms";

export const repairCategories = ["plumbing", "electrical", "appliance", "furniture", "network", "doors_locks", "other"] as const;

export const MAX_REPAIR_PHOTOS = 6;
export const MAX_REPAIR_PHOTO_BYTES = 8 * 1024 * 1024;
export const repairPhotoTypes = ["image/png", "image/jpeg", "image/webp"] as const;

const text = (min: number, max: number, tooShort = "errors.required") =>
  z
    .string({ required_error: "errors.required", invalid_type_error: "errors.required" })
    .trim()
    .min(min, tooShort)
    .max(max, "errors.tooLong")
    .refine((v) => !/[<>]/.test(v), "errors.noAngleBrackets");
export const reportRepairSchema = z.object({
  leaseId: z.string().uuid("errors.invalidChoice").optional(),
  unitId: z.string().uuid("errors.invalidChoice").optional(),
  category: z.enum(repairCategories, { errorMap: () => ({ message: "housing.errors.repairCategory" }) }),
  description: text(5, 2000, "housing.errors.repairDescription"),
});

export const assignRepairSchema = z.object({
  assigneeUserId: z.string({ required_error: "errors.required" }).uuid("errors.invalidChoice"),
});

export const scheduleRepairSchema = z.object({
  scheduledFor: z
    .string({ required_error: "errors.required" })
    .trim()
    .refine((v) => parkLocalToInstant(v) !== null, "housing.errors.repairSchedule")
    .transform((v) => parkLocalToInstant(v)!),
});

export const resolveRepairSchema = z.object({ note: text(2, 1000) });

export const confirmRepairSchema = z.object({
  rating: z.coerce
    .number({ required_error: "housing.errors.repairRating", invalid_type_error: "housing.errors.repairRating" })
    .int("housing.errors.repairRating")
    .min(1, "housing.errors.repairRating")
    .max(5, "housing.errors.repairRating"),
  comment: optionalText(1000),
});

export const reopenRepairSchema = z.object({ reason: text(2, 1000) });
export const cancelRepairSchema = z.object({ reason: optionalText(500) });

/** A unit's monthly meter reading: a park date and the two meters, up to two decimals, kept exact as text. */
const meterValue = z
  .string({ required_error: "errors.required" })
  .trim()
  .refine((v) => /^\d{1,10}(\.\d{1,2})?$/.test(v), "housing.errors.meterValue");
export const meterReadingSchema = z.object({
  readOn: z
    .string({ required_error: "errors.required" })
    .trim()
    .refine(isIsoDate, "errors.date"),
  electricityKwh: meterValue,
  waterM3: meterValue,
});

/** A deduction from a deposit at move-out: what it is for, in both languages, and how much. */
export const depositDeductionSchema = z.object({
  descriptionZh: text(2, 200),
  descriptionEn: optionalText(200),
  amount: yuanField.refine((fen) => fen > 0n, "errors.amountPositive"),
});

/**
 * The repair workflow in one place. Housing staff assign, schedule (and reschedule) and resolve;
 * the reporter confirms a resolved repair or reopens it (back to its assignee); the reporter or
 * staff may cancel one that is not resolved yet.
 */
const repairTransitions = {
  reported: ["assigned", "cancelled"],
  assigned: ["assigned", "scheduled", "resolved", "cancelled"],
  scheduled: ["assigned", "scheduled", "resolved", "cancelled"],
  resolved: ["confirmed", "assigned"],
  confirmed: [],
  cancelled: [],
} as const satisfies Record<(typeof repairStatuses)[number], readonly (typeof repairStatuses)[number][]>;

export function canMoveRepair(from: (typeof repairStatuses)[number], to: (typeof repairStatuses)[number]) {
  return (repairTransitions[from] as readonly string[]).includes(to);
}

/** Still waiting on someone: its age is shown and counts. */
export const OPEN_REPAIR_STATUSES = ["reported", "assigned", "scheduled"] as const;

// The repair pages' forms and the housing office's lease page, one union of intents per page (STYLE.md §1).

/** The housing office on a repair: assign, schedule, resolve or cancel it. */
export const consoleRepairForms = intentForms([
  assignRepairSchema.extend({ intent: z.literal("assign") }),
  scheduleRepairSchema.extend({ intent: z.literal("schedule") }),
  resolveRepairSchema.extend({ intent: z.literal("resolve") }),
  cancelRepairSchema.extend({ intent: z.literal("cancel") }),
]);

/** The reporter on a repair: confirm and rate it, reopen it, or withdraw it. */
export const repairPageForms = intentForms([
  confirmRepairSchema.extend({ intent: z.literal("confirm") }),
  reopenRepairSchema.extend({ intent: z.literal("reopen") }),
  act("cancel"),
]);

/** The report form as the page sends it: the fields and up to six photos (a form with none chosen sends no file). */
export const reportRepairFormSchema = reportRepairSchema.extend({
  photos: z
    .array(z.instanceof(File))
    .max(MAX_REPAIR_PHOTOS, `housing.errors.repairTooManyPhotos::${JSON.stringify({ max: MAX_REPAIR_PHOTOS })}`)
    .default([]),
});

/** The housing office's lease page: residents, handovers, notice and renewal, the deposit. */
export const consoleLeaseForms = intentForms([
  z.object({ intent: z.literal("reveal"), residentId: recordId }),
  handoverSchema.extend({ intent: z.literal("checkIn") }),
  handoverSchema.extend({ intent: z.literal("checkOut") }),
  noticeSchema.extend({ intent: z.literal("notice") }),
  renewSchema.extend({ intent: z.literal("renew") }),
  depositDeductionSchema.extend({ intent: z.literal("addDeduction") }),
  z.object({ intent: z.literal("removeDeduction"), deductionId: recordId }),
  act("settle"),
]);

