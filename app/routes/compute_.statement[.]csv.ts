// GET /compute/statement.csv[?month=YYYY-MM] — the credits statement for a spreadsheet (UTF-8 with
// BOM for Excel): every line of the month, or of all time without a month, oldest first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLanguage, translator } from "~/i18n/i18n.server";
import { PARK_TIME_ZONE } from "~/i18n/format";
import { creditsPlain, describeStatementRow, toStatementRow } from "~/modules/credits/format";
import { isMonth } from "~/modules/credits/forms";
import { getStatement } from "~/modules/credits/statements.server";
import { requireMember } from "~/modules/identity/access.server";
import { csvNumber, csvResponse } from "~/modules/platform/csv.server";
import { withAppErrors } from "~/modules/platform/route-errors";

const csvTime = new Intl.DateTimeFormat("sv-SE", { timeZone: PARK_TIME_ZONE, dateStyle: "short", timeStyle: "medium" });

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:read", kind: "tenant" });
  const language = await getLanguage(request);
  const t = await translator(language);
  const month = new URL(request.url).searchParams.get("month");
  const statement = await getStatement(member, { month: isMonth(month) ? month : null });
  const when = (iso: string) => csvTime.format(new Date(iso));
  const rows = statement.lines.map(toStatementRow).map((row) => [
    when(row.at),
    t(`compute.kinds.${row.kind}`),
    describeStatementRow(row, (key, params) => t(key, params), language),
    csvNumber(creditsPlain(row.changeMilli)),
    csvNumber(creditsPlain(row.balanceMilli)),
    row.reference,
  ]);
  return csvResponse(
    `credits-${member.org.slug}-${statement.month ?? "all"}.csv`,
    ["at", "kind", "description", "change", "balance", "reference"].map((c) => t(`compute.statement.csv.${c}`)),
    rows,
  );
});
