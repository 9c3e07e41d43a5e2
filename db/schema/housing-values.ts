// The value lists of housing's text columns: plain data with no drizzle in it, so forms and pages
// running in the browser can import them without pulling the table definitions into the bundle.

export const unitTypes = ["studio", "one_bedroom", "two_bedroom", "shared"] as const;
export type UnitType = (typeof unitTypes)[number];

export const housingApplicationStatuses = [
  "submitted", // waiting for the company's owner or admin
  "endorsed", // on the waitlist
  "offered",
  "accepted", // a lease exists
  "declined", // the company said no
  "rejected", // housing said no
  "withdrawn",
] as const;
export type HousingApplicationStatus = (typeof housingApplicationStatuses)[number];

export const housingLeaseStatuses = ["awaiting_signature", "active", "ended", "terminated", "cancelled"] as const;
export type HousingLeaseStatus = (typeof housingLeaseStatuses)[number];

export const repairStatuses = ["reported", "assigned", "scheduled", "resolved", "confirmed", "cancelled"] as const;
export type RepairStatus = (typeof repairStatuses)[number];
