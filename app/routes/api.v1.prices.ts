// GET /api/v1/prices — the price in force for every meter and model, with the unit it is quoted per.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, apiRequest, gatewayPrices, methodNotAllowed } from "~/modules/credits/gateway-api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiRequest(request, "GET", async () => apiJson(await gatewayPrices()));
}

export async function action() {
  return methodNotAllowed("GET");
}
