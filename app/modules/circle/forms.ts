// The circle's forms as zod schemas shared by routes (server and browser validation), the module
// and the tests. Messages are catalogue keys. Each page with several forms parses one
// discriminated union on `intent`.
import { z } from "zod";
import { categories } from "~/modules/admission/forms";
import { parseYuanToFen } from "~/modules/billing/money";
import { isIsoDate } from "~/modules/platform/dates";

export { categories };
export const postKinds = ["looking", "offering"] as const;
export const closeOutcomes = ["found_in_park", "found_elsewhere", "cancelled"] as const;
const sortOrders = ["match", "new"] as const;
export type SortOrder = (typeof sortOrders)[number];

const text = (max: number) => z.string().trim().max(max, "errors.tooLong");
const required = (max: number) => z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");
const uuidList = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string().uuid("errors.invalidChoice")).max(30, "errors.tooLong"),
);
const httpLink = (v: string) => /^https?:\/\/[^\s<>"]+$/i.test(v);

/** One line per link; at most ten. */
const linkLines = z
  .string()
  .trim()
  .max(3000, "errors.tooLong")
  .optional()
  .transform((v) => (v ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
  .refine((lines) => lines.length <= 10 && lines.every(httpLink), "errors.circleLinks");

/**
 * Works and awards, one per line: "title | year | role | link" (year, role and link optional);
 * a line starting with "奖" or "award:" is an award.
 */
export function parseWorks(value: string) {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const award = /^(奖|award)\s*[:：]/i.test(line);
      const [title, year, role, link] = line.replace(/^(奖|award)\s*[:：]\s*/i, "").split("|").map((p) => p.trim());
      const yearNumber = year && /^\d{4}$/.test(year) ? Number(year) : undefined;
      return { title: title ?? "", ...(yearNumber ? { year: yearNumber } : {}), ...(role ? { role } : {}), ...(link ? { link } : {}), ...(award ? { award } : {}) };
    });
}

export function worksToText(works: { title: string; year?: number; role?: string; link?: string; award?: boolean }[]) {
  return works.map((w) => `${w.award ? "奖: " : ""}${[w.title, w.year ?? "", w.role ?? "", w.link ?? ""].join(" | ").replace(/( \| )+$/, "")}`).join("\n");
}

const worksField = z
  .string()
  .max(6000, "errors.tooLong")
  .optional()
  .transform((v) => parseWorks(v ?? ""))
  .refine((works) => works.length <= 30 && works.every((w) => w.title.length > 0 && w.title.length <= 120), "errors.circleWorks")
  .refine((works) => works.every((w) => !w.link || httpLink(w.link)), "errors.circleLinks");

export const profileSchema = z.object({
  whatWeDoZh: required(1000),
  whatWeDoEn: text(2000).default(""),
  categories: z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.enum(categories, { invalid_type_error: "errors.invalidChoice" })).max(5, "errors.tooLong"),
  ),
  works: worksField,
  showreelLinks: linkLines,
  teamSize: z.number({ invalid_type_error: "errors.circleNumber" }).int("errors.circleNumber").min(1, "errors.circleNumber").max(100_000, "errors.circleNumber").optional(),
  foundedYear: z.number({ invalid_type_error: "errors.circleNumber" }).int("errors.circleNumber").min(1900, "errors.circleNumber").max(2100, "errors.circleNumber").optional(),
  contactUserId: z.string().uuid("errors.invalidChoice").optional(),
  offers: uuidList,
  seeks: uuidList,
  visibility: z.enum(["listed", "hidden"], { required_error: "errors.required", invalid_type_error: "errors.invalidChoice" }),
  publicOptIn: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});
export type ProfileInput = z.infer<typeof profileSchema>;

const yuan = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === "") return null;
    const fen = parseYuanToFen(value);
    if (fen === null || fen < 0n) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.amountFormat" });
      return z.NEVER;
    }
    return fen;
  });
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date")
  .refine(isIsoDate, "errors.date")
  .optional();

const postFields = z.object({
  intent: z.literal("create"),
  kind: z.enum(postKinds, { required_error: "errors.required", invalid_type_error: "errors.invalidChoice" }),
  title: required(120),
  body: text(4000).default(""),
  category: z.enum(categories, { invalid_type_error: "errors.invalidChoice" }).optional(),
  skillIds: uuidList,
  budgetMin: yuan,
  budgetMax: yuan,
  startsOn: isoDate,
  endsOn: isoDate,
  location: text(200).default(""),
  expiresInDays: z.number({ invalid_type_error: "errors.circleNumber" }).int("errors.circleNumber").min(1, "errors.circleNumber").max(90, "errors.circleNumber").default(30),
});

function checkPostRanges(value: z.infer<typeof postFields>, ctx: z.RefinementCtx) {
  if (value.budgetMin !== null && value.budgetMax !== null && value.budgetMin > value.budgetMax) {
    ctx.addIssue({ code: "custom", path: ["budgetMax"], message: "errors.circleBudgetRange" });
  }
  if (value.startsOn && value.endsOn && value.startsOn > value.endsOn) {
    ctx.addIssue({ code: "custom", path: ["endsOn"], message: "errors.circleDateRange" });
  }
}

export type PostInput = z.infer<typeof postFields>;

const isFile = (value: unknown): value is File => typeof File !== "undefined" && value instanceof File && value.size > 0;

/** A form's file inputs of one name: the files chosen (an empty input sends none). */
const uploadList = z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter(isFile), z.array(z.custom<File>()));

/** The files as the module stores them. */
export async function readUploads(files: File[]) {
  return Promise.all(files.map(async (file) => ({ filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

/** The new-post form: the post and up to MAX_POST_ATTACHMENTS files stored with it. */
export const newPostSchema = postFields.extend({ attachments: uploadList }).superRefine(checkPostRanges);

/** A post's files, added or removed later by its author (/circle/board/:id/attachments). */
export const attachmentActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("upload"), attachments: uploadList }),
  z.object({ intent: z.literal("remove"), attachmentId: z.string({ required_error: "errors.required" }) }),
]);

/** The company's logo (/circle/profile/logo): upload one, or remove it. */
export const logoActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("upload"), logo: z.custom<File>(isFile, "errors.fileRequired") }),
  z.object({ intent: z.literal("remove") }),
]);

/** A refused file (its type, its size, too many) is shown next to the file field. */
export function isFileError(error: { code: string; messageKey: string }) {
  return error.code === "invalid" && (error.messageKey.startsWith("errors.file") || error.messageKey === "errors.circleTooManyAttachments");
}

/** The forms on one post's page. */
export const postActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("interest"), message: text(500).default("") }),
  z.object({ intent: z.literal("accept"), interestId: z.string().uuid("errors.invalidChoice") }),
  z.object({ intent: z.literal("decline"), interestId: z.string().uuid("errors.invalidChoice") }),
  z.object({ intent: z.literal("close"), outcome: z.enum(closeOutcomes, { required_error: "errors.required", invalid_type_error: "errors.invalidChoice" }) }),
  z.object({ intent: z.literal("hide"), reason: required(500) }),
]);
export type PostAction = z.infer<typeof postActionSchema>;

/** Park staff keep the vocabulary. */
export const skillActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    code: z.string({ required_error: "errors.required" }).trim().regex(/^[a-z0-9_]{2,40}$/, "errors.circleSkillCode"),
    nameZh: required(40),
    nameEn: required(60),
  }),
  z.object({ intent: z.literal("retire"), skillId: z.string().uuid("errors.invalidChoice") }),
  z.object({ intent: z.literal("restore"), skillId: z.string().uuid("errors.invalidChoice") }),
]);
export type SkillAction = z.infer<typeof skillActionSchema>;

/** The directory's query string: /circle?q=…&category=…&skill=…&sort=… */
export const directoryQuerySchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  category: z.enum(categories).optional().catch(undefined),
  skill: z.string().uuid().optional().catch(undefined),
  sort: z.enum(sortOrders).optional().catch(undefined),
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

/** A person's own profile (/circle/me): publish or update it, or turn it off. */
export const personSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("publish"),
    title: required(60),
    bio: text(500).default(""),
    skillIds: uuidList.refine((ids) => ids.length <= 12, "errors.circlePersonSkills"),
    publicOptIn: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  }),
  z.object({ intent: z.literal("remove") }),
]);
export type PersonInput = z.infer<typeof personSchema>;
