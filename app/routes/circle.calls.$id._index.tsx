// /circle/calls/:id — one call: what it is, its requirements and rubric, the deadline with a
// countdown, the award, the winners; for a tenant its entry (or the button to start one); for
// staff who run calls the way to the console, for its reviewers the way to the entries.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallHeader, useCallText } from "~/components/call-ui";
import { entryTone } from "~/components/circle-page";
import { useOrgName } from "~/components/circle-ui";
import { StatusBadge } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { getCall } from "~/modules/circle/calls.server";
import { formatCredits } from "~/modules/credits/units";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("征集 · 计划与征集");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read" });
  return getCall(member, params.id ?? "");
});

export default function CallPage() {
  const { t, i18n } = useTranslation();
  const { call, now, entry, winners, mayEnter, mayRun, isReviewer } = useLoaderData<typeof loader>();
  const text = useCallText();
  const orgName = useOrgName();
  const maxTotal = call.rubric.reduce((sum, c) => sum + c.maxScore, 0);
  const entryLink = `/circle/calls/${call.id}/entry`;
  return (
    <section className="stack">
      <CallHeader call={call} now={now} current="call" title={text.title(call)}>
        <p>{call.awardMilli ? t("circleCalls.awardCredits", { credits: formatCredits(call.awardMilli) }) : t("circleCalls.noAward")}</p>
        <p className="filters">
          {mayRun || isReviewer ? (
            <Link to={`/circle/calls/${call.id}/manage`} className="button button-small">
              {t("circleCalls.console")}
            </Link>
          ) : null}
        </p>
      </CallHeader>

      {mayEnter || entry ? (
        <section className="card" aria-labelledby="my-entry">
          <h2 id="my-entry">{t("circleCalls.myEntry")}</h2>
          {entry ? (
            <p>
              {entry.title} <StatusBadge tone={entryTone[entry.status]}>{t(`circleCalls.entryStatus.${entry.status}`)}</StatusBadge>
              {entry.submittedAt && entry.status === "submitted" ? <span className="muted small"> · {t("circleCalls.entry.submittedNotice", { when: formatDateTime(entry.submittedAt, i18n.language) })}</span> : null}
            </p>
          ) : null}
          {mayEnter && (call.status === "open" || entry) ? (
            <Link to={entryLink} className="button">
              {entry ? (call.status === "open" && entry.status !== "submitted" ? t("circleCalls.continueEntry") : t("circleCalls.viewEntry")) : t("circleCalls.enter")}
            </Link>
          ) : null}
        </section>
      ) : call.status === "open" ? (
        <p className="notice">{t("circleCalls.onlyAdmins")}</p>
      ) : null}

      <section className="card">
        <h2>{t("circleCalls.description")}</h2>
        <p className="circle-body">{text.description(call)}</p>
        {text.criteria(call) ? (
          <>
            <h2>{t("circleCalls.criteria")}</h2>
            <p className="circle-body">{text.criteria(call)}</p>
          </>
        ) : null}
        <h2>{t("circleCalls.requiredFiles")}</h2>
        <p>{call.requiredAttachments.length ? call.requiredAttachments.map((k) => t(`circleCalls.files.${k}`)).join(" · ") : t("circleCalls.noRequiredFiles")}</p>
        <h2>{t("circleCalls.rubric")}</h2>
        <ul className="list" data-testid="call-rubric">
          {call.rubric.map((c) => (
            <li key={c.key}>
              {text.criterion(c)} <span className="muted small">· {t("circleCalls.maxScore", { max: c.maxScore })}</span>
            </li>
          ))}
        </ul>
        <p className="muted small">{t("circleCalls.rubricTotal", { total: maxTotal })}</p>
      </section>

      <section className="card" aria-labelledby="winners">
        <h2 id="winners">{t("circleCalls.winners")}</h2>
        {winners.length ? (
          <ul className="list" data-testid="call-winners">
            {winners.map((w) => (
              <li key={w.slug}>
                <Link to={`/circle/companies/${w.slug}`}>{orgName(w)}</Link> · {w.title}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("circleCalls.noWinners")}</p>
        )}
      </section>
    </section>
  );
}
