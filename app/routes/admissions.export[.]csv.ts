// GET /admissions/export.csv — the console's list (same filter) for a spreadsheet (UTF-8 with BOM for Excel).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLanguage, translator } from "~/i18n/i18n.server";
import { ageInDays, filterFromUrl, listApplications } from "~/modules/admission/console.server";
import { requireMember } from "~/modules/identity/access.server";
import { csvResponse } from "~/modules/platform/csv.server";
import { withAppErrors } from "~/modules/platform/route-errors";

const columns = ["id", "nameZh", "nameEn", "category", "status", "applicantEmail", "applicantName", "assignee", "submittedAt", "decidedAt", "ageDays"] as const;

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "admission:review", kind: "park" });
  const t = await translator(await getLanguage(request));
  const rows = await listApplications(member, filterFromUrl(new URL(request.url)), { limit: 10_000 });
  const now = new Date();
  return csvResponse(
    `admissions-${now.toISOString().slice(0, 10)}.csv`,
    columns.map((c) => t(`admission.console.csv.${c}`)),
    rows.map((r) => [
      r.id,
      r.nameZh,
      r.nameEn,
      r.category ? t(`categories.${r.category}`, { defaultValue: r.category }) : "",
      t(`admission.status.${r.status}`),
      r.applicantEmail,
      r.applicantName,
      r.assigneeName ?? "",
      r.submittedAt ? r.submittedAt.toISOString() : "",
      r.decidedAt ? r.decidedAt.toISOString() : "",
      ageInDays(r.statusChangedAt, now) ?? "",
    ]),
  );
});
