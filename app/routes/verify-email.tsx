// Following the emailed link verifies the address; without a token the page offers to resend.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { getActor, requireUser } from "~/modules/identity/access.server";
import { resendVerification, verifyEmail } from "~/modules/identity/accounts.server";
import { AppError } from "~/modules/platform/errors";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("验证邮箱");

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const actor = await getActor(request);
  if (token) {
    try {
      await verifyEmail(token.slice(0, 200));
      return { state: "verified" as const, email: actor?.user.email ?? null };
    } catch (error) {
      if (error instanceof AppError) return { state: "invalid" as const, email: actor?.user.email ?? null };
      throw error;
    }
  }
  if (!actor) return { state: "signedOut" as const, email: null };
  return { state: actor.user.emailVerifiedAt ? ("verified" as const) : ("pending" as const), email: actor.user.email };
}

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  await resendVerification(actor.user.id, await requestInfo(request, context));
  return { resent: true };
});

export default function VerifyEmail() {
  const { t } = useTranslation();
  const { state, email } = useLoaderData<typeof loader>();
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
          <Link className="button" to="/dashboard">
            {t("landing.ctaDashboard")}
          </Link>
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
          {actionData?.resent ? (
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
