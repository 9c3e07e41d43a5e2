// Demo invoices: a few months of park service fees per tenant, some paid by bank transfer, some
// online, some open and one overdue — so the billing and finance pages look lived in.
import { createInvoice, addDays } from "~/modules/billing/invoices.server";
import { applyPayment } from "~/modules/billing/payments.server";
import type { Tx } from "~/modules/platform/db.server";
import { parkDate } from "~/modules/platform/dates";

const fees = [
  { zh: "工位租赁费（10 个工位 × 1 个月）", en: "Desk rental (10 desks × 1 month)", quantity: 10, unitPriceFen: 150_000n },
  { zh: "一号摄影棚使用费（日租）", en: "Stage 1 hire (per day)", quantity: 3, unitPriceFen: 2_800_000n },
  { zh: "后期机房使用费（小时）", en: "Post suite hire (hours)", quantity: 24, unitPriceFen: 38_000n },
  { zh: "会议室使用费（半天）", en: "Meeting room (half day)", quantity: 2, unitPriceFen: 80_000n },
];

export async function seedBilling(tx: Tx, ids: { tenants: Map<string, string>; users: Map<string, string> }) {
  const finance = ids.users.get("finance@haopu.test") ?? null;
  const today = parkDate();
  let n = 0;
  for (const [slug, orgId] of ids.tenants) {
    const fee = fees[n % fees.length];
    // Last month's fee: paid by corporate transfer.
    const paid = await createInvoice(tx, {
      orgId,
      kind: "manual",
      sourceRef: `demo-${slug}-1`,
      lines: [{ descriptionZh: fee.zh, descriptionEn: fee.en, quantity: fee.quantity, unitPriceFen: fee.unitPriceFen }],
      vatRateBp: 600,
      dueOn: addDays(today, -20),
      issuedOn: addDays(today, -34),
      createdBy: finance,
    });
    await applyPayment(tx, {
      invoiceId: paid.id,
      method: "bank_transfer",
      externalRef: `DEMO${String(n + 1).padStart(4, "0")}#${paid.id}`,
      amountFen: paid.totalFen,
      recordedBy: finance,
    });
    // This month's: open, and for every third tenant already overdue.
    await createInvoice(tx, {
      orgId,
      kind: "manual",
      sourceRef: `demo-${slug}-2`,
      lines: [
        { descriptionZh: fees[(n + 1) % fees.length].zh, descriptionEn: fees[(n + 1) % fees.length].en, quantity: fees[(n + 1) % fees.length].quantity, unitPriceFen: fees[(n + 1) % fees.length].unitPriceFen },
        { descriptionZh: "物业管理费", descriptionEn: "Property management fee", quantity: 1, unitPriceFen: 60_000n },
      ],
      vatRateBp: 600,
      dueOn: n % 3 === 0 ? addDays(today, -12) : addDays(today, 10),
      issuedOn: n % 3 === 0 ? addDays(today, -26) : addDays(today, -4),
      createdBy: finance,
    });
    n++;
  }
}
