// POST /api/v1/holds — reserve an estimated cost before a GPU job. 201 when created, 200 when it
// is a retry of a hold with the same id.
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiJson, apiRequest, createHoldSchema, holdAnswer, methodNotAllowed, readJsonBody, requireProjectScope, requireTenantScope } from "~/modules/credits/gateway-api.server";
import { createHold } from "~/modules/credits/holds.server";

export async function action({ request }: ActionFunctionArgs) {
  return apiRequest(request, "POST", async (caller) => {
    const input = await readJsonBody(request, createHoldSchema);
    requireTenantScope(caller, input.tenant);
    const project = requireProjectScope(caller, input.project);
    const { hold, duplicate } = await createHold({
      id: input.id,
      tenant: input.tenant,
      project,
      amountMilli: input.amount_milli,
      ttlSeconds: input.ttl_seconds,
      description: input.description,
    });
    return apiJson({ ...holdAnswer(hold, input.tenant), duplicate }, duplicate ? 200 : 201);
  });
}

export async function loader() {
  return methodNotAllowed("POST");
}
