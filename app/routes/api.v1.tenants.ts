// GET /api/v1/tenants — the tenant companies the compute gateway may bill: slug, name, status.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, apiRequest, listGatewayTenants, methodNotAllowed } from "~/modules/credits/gateway-api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiRequest(request, "GET", async (caller) => apiJson(await listGatewayTenants(caller)));
}

export async function action() {
  return methodNotAllowed("GET");
}
