// POST /circle/profile/logo — the company's owners and admins upload (intent "upload") or remove
// (intent "remove") its logo. A resource route of its own because it is listed in UPLOAD_ROUTES
// (app/server/guards.js) for its larger body; /circle/profile posts here with a fetcher, which
// reloads the page's data after it. A refused file is a 400 with the reason for the file field.
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { removeLogo, uploadLogo } from "~/modules/circle/logos.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export type LogoAnswer = { error?: string; done?: "saved" | "removed" };

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:profile", kind: "tenant" });
  const form = await readForm(request);
  const meta = await requestInfo(request, context);
  try {
    if (form.get("intent") === "remove") {
      await removeLogo(member, meta);
      return data<LogoAnswer>({ done: "removed" });
    }
    const file = form.get("logo");
    if (!(file instanceof File) || file.size === 0) return data<LogoAnswer>({ error: "errors.fileRequired" }, { status: 400 });
    await uploadLogo(member, { bytes: new Uint8Array(await file.arrayBuffer()) }, meta);
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid") return data<LogoAnswer>({ error: encodeMessage(error.messageKey, error.params) }, { status: 400 });
    throw error;
  }
  return data<LogoAnswer>({ done: "saved" });
});

export const loader = () => redirect("/circle/profile");
