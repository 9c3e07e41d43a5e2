// /circle/calls — the park's programmes and open calls: open ones (soonest deadline first), closed
// ones, our company's entries (for staff: the calls they review), and for those who run calls
// every call with its drafts and the button to create one.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallsNav, CallStatus, useCallText } from "~/components/call-ui";
import { awardTone, CardGrid, CirclePageHeader, entryTone } from "~/components/circle-page";
import { StatusBadge, Tabs } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { listCalls, mayRunCalls, type CallsTab } from "~/modules/circle/calls.server";
import { formatCredits } from "~/modules/credits/units";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("计划与征集 · 生态朋友圈");

const tabs: CallsTab[] = ["open", "closed", "mine", "all"];

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read" });
  const asked = new URL(request.url).searchParams.get("tab");
  const runner = mayRunCalls(member);
  const tab = tabs.find((t) => t === asked && (t !== "all" || runner)) ?? "open";
  return { tab, calls: await listCalls(member, tab), runner, staff: member.org.kind === "park" };
});

export default function CallsIndex() {
  const { t, i18n } = useTranslation();
  const { tab, calls, runner, staff } = useLoaderData<typeof loader>();
  const text = useCallText();
  const shown = tabs.filter((k) => k !== "all" || runner);
  return (
    <section className="stack">
      <CirclePageHeader above={<CallsNav />} title={t("circleCalls.title")} lead={t("circleCalls.lead")}>
        {runner ? (
          <p>
            <Link to="/circle/calls/new" className="button button-small">
              {t("circleCalls.newCall")}
            </Link>
          </p>
        ) : null}
      </CirclePageHeader>
      <Tabs
        label={t("circleCalls.title")}
        items={shown.map((k) => ({ to: `/circle/calls?tab=${k}`, label: k === "mine" && staff ? t("circleCalls.tabs.mineStaff") : t(`circleCalls.tabs.${k}`), current: k === tab }))}
      />
      <CardGrid items={calls} itemKey={(c) => c.id} empty={t(`circleCalls.empty.${tab}`)} testId="circle-calls">
        {(c) => (
          <>
            <p className="muted small">
              {t(`circleCalls.kind.${c.kind}`)} <CallStatus status={c.status} />
              {c.entry ? <> <StatusBadge tone={entryTone[c.entry.status]}>{t(`circleCalls.entryStatus.${c.entry.status}`)}</StatusBadge></> : null}
              {c.entry?.awarded ? <> <StatusBadge tone={awardTone}>{t("circleCalls.awardedBadge")}</StatusBadge></> : null}
              {c.reviewing ? <> <StatusBadge tone="neutral">{t("circleCalls.reviewingBadge")}</StatusBadge></> : null}
            </p>
            <h3>
              <Link to={`/circle/calls/${c.id}`}>{text.title(c)}</Link>
            </h3>
            <p className="circle-body">{text.description(c).slice(0, 140)}</p>
            <p className="muted small">
              {t("circleCalls.deadline")}: {formatDateTime(c.deadlineAt, i18n.language)}
              {c.awardMilli ? ` · ${t("circleCalls.awardCredits", { credits: formatCredits(c.awardMilli) })}` : ""}
            </p>
          </>
        )}
      </CardGrid>
    </section>
  );
}
