// GET /api/v1/holds/:id — a hold and its state.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, apiRequest, holdAnswer, holdIdParam, methodNotAllowed } from "~/modules/credits/gateway-api.server";
import { getHold } from "~/modules/credits/holds.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiRequest(request, "GET", async () => apiJson(holdAnswer(await getHold(holdIdParam(params.id)))));
}

export async function action() {
  return methodNotAllowed("GET");
}
