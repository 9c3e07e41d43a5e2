// Following the emailed link verifies the address; without a token the page offers to resend.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { getActor, requireUser } from "~/modules/identity/access.server";
import { resendVerification, verifyEmail } from "~/modules/identity/accounts.server";
import { resendVerificationSchema, safeRedirect } from "~/modules/identity/schemas";
import { AppError } from "~/modules/platform/errors";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("验证邮箱");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token");
  // Where the person was going when they signed up; they continue there (after logging in).
  const next = safeRedirect(url.searchParams.get("next"));
  const actor = await getActor(request);
  const common = { email: actor?.user.email ?? null, next, signedIn: Boolean(actor) };
  if (token) {
    try {
      await verifyEmail(token.slice(0, 200));
      return { ...common, state: "verified" as const };
    } catch (error) {
      if (error instanceof AppError) return { ...common, state: "invalid" as const };
      throw error;
    }
  }
  if (!actor) return { ...common, state: "signedOut" as const };
  return { ...common, state: actor.user.emailVerifiedAt ? ("verified" as const) : ("pending" as const) };
}

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  return submitForm(request, resendVerificationSchema, async ({ next }) => {
    await resendVerification(actor.user.id, await requestInfo(request, context), next);
    return "resent" as const;
  });
});

export default function VerifyEmail() {
  const { t } = useTranslation();
  const { state, email, next, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="narrow card">
      <h1>{t("auth.verifyTitle")}</h1>
      {state === "verified" ? (
        <>
          <p className="notice" role="status">
            {t("auth.verifyDone")}
          </p>
          {signedIn ? (
            <Link className="button" to={next}>
              {next === "/dashboard" ? t("landing.ctaDashboard") : t("auth.verifyContinue")}
            </Link>
          ) : (
            <Link className="button" to={`/login?redirectTo=${encodeURIComponent(next)}`}>
              {t("auth.verifyLoginToContinue")}
            </Link>
          )}
        </>
      ) : state === "invalid" ? (
        <p className="form-errors" role="alert">
          {t("errors.tokenInvalid")}
        </p>
      ) : state === "signedOut" ? (
        <Link className="button" to="/login?redirectTo=/verify-email">
          {t("nav.login")}
        </Link>
      ) : (
        <>
          <p>{t("auth.verifyPending", { email })}</p>
          {actionData?.done === "resent" ? (
            <p className="notice" role="status">
              {t("auth.verifyResent")}
            </p>
          ) : null}
          <Form method="post">
            <SubmitButton busy={busy} className="button button-secondary">
              {t("auth.verifyResend")}
            </SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}
