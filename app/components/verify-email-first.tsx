// Shown where a step needs a verified address (applying, opening a registration case, joining an
// organisation): says so, and sends another verification link without leaving the page.
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "./forms";

export function VerifyEmailFirst({ what, email, next }: { what: "apply" | "registration" | "invitation"; email: string; next: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ resent: boolean }>();
  return (
    <div className="banner banner-warn verify-first" role="note">
      <p>{t(`auth.verifyFirst.${what}`, { email })}</p>
      <fetcher.Form method="post" action="/verify-email">
        <input type="hidden" name="next" value={next} />
        <SubmitButton busy={fetcher.state !== "idle"} className="button button-secondary">
          {t("auth.verifyResend")}
        </SubmitButton>
      </fetcher.Form>
      {fetcher.data?.resent ? (
        <p role="status">{t("auth.verifyResent")}</p>
      ) : null}
    </div>
  );
}
