// The events' forms as zod schemas shared by routes, the module and the tests, and the small pure
// rules around them: park-time input fields, check-in codes. Messages are catalogue keys.
import { z } from "zod";
import { parkDayAndTime, parkLocalToInstant } from "~/modules/platform/dates";

export const eventAudiences = ["members", "public"] as const;
export const eventViews = ["upcoming", "past", "mine"] as const;
export type EventView = (typeof eventViews)[number];

const text = (max: number) => z.string().trim().max(max, "errors.tooLong");
const required = (max: number) => z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");

/** The instant as a datetime-local value in the park's time. */
export function instantToParkLocal(at: Date): string {
  const { date, time } = parkDayAndTime(at);
  return `${date}T${time}`;
}

const parkLocal = z
  .string({ required_error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .transform((value, ctx) => {
    const at = parkLocalToInstant(value);
    if (!at) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.circleEventTime" });
      return z.NEVER;
    }
    return at;
  });

const eventFields = z.object({
  title: required(120),
  description: text(4000).default(""),
  startsAt: parkLocal,
  endsAt: parkLocal,
  venue: text(200).default(""),
  venueResourceId: z.string().uuid("errors.invalidChoice").optional(),
  capacity: z.number({ required_error: "errors.required", invalid_type_error: "errors.circleNumber" }).int("errors.circleNumber").min(1, "errors.circleNumber").max(100_000, "errors.circleNumber"),
  audience: z.enum(eventAudiences, { errorMap: (issue) => ({ message: issue.code === "invalid_type" && issue.received === "undefined" ? "errors.required" : "errors.invalidChoice" }) }),
});

function checkEvent(value: z.infer<typeof eventFields>, ctx: z.RefinementCtx) {
  if (value.endsAt <= value.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "errors.circleEventEnds" });
  if (!value.venue && !value.venueResourceId) ctx.addIssue({ code: "custom", path: ["venue"], message: "errors.circleEventVenue" });
}

export const eventSchema = eventFields.superRefine(checkEvent);
export type EventInput = z.infer<typeof eventSchema>;

/** The forms on an event's page. */
export const eventActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("register") }),
  z.object({ intent: z.literal("cancel") }),
  z.object({
    intent: z.literal("register-public"),
    name: required(80),
    email: z.string({ required_error: "errors.required" }).trim().toLowerCase().max(254, "errors.tooLong").email("errors.email"),
  }),
]);

/** The public ticket page: confirm the email, or cancel. */
export const ticketActionSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("confirm") }), z.object({ intent: z.literal("cancel") })]);

/** Staff on an event's edit page: save the event (the form of /circle/events/new), or cancel it with a reason the registrants read. */
export const eventEditSchema = z
  .discriminatedUnion("intent", [eventFields.extend({ intent: z.literal("save") }), z.object({ intent: z.literal("cancel-event"), reason: required(500) })])
  .superRefine((value, ctx) => {
    if (value.intent === "save") checkEvent(value, ctx);
  });

// Check-in codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
// ABCD-EFGH. People type them in any case, with or without the dash or spaces.
export const CHECK_IN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CHECK_IN_LENGTH = 8;

export function normaliseCheckInCode(value: string): string {
  return value.toUpperCase().replace(/[\s-]/g, "");
}

export function formatCheckInCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export const checkInSchema = z.object({
  code: z
    .string({ required_error: "errors.required" })
    .max(40, "errors.tooLong")
    .transform(normaliseCheckInCode)
    .refine((code) => code.length > 0, "errors.required")
    .refine((code) => code.length === CHECK_IN_LENGTH && [...code].every((c) => CHECK_IN_ALPHABET.includes(c)), "errors.circleCheckInFormat"),
});

export const eventListQuerySchema = z.object({ view: z.enum(eventViews).catch("upcoming").default("upcoming") });
