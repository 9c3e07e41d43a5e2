// /housing/leases/:id — a lease as its resident or the company's owner/admin sees it: unit, dates,
// status, signing online (the resident), the bills and notice. /housing shows the same panel for
// the resident's current lease and posts its forms here. Anyone else gets 404.
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { translateMessage } from "~/components/forms";
import { HousingTabs, LeasePanel, useT } from "~/components/housing-ui";
import { noticeSchema } from "~/modules/housing/forms";
import { leasePanel } from "~/modules/housing/console.server";
import { giveNotice, signLease } from "~/modules/housing/leases.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { safeRedirect } from "~/modules/identity/schemas";
import { withAppErrors } from "~/modules/platform/route-errors";
import housingStyles from "~/styles/housing.css";
import { titled } from "~/i18n/page-titles";
import { hasPermission } from "~/modules/identity/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: housingStyles }];
export const meta: MetaFunction = titled("租约 · 人才公寓");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  return { panel: await leasePanel(member, params.id ?? ""), company: hasPermission(member, "housing:endorse", { kind: "tenant" }) };
});

type Answer = { intent: string; fieldErrors?: Record<string, string[]>; error?: string };

/** Only same-site paths under /housing come back from a form's `back` field. */
/** Back to the housing page the form was on; the one safeRedirect decides what is a same-site path. */
function backTo(value: FormDataEntryValue | null, fallback: string) {
  const path = safeRedirect(value, fallback);
  return /^\/housing(\/|$)/.test(path) ? path : fallback;
}

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const id = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const back = backTo(form.get("back"), `/housing/leases/${id}`);
  const fail = (status: number, answer: Omit<Answer, "intent">) => data<Answer>({ intent, ...answer }, { status });
  try {
    if (intent === "sign") {
      if (form.get("agree") !== "yes") return fail(400, { fieldErrors: { agree: ["housing.errors.mustAgreeTerms"] } });
      await signLease(member, id, { termsVersion: String(form.get("termsVersion") ?? ""), ip: context?.clientIp ?? null });
      return redirect(`${back}?done=signed`);
    }
    if (intent === "notice") {
      const parsed = noticeSchema.safeParse({ endsOn: String(form.get("endsOn") ?? "") });
      if (!parsed.success) return fail(400, { fieldErrors: { endsOn: parsed.error.issues.map((i) => i.message) } });
      await giveNotice(member, id, parsed.data.endsOn);
      return redirect(`${back}?done=notice`);
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      const message = encodeMessage(error.messageKey, error.params);
      if (error.params.field === "endsOn" || (intent === "notice" && error.code === "invalid")) return fail(422, { fieldErrors: { endsOn: [message] } });
      return fail(error.code === "invalid" ? 422 : 409, { error: message });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

export default function LeasePage() {
  const { t } = useT();
  const { panel, company } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <section className="stack housing">
      <header className="page-header">
        <h1>{t("housing.console.leaseTitle", { number: panel.lease.number })}</h1>
        <p className="muted">{panel.lease.residentName}</p>
      </header>
      <HousingTabs company={company} />
      {done ? (
        <p className="notice" role="status">
          {t(done === "signed" ? "housing.resident.signedNotice" : "housing.resident.noticeDone")}
        </p>
      ) : null}
      {answer?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, answer.error)}
        </p>
      ) : null}
      <LeasePanel data={panel} fieldErrors={answer?.fieldErrors} back={`/housing/leases/${panel.lease.id}`} />
      <p>
        <Link to="/housing">← {t("housing.pages.tabs.home")}</Link>
      </p>
    </section>
  );
}
