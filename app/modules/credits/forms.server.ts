// The credits forms only the server parses: /compute's buttons post plain forms that the browser
// does not validate, so the page imports its schema from here and does not load zod.
import { z } from "zod";
import { badIntent, rowId } from "~/modules/platform/form-schemas";

/** /compute: buy a pack, or cancel a purchase not paid yet. */
export const computeOverviewSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("buy"), packId: rowId }), z.object({ intent: z.literal("cancel"), purchaseId: rowId })], badIntent);
