// /housing/leases/:id — a lease as its resident or the company's owner/admin sees it: unit, dates,
// status, signing online (the resident), the bills and notice. /housing shows the same panel for
// the resident's current lease and posts its forms here. Anyone else gets 404.
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageErrors } from "~/components/housing-forms";
import { LeasePanel } from "~/components/housing-lease";
import { RedirectNotice, HousingHeader, useT } from "~/components/housing-ui";
import { leasePageForms } from "~/modules/housing/forms";
import { leasePanel } from "~/modules/housing/console.server";
import { giveNotice, signLease } from "~/modules/housing/leases.server";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
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

/** Back to the housing page the form was on; the one safeRedirect decides what is a same-site path. */
function backTo(value: string | undefined, fallback: string) {
  const path = safeRedirect(value ?? null, fallback);
  return /^\/housing(\/|$)/.test(path) ? path : fallback;
}

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const id = params.id ?? "";
  return submitForm(request, leasePageForms, (form) => {
    const back = backTo(form.back, `/housing/leases/${id}`);
    return byIntent(form, {
      sign: async ({ termsVersion }) => {
        await signLease(member, id, { termsVersion, ip: context?.clientIp ?? null });
        return redirect(`${back}?done=signed`);
      },
      notice: async ({ endsOn }) => {
        await giveNotice(member, id, endsOn);
        return redirect(`${back}?done=notice`);
      },
    });
  });
});

export default function LeasePage() {
  const { t } = useT();
  const { panel, company } = useLoaderData<typeof loader>();
  return (
    <section className="stack housing">
      <HousingHeader title={t("housing.console.leaseTitle", { number: panel.lease.number })} company={company}>
        <p className="muted">{panel.lease.residentName}</p>
      </HousingHeader>
      <RedirectNotice keys={{ signed: "housing.resident.signedNotice", notice: "housing.resident.noticeDone" }} />
      <PageErrors />
      <LeasePanel data={panel} back={`/housing/leases/${panel.lease.id}`} />
      <p>
        <Link to="/housing">← {t("housing.pages.tabs.home")}</Link>
      </p>
    </section>
  );
}
