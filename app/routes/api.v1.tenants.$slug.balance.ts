// GET /api/v1/tenants/:slug/balance — available, held and soon-expiring credits of one tenant (a
// tenant's own key reads its own only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, apiRequest, gatewayBalance, methodNotAllowed, requireTenantScope } from "~/modules/credits/gateway-api.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiRequest(request, "GET", async (caller) => {
    requireTenantScope(caller, params.slug ?? "");
    return apiJson(await gatewayBalance(params.slug ?? ""));
  });
}

export async function action() {
  return methodNotAllowed("GET");
}
