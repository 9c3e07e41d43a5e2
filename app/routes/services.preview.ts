// GET /services/preview — the live price of a booking (or a package from a start date) before it
// is submitted, priced by `priceLines`, the function the order itself uses, with the VAT the
// invoice adds, and whether the time is still free. Anyone may ask: the catalogue is public.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { addOnsFor, getOffering } from "~/modules/services/catalogue.server";
import { previewLines } from "~/modules/services/console.server";
import { addOnRequests, bookingSchema, lineRequestFor, packageBookingSchema, problemFieldErrors } from "~/modules/services/forms";
import type { PricingUnit } from "~/modules/services/pricing";
import { withAppErrors } from "~/modules/platform/route-errors";

function zodFieldErrors(issues: { path: (string | number)[]; message: string }[]) {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) (errors[String(issue.path[0] ?? "")] ??= []).push(issue.message);
  return errors;
}

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const params = new URL(request.url).searchParams;
  // Which selection this answers: the page shows an answer only while it is still the selection.
  const answers = params.toString();
  // Empty fields are absent, as conform treats them when the form is submitted.
  const query = Object.fromEntries([...params].filter(([, value]) => value.trim() !== ""));
  if (query.package) {
    const parsed = packageBookingSchema.safeParse(query);
    if (!parsed.success) return { answers, ok: false as const, fieldErrors: zodFieldErrors(parsed.error.issues), preview: null };
    const preview = await previewLines({ lines: [], packageCode: query.package, packageStartDate: parsed.data.startDate });
    const fieldErrors = preview.problems.length ? { startDate: problemFieldErrors(preview.problems)[""] ?? Object.values(problemFieldErrors(preview.problems)).flat() } : {};
    return { answers, ok: preview.problems.length === 0, fieldErrors, preview };
  }
  const { offering } = await getOffering(query.offering ?? "");
  const unit = offering.pricingUnit as PricingUnit;
  const parsed = bookingSchema(unit).safeParse(query);
  const addOns = await addOnsFor(offering);
  const extras = addOnRequests(query, addOns, parsed.success ? parsed.data : {});
  if (!parsed.success || Object.keys(extras.fieldErrors).length) {
    return { answers, ok: false as const, fieldErrors: { ...(parsed.success ? {} : zodFieldErrors(parsed.error.issues)), ...extras.fieldErrors }, preview: null };
  }
  const preview = await previewLines({ lines: [lineRequestFor(offering.code, unit, parsed.data), ...extras.lines] });
  return { answers, ok: preview.problems.length === 0, fieldErrors: problemFieldErrors(preview.problems, addOns), preview };
});
