// The finance console's forms, shared by routes (server and browser validation) and tests.
// Amounts are typed in yuan and parsed exactly into fen; they never pass through a float.
import { z } from "zod";
import { isIsoDate } from "~/modules/platform/dates";
import { MAX_INVOICE_TOTAL_FEN, MAX_TYPED_FEN, invoiceTotals, parseYuanToFen, yuanProblem } from "./money";

const required = (max: number) => z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");

/** "1,234.56" yuan → 123456n fen; at most two decimals, never negative, at most ¥100,000,000.00. */
export const yuanField = z.string({ required_error: "errors.required" }).transform((value, ctx) => {
  const problem = yuanProblem(value);
  const fen = parseYuanToFen(value);
  if (problem || fen === null) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem ?? "errors.amountFormat", fatal: true });
    return z.NEVER;
  }
  return fen;
});
const positiveYuanField = yuanField.refine((fen) => fen > 0n, "errors.amountPositive");

const isoDateField = z
  .string({ required_error: "errors.required" })
  .trim()
  .refine((v) => isIsoDate(v), "errors.date");

export const recordTransferSchema = z.object({
  bankReference: required(100),
  amount: positiveYuanField,
  receivedOn: isoDateField,
  payerName: required(200),
  memo: z.string().trim().max(500, "errors.tooLong").default(""),
});

export const allocateTransferSchema = z.object({
  transferId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice"),
  invoiceId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice"),
  /** Empty: what the invoice still needs, at most what is left of the transfer. */
  amount: positiveYuanField.optional(),
});

/** The most rows one statement import records. */
export const MAX_STATEMENT_ROWS = 5000;

/** Under the server's 1 MB body limit for ordinary forms, with room for the form around it. */
const MAX_STATEMENT_BYTES = 900 * 1024;
const isFile = (value: unknown): value is File => typeof File !== "undefined" && value instanceof File;

/** A bank statement, uploaded as a CSV file or pasted as text: one of them is needed. */
const statementFields = z.object({
  file: z
    .custom<File>(isFile, "errors.statementRequired")
    .refine((file) => file.size <= MAX_STATEMENT_BYTES, "errors.statementFileTooLarge")
    .optional(),
  csv: z.string().max(MAX_STATEMENT_BYTES, "errors.statementFileTooLarge").optional(),
});

function requireStatement(value: z.infer<typeof statementFields>, ctx: z.RefinementCtx) {
  if (!value.file?.size && !value.csv?.trim()) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["csv"], message: "errors.statementRequired" });
}

const statementRowsSchema = z
  .array(
    z.object({
      line: z.number().int().min(1),
      receivedOn: isoDateField,
      amountFen: z
        .string()
        .regex(/^[1-9]\d{0,15}$/)
        .transform((v) => BigInt(v)),
      payerName: required(200),
      bankReference: required(100),
      memo: z.string().max(500),
    }),
  )
  .min(1)
  .max(MAX_STATEMENT_ROWS);

/** The rows a statement preview read, sent back to apply them: checked again whole, as any form. */
const statementRowsField = z.string({ required_error: "errors.statementRequired" }).transform((json, ctx) => {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = undefined;
  }
  const parsed = statementRowsSchema.safeParse(raw);
  if (!parsed.success) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.statementPreviewStale", fatal: true });
    return z.NEVER;
  }
  return parsed.data;
});

/**
 * The forms of the transfers page: record one transfer, allocate one to an invoice, preview a
 * statement, and import one — the rows a preview showed (`rows`), or a statement straight away.
 */
export const transfersSchema = z
  .discriminatedUnion("intent", [
    recordTransferSchema.extend({ intent: z.literal("record") }),
    allocateTransferSchema.extend({ intent: z.literal("allocate") }),
    statementFields.extend({ intent: z.literal("preview") }),
    statementFields.extend({ intent: z.literal("import"), rows: statementRowsField.optional() }),
  ])
  .superRefine((value, ctx) => {
    if (value.intent === "preview" || (value.intent === "import" && value.rows === undefined)) requireStatement(value, ctx);
  });

export const vatRates = ["600", "900", "1300", "0"] as const;

const invoiceLineSchema = z.object({
  descriptionZh: required(200),
  descriptionEn: required(200),
  quantity: z
    .number({ required_error: "errors.required", invalid_type_error: "errors.quantity" })
    .int("errors.quantity")
    .min(1, "errors.quantity")
    .max(1_000_000, "errors.quantity"),
  unitPrice: yuanField,
});

export const manualInvoiceSchema = z.object({
  orgId: z.string({ required_error: "errors.required" }).uuid("errors.invalidChoice"),
  lines: z.array(invoiceLineSchema, { required_error: "errors.required" }).min(1, "errors.required").max(50, "errors.tooLong"),
  vatRate: z.enum(vatRates, { errorMap: () => ({ message: "errors.invalidChoice" }) }).default("600"),
  dueOn: isoDateField,
  note: z.string().trim().max(500, "errors.tooLong").default(""),
})
  .superRefine((v, ctx) => {
    // Each line, and the invoice with its VAT, stays within what a person may bill at once. zod
    // runs this even when a field above failed: only lines whose numbers are valid are summed.
    const valid = (line: (typeof v.lines)[number]) => Number.isSafeInteger(line.quantity) && line.quantity >= 1 && typeof line.unitPrice === "bigint";
    if (!Array.isArray(v.lines) || !v.lines.every(valid)) return;
    v.lines.forEach((line, index) => {
      if (BigInt(line.quantity) * line.unitPrice > MAX_TYPED_FEN) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["lines", index, "unitPrice"], message: "errors.lineTooLarge" });
      }
    });
    const lines = v.lines.map((l) => ({ descriptionZh: "", descriptionEn: "", quantity: l.quantity, unitPriceFen: l.unitPrice }));
    if (invoiceTotals(lines, Number(v.vatRate)).totalFen > MAX_INVOICE_TOTAL_FEN) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["lines"], message: "errors.invoiceTooLarge" });
    }
  });

export const refundSchema = z.object({
  paymentId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice"),
  amount: positiveYuanField,
  reason: required(500),
});

/** Voiding an invoice or issuing a draft: finance says why. */
export const invoiceStatusChangeSchema = z.object({
  reason: required(500),
});

/** The forms on finance's page of one invoice: refund a payment, allocate a transfer, void or issue it. */
export const financeInvoiceSchema = z.discriminatedUnion("intent", [
  refundSchema.extend({ intent: z.literal("refund") }),
  allocateTransferSchema.extend({ intent: z.literal("allocate") }),
  invoiceStatusChangeSchema.extend({ intent: z.literal("void") }),
  invoiceStatusChangeSchema.extend({ intent: z.literal("issue") }),
]);

/** Finance records that a bank refund left the park's account: not before it was asked, not in the future. */
export const refundSentSchema = z.object({
  refundId: z.string({ required_error: "errors.invalidChoice" }).uuid("errors.invalidChoice"),
  sentOn: isoDateField,
  bankReference: required(100),
});
