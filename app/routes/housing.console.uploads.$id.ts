// POST /housing/console/uploads/:id — housing staff add a photo to a unit. Listed in UPLOAD_ROUTES so the
// server accepts photo-sized bodies (app/server/guards.js); answers by redirecting to the unit page.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { addUnitPhoto } from "~/modules/housing/units.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  const page = `/housing/console/units/${encodeURIComponent(id)}`;
  const file = (await readForm(request)).get("photo");
  if (!file || typeof file === "string" || file.size === 0) return redirect(`${page}?photoError=${encodeURIComponent("errors.fileRequired")}`);
  try {
    await addUnitPhoto(member, id, { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name });
  } catch (error) {
    if (error instanceof AppError && error.code !== "not_found" && error.code !== "forbidden") {
      return redirect(`${page}?photoError=${encodeURIComponent(encodeMessage(error.messageKey, error.params))}`);
    }
    throw error;
  }
  return redirect(`${page}?done=photo`);
});
