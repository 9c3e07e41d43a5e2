// GET /circle/logos/:slug — a company's logo, to whoever may see its profile: members see listed
// ones, visitors only public ones, a hidden profile's logo is 404 but to its company and park staff.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { logoForViewer } from "~/modules/circle/logos.server";
import { circleViewer } from "~/modules/circle/profiles.server";
import { getActor } from "~/modules/identity/access.server";
import { downloadHeaders } from "~/modules/platform/files.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const viewer = await circleViewer(await getActor(request));
  const logo = await logoForViewer(viewer, params.slug ?? "");
  return new Response(logo.bytes, {
    headers: {
      ...downloadHeaders(logo),
      // Shown in an <img>, never opened as a page; the address changes when the logo does.
      "Content-Disposition": "inline",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, max-age=3600",
    },
  });
});
