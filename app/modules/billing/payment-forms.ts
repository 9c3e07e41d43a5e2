// The forms of paying an invoice, shared by routes and tests: start paying online, and the demo
// gateway's answer (paid or cancelled).
import { z } from "zod";

/** "Pay now" sends nothing but the invoice in its address. */
export const payInvoiceSchema = z.object({});

export const fakeCheckoutSchema = z.object({
  outcome: z.enum(["paid", "cancelled"], { errorMap: () => ({ message: "errors.invalidChoice" }) }),
});
