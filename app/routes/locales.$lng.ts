// One language's message catalogue for the browser (entry.client.tsx), which loads only the
// reader's language; a versioned URL (`?v=`, see resources.server) is cached for a year.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/i18n/config";
import { browserCatalogues } from "~/i18n/resources.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  if (!isLanguage(params.lng)) return new Response("Not found", { status: 404 });
  const catalogue = browserCatalogues[params.lng];
  const versioned = new URL(request.url).searchParams.get("v") === catalogue.version;
  return new Response(catalogue.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": versioned ? "public, max-age=31536000, immutable" : "public, max-age=300",
    },
  });
}
