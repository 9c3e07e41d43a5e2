// Fapiao (发票) forms, shared by routes (server and browser validation) and tests: the tenant's
// invoicing details, a request for a paid invoice, and finance issuing or rejecting it.
import { z } from "zod";
import { isValidUscc } from "~/modules/platform/uscc";

export const MAX_FAPIAO_PDF_BYTES = 5 * 1024 * 1024;
export const fapiaoTypes = ["normal", "special"] as const;
export type FapiaoType = (typeof fapiaoTypes)[number];

const text = (max: number) => z.string().trim().max(max, "errors.tooLong");
const required = (max: number) => z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");

/** The Unified Social Credit Code: 18 characters of its alphabet, the last its check character. */
const usccField = z
  .string({ required_error: "errors.required" })
  .trim()
  .transform((v) => v.toUpperCase().replace(/\s+/g, ""))
  .superRefine((value, ctx) => {
    if (value === "") ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.required" });
    else if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.usccFormat" });
    else if (!isValidUscc(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.usccInvalid" });
  });

export const billingProfileSchema = z.object({
  title: required(200),
  taxpayerId: usccField,
  address: text(200).default(""),
  phone: text(40)
    .refine((v) => v === "" || /^[0-9+\-() ]{5,40}$/.test(v), "errors.phone")
    .default(""),
  bankName: text(100).default(""),
  bankAccount: text(40)
    .refine((v) => v === "" || /^[0-9 -]{6,40}$/.test(v), "errors.bankAccount")
    .default(""),
  email: text(254)
    .refine((v) => v === "" || z.string().email().safeParse(v).success, "errors.email")
    .default(""),
});
export type BillingProfileInput = z.infer<typeof billingProfileSchema>;

/** A 专票 (special VAT invoice) prints the buyer's address, phone, bank and account: all are needed. */
export function missingForSpecialFapiao(profile: Pick<BillingProfileInput, "address" | "phone" | "bankName" | "bankAccount">) {
  return (["address", "phone", "bankName", "bankAccount"] as const).filter((field) => profile[field].trim() === "");
}

export const fapiaoRequestSchema = z.object({
  invoiceId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice"),
  fapiaoType: z.enum(fapiaoTypes, { errorMap: () => ({ message: "errors.fapiaoTypeRequired" }) }),
});

const isFile = (value: unknown): value is File => typeof File !== "undefined" && value instanceof File;

export const issueFapiaoSchema = z.object({
  requestId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice"),
  // 8 digits for the older numbers, 20 for a fully digital (全电) e-invoice.
  fapiaoNumber: z
    .string({ required_error: "errors.required" })
    .trim()
    .regex(/^\d{8,20}$/, "errors.fapiaoNumberFormat"),
  pdf: z
    .custom<File>(isFile, "errors.pdfRequired")
    .refine((file) => file.size > 0, "errors.pdfRequired")
    .refine((file) => file.size <= MAX_FAPIAO_PDF_BYTES, "errors.pdfTooLarge"),
});

export const rejectFapiaoSchema = z.object({
  requestId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice"),
  reason: required(500),
});

/** A PDF starts with "%PDF-", whatever its file name says. */
export function isPdf(bytes: Uint8Array) {
  const magic = [0x25, 0x50, 0x44, 0x46, 0x2d];
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}
