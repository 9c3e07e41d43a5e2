// POST /circle/profile/logo — the company's owners and admins upload (intent "upload") or remove
// (intent "remove") its logo. A resource route of its own because it is listed in UPLOAD_ROUTES
// (app/server/guards.js) for its larger body; /circle/profile posts here with a fetcher, which
// reloads the page's data after it. A refused file is a 400 with the reason for the file field.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isFileError, logoActionSchema } from "~/modules/circle/forms";
import { removeLogo, uploadLogo } from "~/modules/circle/logos.server";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:profile", kind: "tenant" });
  const meta = await requestInfo(request, context);
  return submitForm(
    request,
    logoActionSchema,
    (value) =>
      byIntent(value, {
        upload: async ({ logo }) => {
          await uploadLogo(member, { bytes: new Uint8Array(await logo.arrayBuffer()) }, meta);
          return "saved" as const;
        },
        remove: async () => {
          await removeLogo(member, meta);
          return "removed" as const;
        },
      }),
    { fieldOf: (error) => (isFileError(error) ? { field: "logo", status: 400 } : undefined) },
  );
});

export const loader = () => redirect("/circle/profile");
