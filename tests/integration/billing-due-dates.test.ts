// An invoice is never issued after its own due date: created already overdue it is refused; a
// draft finance issues late gets 14 days from the day it is issued.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invoices } from "#db/schema/index";
import { changeInvoiceStatus, createInvoice } from "~/modules/billing/invoices.server";
import { getDb } from "~/modules/platform/db.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { AppError } from "~/modules/platform/errors";
import { parkStaff, STAGE_LINES, tenantOwner } from "../support/billing";

describe("due dates", () => {
  it("refuses to issue an invoice whose due date has already passed", async () => {
    const owner = await tenantOwner();
    const db = await getDb();
    const attempt = db.transaction((tx) =>
      createInvoice(tx, { orgId: owner.actor.org.id, kind: "manual", lines: STAGE_LINES, vatRateBp: 600, dueOn: addDaysIso(parkDate(), -1) }),
    );
    await expect(attempt).rejects.toMatchObject({ messageKey: "errors.dueBeforeIssue" } satisfies Partial<AppError>);
    // Dated in the past (demo data), the same due date is fine.
    const dated = await db.transaction((tx) =>
      createInvoice(tx, { orgId: owner.actor.org.id, kind: "manual", lines: STAGE_LINES, vatRateBp: 600, dueOn: addDaysIso(parkDate(), -1), issuedOn: addDaysIso(parkDate(), -15) }),
    );
    expect(dated.issuedAt!.getTime()).toBeLessThan(Date.now());
  });

  it("a draft issued after its due date is due 14 days from the day it is issued", async () => {
    const owner = await tenantOwner();
    const finance = await parkStaff("finance");
    const db = await getDb();
    const draft = await db.transaction((tx) =>
      createInvoice(tx, { orgId: owner.actor.org.id, kind: "manual", lines: STAGE_LINES, vatRateBp: 600, dueOn: addDaysIso(parkDate(), 2), issue: false }),
    );
    await db.update(invoices).set({ dueOn: addDaysIso(parkDate(), -3) }).where(eq(invoices.id, draft.id));
    await changeInvoiceStatus(finance.actor, { invoiceId: draft.id, to: "open", reason: "issued late" }, { ip: null });
    const [issued] = await db.select().from(invoices).where(eq(invoices.id, draft.id));
    expect(issued.status).toBe("open");
    expect(issued.dueOn).toBe(addDaysIso(parkDate(), 14));
  });
});
