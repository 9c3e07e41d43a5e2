// Test helpers for rent, deposits and repairs. Rent is about months that have passed, which the
// application flow (move-in today or later) cannot make, so `leaseFor` writes a lease and its
// occupancy directly; everything billed from it then goes through the module's own functions.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { housingLeases, housingMeterReadings, housingOccupancies, invoices } from "#db/schema/index";
import { applyPayment } from "~/modules/billing/payments.server";
import { resetConfig } from "~/modules/platform/config.server";
import { getDb } from "~/modules/platform/db.server";
import { createUser, addMember, sessionCookie, actorFor } from "./factories";
import { insertBuilding, insertUnit, type TestMember } from "./housing";

// Repair photos of this test run go to a temporary directory, never the project's .data/.
process.env.FILES_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "haopu-files-"));
resetConfig();

/** A one-pixel PNG and a JPEG header: real images by their first bytes. */
export const PNG_BYTES = Uint8Array.from(
  Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f8f1d20000000049454e44ae426082", "hex"),
);
export const JPEG_BYTES = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

export const photo = (name: string, bytes: Uint8Array = PNG_BYTES, type = "image/png") => new File([Buffer.from(bytes)], name, { type });

/** A studio of a new building (rent ¥2,200.00 unless told). */
export async function newUnit(overrides: Parameters<typeof insertUnit>[1] = {}) {
  return insertUnit((await insertBuilding()).id, overrides);
}

/** Another person of the same company, signed in with it. */
export async function memberOf(orgId: string, role = "member"): Promise<TestMember> {
  const user = await createUser();
  await addMember(orgId, user.id, role);
  const cookie = await sessionCookie(user.id, orgId);
  return { user, cookie, actor: await actorFor(cookie) };
}

/** A lease written as it stands after signing (any dates, past ones included), with its occupancy. */
export async function leaseFor(options: {
  orgId: string;
  residentUserId: string;
  unitId: string;
  startsOn: string;
  endsOn: string;
  monthlyRentFen?: bigint;
  depositFen?: bigint;
  payer?: "company" | "resident";
  status?: "awaiting_signature" | "active" | "ended" | "terminated" | "cancelled";
  bedNo?: number;
}) {
  const db = await getDb();
  const status = options.status ?? "active";
  const [lease] = await db
    .insert(housingLeases)
    .values({
      unitId: options.unitId,
      bedNo: options.bedNo ?? 0,
      orgId: options.orgId,
      residentUserId: options.residentUserId,
      payer: options.payer ?? "company",
      startsOn: options.startsOn,
      endsOn: options.endsOn,
      monthlyRentFen: options.monthlyRentFen ?? 300_000n,
      depositFen: options.depositFen ?? 300_000n,
      status,
      termsVersion: "2026-11",
      signedAt: status === "awaiting_signature" ? null : new Date(),
      signedBy: status === "awaiting_signature" ? null : options.residentUserId,
    })
    .returning();
  if (status !== "cancelled") {
    await db.insert(housingOccupancies).values({
      unitId: options.unitId,
      bedNo: options.bedNo ?? 0,
      during: sql`daterange(${options.startsOn}::date, ${options.endsOn}::date, '[)')` as unknown as string,
      kind: "lease",
      leaseId: lease.id,
      orgId: options.orgId,
      status: "active",
    });
  }
  return lease;
}

export async function reading(unitId: string, readOn: string, electricityKwh: string, waterM3: string, leaseId: string | null = null) {
  const db = await getDb();
  const [row] = await db.insert(housingMeterReadings).values({ unitId, leaseId, readOn, electricityKwh, waterM3, kind: "monthly" }).returning();
  return row;
}

/** Pays an invoice in full by bank transfer (as finance would record it). */
export async function payByTransfer(invoiceId: string, amountFen?: bigint) {
  const db = await getDb();
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  return db.transaction((tx) =>
    applyPayment(tx, { invoiceId, method: "bank_transfer", externalRef: `test-transfer-${invoiceId}-${Math.random()}`, amountFen: amountFen ?? invoice.totalFen - invoice.paidFen }),
  );
}
