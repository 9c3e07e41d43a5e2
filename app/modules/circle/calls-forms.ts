// Programmes and open calls: the forms (zod, shared by routes, the module and the tests), the call's
// state machine and the pure rules of deadlines, rubrics and scores. Messages are catalogue keys.
import { z } from "zod";
import { isIsoDate, parkInstant } from "~/modules/platform/dates";

// The call form shows a deadline as a park day and time; the edit page imports the helper from here.
export { parkDayAndTime } from "~/modules/platform/dates";

export const callKinds = ["call", "incubator"] as const;
/** @public (exported for its type, CallStatus) */
export const callStatuses = ["draft", "open", "closed", "decided"] as const;
export type CallStatus = (typeof callStatuses)[number];

/** What a submission can attach; a call names the kinds it requires. */
export const attachmentKinds = ["proposal", "script", "pitch_deck", "budget", "team", "other"] as const;
export type CallAttachmentKind = (typeof attachmentKinds)[number];
export const MAX_CALL_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_CALL_ATTACHMENTS = 12;

/** The call's state machine in one place: the transitions staff may make, and the event's name. */
export const callTransitions = {
  open: { from: ["draft"], to: "open" },
  close: { from: ["open"], to: "closed" },
  decide: { from: ["closed"], to: "decided" },
} as const satisfies Record<string, { from: readonly CallStatus[]; to: CallStatus }>;
export type CallTransition = keyof typeof callTransitions;

/** An open call whose deadline has passed is closed, whether or not anyone has written it down yet. */
export function effectiveCallStatus(call: { status: string; deadlineAt: Date }, now = new Date()): CallStatus {
  if (call.status === "open" && call.deadlineAt.getTime() <= now.getTime()) return "closed";
  return call.status as CallStatus;
}

/** Whole days, hours and minutes until the deadline (null once it has passed): the page's countdown. */
export function timeLeft(deadlineAt: Date, now = new Date()) {
  const ms = deadlineAt.getTime() - now.getTime();
  if (ms <= 0) return null;
  const minutes = Math.floor(ms / 60_000);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** A rubric line: "名称 | English name | max score"; the English name may be left out. */
export function parseRubric(value: string) {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, index) => {
      const parts = line.split("|").map((p) => p.trim());
      const maxText = parts.length >= 2 ? parts[parts.length - 1] : "";
      const names = parts.length >= 2 ? parts.slice(0, -1) : parts;
      return { key: `c${index + 1}`, nameZh: names[0] ?? "", nameEn: names[1] ?? "", maxScore: /^\d{1,3}$/.test(maxText) ? Number(maxText) : NaN };
    });
}

export function rubricToText(rubric: { nameZh: string; nameEn: string; maxScore: number }[]) {
  return rubric.map((c) => [c.nameZh, c.nameEn, String(c.maxScore)].filter(Boolean).join(" | ")).join("\n");
}

/** Checks one reviewer's points against the rubric; returns the scores by key and their total. */
export function checkScores(rubric: { key: string; maxScore: number }[], points: number[]) {
  if (points.length !== rubric.length) return null;
  const scores: Record<string, number> = {};
  let total = 0;
  for (const [i, criterion] of rubric.entries()) {
    const value = points[i];
    if (!Number.isInteger(value) || value < 0 || value > criterion.maxScore) return null;
    scores[criterion.key] = value;
    total += value;
  }
  return { scores, total };
}

/** Attachment kinds a submission still lacks. */
export function missingAttachments(required: readonly string[], attached: readonly string[]) {
  return required.filter((kind) => !attached.includes(kind));
}

const choice = { errorMap: () => ({ message: "errors.invalidChoice" }) };
const text = (max: number) => z.string().trim().max(max, "errors.tooLong");
const required = (max: number) => z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");
const listOf = <T extends z.ZodTypeAny>(item: T, max: number) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item).max(max, "errors.tooLong"));

export const callSchema = z
  .object({
    kind: z.enum(callKinds, choice),
    titleZh: required(120),
    titleEn: text(200).default(""),
    descriptionZh: required(4000),
    descriptionEn: text(6000).default(""),
    criteriaZh: text(4000).default(""),
    criteriaEn: text(6000).default(""),
    deadlineDate: z
      .string({ required_error: "errors.required" })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date")
      .refine(isIsoDate, "errors.date"),
    deadlineTime: z
      .string({ required_error: "errors.required" })
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "errors.callTime"),
    requiredAttachments: listOf(z.enum(attachmentKinds, choice), attachmentKinds.length),
    rubric: z
      .string({ required_error: "errors.required" })
      .max(3000, "errors.tooLong")
      .transform((v) => parseRubric(v))
      .refine((rubric) => rubric.length >= 1 && rubric.length <= 12, "errors.callRubric")
      .refine((rubric) => rubric.every((c) => c.nameZh.length > 0 && c.nameZh.length <= 60 && c.nameEn.length <= 80 && Number.isInteger(c.maxScore) && c.maxScore >= 1 && c.maxScore <= 100), "errors.callRubric"),
    reviewerIds: listOf(z.string().uuid("errors.invalidChoice"), 30),
    awardCredits: z
      .number({ invalid_type_error: "errors.circleNumber" })
      .int("errors.circleNumber")
      .min(1, "errors.circleNumber")
      .max(10_000_000, "errors.circleNumber")
      .optional(),
  })
  .transform(({ deadlineDate, deadlineTime, awardCredits, ...rest }) => ({
    ...rest,
    deadlineAt: parkInstant(deadlineDate, deadlineTime),
    awardMilli: awardCredits === undefined ? null : BigInt(awardCredits) * 1000n,
  }));
export type CallInput = z.output<typeof callSchema>;

/** The staff console's buttons. */
export const callActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open") }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("decide") }),
  z.object({ intent: z.literal("award"), submissionId: z.string().uuid("errors.invalidChoice"), note: text(500).default("") }),
]);

/** The entry form's buttons: save the draft, submit it, withdraw it, remove a file. */
export const entryActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), title: required(120), summary: text(6000).default("") }),
  z.object({ intent: z.literal("submit"), title: required(120), summary: text(6000).default("") }),
  z.object({ intent: z.literal("withdraw") }),
  z.object({ intent: z.literal("remove-file"), attachmentId: z.string().uuid("errors.invalidChoice") }),
]);
export type EntryAction = z.infer<typeof entryActionSchema>;

/** A file for the entry (/circle/calls/:id/files); the title starts a draft entry when there is none yet. */
export const entryUploadSchema = z.object({
  kind: z.enum(attachmentKinds, choice),
  file: z.custom<File>((value) => typeof File !== "undefined" && value instanceof File && value.size > 0, "errors.fileRequired"),
  draftTitle: z.string().trim().max(200).default(""),
});

/** A reviewer's scores: one number per rubric criterion, in the rubric's order. */
export const scoreSchema = z.object({
  points: z
    .array(z.number({ required_error: "errors.required", invalid_type_error: "errors.circleNumber" }).int("errors.circleNumber").min(0, "errors.circleNumber").max(100, "errors.circleNumber"), { required_error: "errors.required" })
    .max(12, "errors.tooLong"),
  comment: text(2000).default(""),
});
export type ScoreInput = z.infer<typeof scoreSchema>;
