import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard, withRedirectTo } from "~/components/auth-card";
import { FormErrors, SubmitButton } from "~/components/forms";
import { VerifyEmailFirst } from "~/components/verify-email-first";
import { getActor, requireUser } from "~/modules/identity/access.server";
import { acceptInvitation, findInvitation } from "~/modules/identity/members.server";
import { setActiveOrg } from "~/modules/identity/session.server";
import { isRandomToken } from "~/modules/platform/ids";
import { acceptInvitationSchema } from "~/modules/identity/schemas";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("接受邀请");

export async function loader({ request, params }: LoaderFunctionArgs) {
  // A link we never sent (not even the shape of a token) is not found; the page still explains.
  if (!isRandomToken(params.token)) return data({ state: "invalid" as const, invitation: null, currentEmail: null, emailVerified: false }, { status: 404 });
  const invitation = await findInvitation(params.token);
  const actor = await getActor(request);
  const usable = invitation && !invitation.acceptedAt && !invitation.revokedAt && new Date(invitation.expiresAt) > new Date();
  if (!invitation || !usable) return { state: "invalid" as const, invitation: null, currentEmail: actor?.user.email ?? null, emailVerified: false };
  const here = new URL(request.url).pathname;
  return {
    state: !actor ? ("signedOut" as const) : actor.user.email.toLowerCase() === invitation.email.toLowerCase() ? ("ready" as const) : ("wrongAccount" as const),
    invitation: {
      email: invitation.email,
      role: invitation.role,
      orgNameZh: invitation.orgNameZh,
      orgNameEn: invitation.orgNameEn,
      inviterName: invitation.inviterName,
      here,
    },
    currentEmail: actor?.user.email ?? null,
    emailVerified: Boolean(actor?.user.emailVerifiedAt),
  };
}

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  return submitForm(
    request,
    acceptInvitationSchema,
    async () => {
      const { orgId } = await acceptInvitation(actor.user, params.token ?? "", await requestInfo(request, context));
      await setActiveOrg(actor.session.id, orgId);
      return redirect("/dashboard");
    },
    // An address not verified yet is said here, with the way to verify it.
    { onForm: ["errors.emailNotVerified"] },
  );
});

export default function Invitation() {
  const { t, i18n } = useTranslation();
  const { state, invitation, currentEmail, emailVerified } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (state === "invalid" || !invitation) {
    return (
      <AuthCard>
        <p className="form-errors" role="alert">
          {t("invitation.invalid")}
        </p>
        <Link to="/">{t("errorPage.home")}</Link>
      </AuthCard>
    );
  }
  const org = i18n.language === "en" ? invitation.orgNameEn : invitation.orgNameZh;
  return (
    <AuthCard title={t("invitation.title", { org })}>
      <p>{t("invitation.body", { inviter: invitation.inviterName, org, role: t(`roles.${invitation.role}`) })}</p>
      <p className="muted">{t("invitation.forEmail", { email: invitation.email })}</p>
      <FormErrors id="invitation-errors" errors={actionData?.result.error?.[""] ?? undefined} />
      {state === "ready" && !emailVerified ? (
        <VerifyEmailFirst what="invitation" email={invitation.email} next={invitation.here} />
      ) : state === "ready" ? (
        <Form method="post">
          <SubmitButton busy={busy}>{t("invitation.accept")}</SubmitButton>
        </Form>
      ) : state === "wrongAccount" ? (
        <p className="form-errors" role="alert">
          {t("invitation.wrongAccount", { current: currentEmail, email: invitation.email })}
        </p>
      ) : (
        <>
          <p>{t("invitation.loginFirst", { email: invitation.email })}</p>
          <p className="actions">
            <Link className="button" to={withRedirectTo("/login", invitation.here)}>
              {t("nav.login")}
            </Link>
            <Link className="button button-secondary" to={withRedirectTo("/signup", invitation.here)}>
              {t("nav.signup")}
            </Link>
          </p>
        </>
      )}
    </AuthCard>
  );
}
