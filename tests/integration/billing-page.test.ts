// /billing: the tenant's invoices with what is outstanding, whichever status the list is filtered to.
import { describe, expect, it } from "vitest";
import { loader as billingLoader } from "~/routes/billing._index";
import { openInvoice, STAGE_TOTAL_FEN, tenantOwner } from "../support/billing";
import { call, getRequest } from "../support/factories";

describe("/billing", () => {
  it("shows the same outstanding total and open count unfiltered, filtered to open and filtered to paid", async () => {
    const owner = await tenantOwner();
    const other = await tenantOwner();
    await openInvoice(owner.actor.org.id);
    await openInvoice(owner.actor.org.id);
    await openInvoice(other.actor.org.id);

    const all = await call<typeof billingLoader>(billingLoader, getRequest("/billing", owner.cookie));
    expect(all.status).toBe(200);
    expect(all.data.invoices).toHaveLength(2);
    expect(all.data.openCount).toBe(2);
    expect(all.data.outstandingFen).toBe(String(2n * STAGE_TOTAL_FEN));

    const open = await call<typeof billingLoader>(billingLoader, getRequest("/billing?status=open", owner.cookie));
    expect(open.data.invoices).toHaveLength(2);
    expect(open.data.openCount).toBe(2);
    expect(open.data.outstandingFen).toBe(String(2n * STAGE_TOTAL_FEN));

    // The list filtered to paid invoices is empty; the summary still counts the open ones.
    const paid = await call<typeof billingLoader>(billingLoader, getRequest("/billing?status=paid", owner.cookie));
    expect(paid.data.invoices).toHaveLength(0);
    expect(paid.data.openCount).toBe(2);
    expect(paid.data.outstandingFen).toBe(String(2n * STAGE_TOTAL_FEN));
  });

  it("is typed from its loader: a misspelt field does not compile", async () => {
    const owner = await tenantOwner();
    const page = await call<typeof billingLoader>(billingLoader, getRequest("/billing", owner.cookie));
    // @ts-expect-error the loader answers `outstandingFen`, not `outstandingYuan`
    expect(page.data.outstandingYuan).toBeUndefined();
    // @ts-expect-error a typed call takes only the route it names: another function does not fit
    await call<typeof billingLoader>(async () => ({ outstandingFen: "0" }), getRequest("/billing", owner.cookie));
  });
});
