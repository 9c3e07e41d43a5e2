// POST /api/v1/holds/:id/void — release a hold without charging. A retry answers the same; a hold
// resolved otherwise is a 409.
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiJson, apiRequest, holdAnswer, holdIdParam, methodNotAllowed, requireHoldScope } from "~/modules/credits/gateway-api.server";
import { getHold, voidHold } from "~/modules/credits/holds.server";

export async function action({ request, params }: ActionFunctionArgs) {
  return apiRequest(request, "POST", async (caller) => {
    const id = holdIdParam(params.id);
    if (caller.tenant) requireHoldScope(caller, await getHold(id));
    const { hold, duplicate } = await voidHold(id);
    return apiJson({ ...holdAnswer(hold), duplicate });
  });
}

export async function loader() {
  return methodNotAllowed("POST");
}
