// POST /api/v1/holds/:id/capture — post the job's actual cost (at most the hold) and release the
// rest. A retry of a capture answers the same; a hold resolved otherwise is a 409.
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiJson, apiRequest, captureHoldSchema, holdAnswer, holdIdParam, methodNotAllowed, readJsonBody, requireHoldScope } from "~/modules/credits/gateway-api.server";
import { captureHold, getHold } from "~/modules/credits/holds.server";

export async function action({ request, params }: ActionFunctionArgs) {
  return apiRequest(request, "POST", async (caller) => {
    const id = holdIdParam(params.id);
    const input = await readJsonBody(request, captureHoldSchema);
    if (caller.tenant) requireHoldScope(caller, await getHold(id));
    const { hold, duplicate } = await captureHold(id, input.amount_milli);
    return apiJson({ ...holdAnswer(hold), duplicate });
  });
}

export async function loader() {
  return methodNotAllowed("POST");
}
