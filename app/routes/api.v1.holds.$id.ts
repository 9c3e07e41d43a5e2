// GET /api/v1/holds/:id — a hold and its state.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, apiRequest, holdAnswer, holdIdParam, methodNotAllowed, requireHoldScope } from "~/modules/credits/gateway-api.server";
import { getHold } from "~/modules/credits/holds.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiRequest(request, "GET", async (caller) => {
    const hold = await getHold(holdIdParam(params.id));
    requireHoldScope(caller, hold);
    return apiJson(holdAnswer(hold));
  });
}

export async function action() {
  return methodNotAllowed("GET");
}
