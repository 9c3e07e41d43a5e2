// POST /api/v1/usage — a batch of up to 1,000 usage events; each is applied once ever by its id and
// answered on its own (applied, duplicate, or rejected with a reason). A tenant's own key may send
// its company's events only: one naming another company refuses the batch (403 forbidden_tenant).
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiJson, apiRequest, checkBatchSize, methodNotAllowed, readJsonBody, scopeUsageEvents, usageBatchSchema, usageSummary } from "~/modules/credits/gateway-api.server";
import { ingestUsage } from "~/modules/credits/usage.server";

export async function action({ request }: ActionFunctionArgs) {
  return apiRequest(request, "POST", async (caller) => {
    const events = scopeUsageEvents(caller, checkBatchSize(await readJsonBody(request, usageBatchSchema)));
    return apiJson(usageSummary(await ingestUsage(events)));
  });
}

export async function loader() {
  return methodNotAllowed("POST");
}
