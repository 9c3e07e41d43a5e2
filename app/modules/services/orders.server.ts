// Orders of the one-stop services: priced lines that hold time on resources (whole resources by
// an exclusion constraint, daily pools by a capacity check), reviewed by the service desk,
// invoiced through billing and confirmed when paid. Every transition is a compare-and-set on the
// order's status, audited in the same transaction.
import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { orgDirectory } from "~/modules/identity/directory.server";
import { serviceBookings, serviceCapacityDays, serviceCapacityTakes, serviceOfferings, serviceOrderLines, serviceOrders, servicePackageItems, servicePackages, serviceResources } from "#db/schema/services";
import { registerInvoiceKind } from "~/modules/billing/handlers.server";
import { confirmShortStay, holdShortStay, releaseShortStay, shortStayPoolByDay } from "~/modules/housing/occupancy.server";
import { changeInvoiceStatusInTx, createInvoice } from "~/modules/billing/invoices.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission, requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, pgErrorCode, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { registerPeriodicTask } from "~/modules/platform/jobs.server";
import { notify } from "~/modules/platform/notifications.server";
import {
  addDaysIso,
  canMoveOrder,
  DAILY_UNITS,
  holdDeadline,
  holdStartedBefore,
  HOURLY_UNITS,
  lineAmountFen,
  orderCancellationFeeFen,
  parkDay,
  parkDaysBetween,
  parkMidnight,
  parkMinuteOfDay,
  priceWithVat,
  quantityLabel,
  SERVICES_VAT_RATE_BP,
  unitsFor,
  type OrderStatus,
  type PricingUnit,
} from "./pricing";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { LINE_NOTE_MAX } from "./forms";

;

export interface LineRequest {
  offeringCode: string;
  quantity: number;
  /** Hourly offerings: exact times (ISO). */
  startsAt?: string;
  endsAt?: string;
  /** Daily offerings (day, person-day, night): first park date and how many days or nights. */
  startDate?: string;
  days?: number;
  /** What the tenant asks for on this line ("需天车"); kept on the order line. */
  note?: string;
}

export interface PricedLine {
  offering: typeof serviceOfferings.$inferSelect;
  resource: typeof serviceResources.$inferSelect | null;
  quantity: number;
  units: number;
  startsAt: Date | null;
  endsAt: Date | null;
  unitPriceFen: bigint | null;
  amountFen: bigint | null;
  note: string;
}

interface LineProblem {
  index: number;
  messageKey: string;
  params?: Record<string, string | number>;
}

/**
 * Validates and prices lines exactly as the invoice will; problems name the line and the reason.
 * `priceTooSoon`: a line inside its notice period is still priced (the preview shows what it would
 * cost beside the reason it cannot be booked yet); it stays a problem either way.
 */
export async function priceLines(requests: LineRequest[], now = new Date(), options: { priceTooSoon?: boolean } = {}) {
  const db = await getDb();
  const codes = [...new Set(requests.map((r) => r.offeringCode))];
  const offerings = codes.length
    ? await db.select().from(serviceOfferings).where(and(inArray(serviceOfferings.code, codes), eq(serviceOfferings.active, true)))
    : [];
  const resourceIds = offerings.flatMap((o) => (o.resourceId ? [o.resourceId] : []));
  const resources = resourceIds.length ? await db.select().from(serviceResources).where(inArray(serviceResources.id, resourceIds)) : [];
  const lines: PricedLine[] = [];
  const problems: LineProblem[] = [];
  requests.forEach((request, index) => {
    const offering = offerings.find((o) => o.code === request.offeringCode);
    if (!offering) return problems.push({ index, messageKey: "errors.unknownOffering" });
    const unit = offering.pricingUnit as PricingUnit;
    const quantity = request.quantity;
    if (!Number.isInteger(quantity) || quantity < offering.minQuantity || quantity > offering.maxQuantity) {
      return problems.push({ index, messageKey: "errors.quantityRange", params: { min: offering.minQuantity, max: offering.maxQuantity } });
    }
    let startsAt: Date | null = null;
    let endsAt: Date | null = null;
    if (HOURLY_UNITS.includes(unit)) {
      startsAt = request.startsAt ? new Date(request.startsAt) : null;
      endsAt = request.endsAt ? new Date(request.endsAt) : null;
      if (!startsAt || !endsAt || Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()) || endsAt <= startsAt) {
        return problems.push({ index, messageKey: "errors.timeRange" });
      }
    } else if (DAILY_UNITS.includes(unit) || request.startDate) {
      const days = request.days ?? 1;
      if (!request.startDate || !/^\d{4}-\d{2}-\d{2}$/.test(request.startDate) || !Number.isInteger(days) || days < 1 || days > 90) {
        return problems.push({ index, messageKey: "errors.dateRange" });
      }
      startsAt = parkMidnight(request.startDate);
      endsAt = parkMidnight(addDaysIso(request.startDate, DAILY_UNITS.includes(unit) ? days : 1));
    }
    if (startsAt && startsAt.getTime() < now.getTime() + offering.leadTimeHours * 3_600_000) {
      if (offering.leadTimeHours === 0) problems.push({ index, messageKey: "errors.startInPast" });
      else problems.push({ index, messageKey: "errors.leadTime", params: { hours: offering.leadTimeHours } });
      if (!options.priceTooSoon) return;
    }
    const resource = resources.find((r) => r.id === offering.resourceId) ?? null;
    if (resource && resource.opensMinute !== null && startsAt && endsAt && HOURLY_UNITS.includes(unit)) {
      const sameDay = parkDay(startsAt) === parkDay(new Date(endsAt.getTime() - 1));
      const endMinute = parkMinuteOfDay(endsAt) || 1440;
      if (!sameDay || parkMinuteOfDay(startsAt) < resource.opensMinute || endMinute > resource.closesMinute!) {
        return problems.push({ index, messageKey: "errors.outsideOpeningHours" });
      }
    }
    const units = unitsFor(unit, startsAt, endsAt);
    const unitPriceFen = offering.priceFen;
    lines.push({
      offering,
      resource,
      quantity,
      units,
      startsAt,
      endsAt,
      unitPriceFen,
      amountFen: unitPriceFen === null ? null : lineAmountFen(unitPriceFen, quantity, units),
      note: (request.note ?? "").trim().slice(0, LINE_NOTE_MAX),
    });
  });
  const totalFen = lines.reduce((sum, l) => sum + (l.amountFen ?? 0n), 0n);
  return { lines, problems, totalFen, hasQuoteLines: lines.some((l) => l.amountFen === null) };
}

/** Housing's reference for the short-stay nights an order line holds on apartment units. */
const shortStayRef = (lineId: string) => `order_line:${lineId}`;

/**
 * Holds time for one line: a range on a whole resource, units of a daily pool, or — for lodging —
 * nights on housing's short-stay units (housing owns the apartments and their one calendar).
 */
async function holdLine(tx: Tx, orgId: string, lineId: string, line: PricedLine, heldUntil: Date) {
  const resource = line.resource;
  if (!resource || !line.startsAt || !line.endsAt) return;
  const name = line.offering.nameZh;
  if (resource.kind === "lodging") {
    const nights = parkDaysBetween(line.startsAt, line.endsAt);
    await holdShortStay(tx, { orgId, sourceRef: shortStayRef(lineId), fromDate: nights[0], nights: nights.length, quantity: line.quantity });
    return;
  }
  if (resource.capacity === 1) {
    const from = new Date(line.startsAt.getTime() - resource.setupMinutes * 60_000);
    const to = new Date(line.endsAt.getTime() + resource.teardownMinutes * 60_000);
    try {
      await tx.insert(serviceBookings).values({
        orderLineId: lineId,
        resourceId: resource.id,
        orgId,
        during: sql`tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')` as unknown as string,
        status: "held",
        heldUntil,
      });
    } catch (error) {
      if (pgErrorCode(error) === "23P01") throw new AppError("conflict", "errors.slotTaken", { item: name });
      throw error;
    }
    return;
  }
  for (const day of parkDaysBetween(line.startsAt, line.endsAt)) {
    try {
      await tx
        .insert(serviceCapacityDays)
        .values({ resourceId: resource.id, day, capacity: resource.capacity, used: line.quantity })
        .onConflictDoUpdate({
          target: [serviceCapacityDays.resourceId, serviceCapacityDays.day],
          set: { used: sql`${serviceCapacityDays.used} + ${line.quantity}` },
        });
    } catch (error) {
      if (pgErrorCode(error) === "23514") throw new AppError("conflict", "errors.soldOut", { item: name, day });
      throw error;
    }
    await tx.insert(serviceCapacityTakes).values({ orderLineId: lineId, resourceId: resource.id, day, units: line.quantity });
  }
}

/** Gives back everything an order holds: its bookings and its pool days. */
async function releaseOrder(tx: Tx, orderId: string, bookingStatus: "cancelled" | "expired") {
  const lineIds = (await tx.select({ id: serviceOrderLines.id }).from(serviceOrderLines).where(eq(serviceOrderLines.orderId, orderId))).map((l) => l.id);
  if (lineIds.length === 0) return;
  for (const lineId of lineIds) await releaseShortStay(tx, shortStayRef(lineId));
  await tx
    .update(serviceBookings)
    .set({ status: bookingStatus, heldUntil: null })
    .where(and(inArray(serviceBookings.orderLineId, lineIds), inArray(serviceBookings.status, ["held", "confirmed"])));
  const takes = await tx
    .update(serviceCapacityTakes)
    .set({ releasedAt: new Date() })
    .where(and(inArray(serviceCapacityTakes.orderLineId, lineIds), isNull(serviceCapacityTakes.releasedAt)))
    .returning();
  for (const take of takes.sort((a, b) => (a.resourceId + a.day).localeCompare(b.resourceId + b.day))) {
    await tx
      .update(serviceCapacityDays)
      .set({ used: sql`${serviceCapacityDays.used} - ${take.units}` })
      .where(and(eq(serviceCapacityDays.resourceId, take.resourceId), eq(serviceCapacityDays.day, take.day)));
  }
}

/** Holds an order's bookings to a new deadline from now (on approval, a quote, a resubmission). */
async function renewHolds(tx: Tx, orderId: string) {
  const lineIds = (await tx.select({ id: serviceOrderLines.id }).from(serviceOrderLines).where(eq(serviceOrderLines.orderId, orderId))).map((l) => l.id);
  if (lineIds.length === 0) return;
  await tx
    .update(serviceBookings)
    .set({ heldUntil: holdDeadline(new Date()).heldUntil })
    .where(and(inArray(serviceBookings.orderLineId, lineIds), eq(serviceBookings.status, "held")));
}

/** Which resource a line holds, for taking locks in one order across concurrent orders. */
function lockKey(line: PricedLine) {
  return `${line.resource?.id ?? "~"}|${line.startsAt?.toISOString() ?? ""}`;
}

async function notifyStaff(tx: Tx, kind: string, params: Record<string, string>, link: string) {
  const staff = await peopleWithPermission(tx, { park: true }, "services:manage");
  for (const { userId } of staff) await notify(tx, { userId, kind, params, link });
}

async function invoiceOrder(tx: Tx, order: typeof serviceOrders.$inferSelect, createdBy: string | null) {
  const lines = await tx
    .select({ line: serviceOrderLines, offering: serviceOfferings })
    .from(serviceOrderLines)
    .innerJoin(serviceOfferings, eq(serviceOfferings.id, serviceOrderLines.offeringId))
    .where(eq(serviceOrderLines.orderId, order.id))
    .orderBy(asc(serviceOrderLines.startsAt), asc(serviceOrderLines.id));
  // A line counts what the catalogue prices: 30 people × 3 days is 90 person-days at the day rate.
  const invoiceLines = lines.map(({ line, offering }) => ({
    descriptionZh: offering.nameZh,
    descriptionEn: offering.nameEn,
    quantity: line.quantity * line.units,
    quantityLabel: quantityLabel(offering.pricingUnit as PricingUnit, line.quantity, line.units),
    unitPriceFen: line.unitPriceFen ?? 0n,
  }));
  // A package is charged its package price, as one line.
  const invoice = await createInvoice(tx, {
    orgId: order.orgId,
    kind: "service_order",
    sourceRef: order.id,
    lines: order.packageId
      ? [{ descriptionZh: order.title, descriptionEn: order.title, quantity: 1, unitPriceFen: order.totalFen }]
      : invoiceLines,
    vatRateBp: SERVICES_VAT_RATE_BP,
    // Due the day the order's hold ends: pay by then, or the time is given back.
    dueOn: holdDeadline(new Date()).payBy,
    createdBy,
  });
  await tx.update(serviceOrders).set({ invoiceId: invoice.id }).where(eq(serviceOrders.id, order.id));
  return invoice;
}

export interface PlaceOrderInput {
  lines: LineRequest[];
  title?: string;
  note?: string;
  packageCode?: string;
  packageStartDate?: string;
}

/** The lines a package books from a start date: each item from its day offset for its days. */
export async function packageRequests(packageCode: string, startDate: string | undefined) {
  const db = await getDb();
  const [pkg] = await db.select().from(servicePackages).where(and(eq(servicePackages.code, packageCode), eq(servicePackages.active, true)));
  if (!pkg) throw new AppError("not_found", "errors.unknownOffering");
  if (!startDate || !/^\d{4}-\d{2}-\d{2}$/.test(startDate)) throw new AppError("invalid", "errors.dateRange", { line: 1 });
  const items = await db
    .select({ item: servicePackageItems, offering: serviceOfferings })
    .from(servicePackageItems)
    .innerJoin(serviceOfferings, eq(serviceOfferings.id, servicePackageItems.offeringId))
    .where(eq(servicePackageItems.packageId, pkg.id))
    .orderBy(asc(servicePackageItems.dayOffset), asc(servicePackageItems.id));
  const requests: LineRequest[] = items.map(({ item, offering }) => ({
    offeringCode: offering.code,
    quantity: item.quantity,
    startDate: addDaysIso(startDate, item.dayOffset),
    days: item.days,
  }));
  return { pkg, requests };
}

/** A tenant member places an order: every line is held, or none is. */
export async function placeOrder(actor: MemberActor, input: PlaceOrderInput) {
  requirePermission(actor, "services:order", { kind: "tenant" });
  const db = await getDb();
  let requests = input.lines;
  let pkg: typeof servicePackages.$inferSelect | undefined;
  if (input.packageCode) ({ pkg, requests } = await packageRequests(input.packageCode, input.packageStartDate));
  if (requests.length === 0) throw new AppError("invalid", "errors.orderEmpty");
  if (requests.length > 30) throw new AppError("invalid", "errors.orderTooLarge");
  const priced = await priceLines(requests);
  if (priced.problems.length) {
    const first = priced.problems[0];
    throw new AppError("invalid", first.messageKey, { ...first.params, line: first.index + 1 });
  }
  const needsReview = priced.hasQuoteLines || priced.lines.some((l) => l.offering.requiresApproval);
  const { heldUntil } = holdDeadline(new Date());
  return db.transaction(async (tx) => {
    const [order] = await tx
      .insert(serviceOrders)
      .values({
        orgId: actor.org.id,
        status: needsReview ? "submitted" : "approved",
        packageId: pkg?.id ?? null,
        title: (pkg ? pkg.nameZh : input.title ?? priced.lines.map((l) => l.offering.nameZh).join("、")).slice(0, 200),
        note: (input.note ?? "").slice(0, 2000),
        totalFen: pkg ? pkg.priceFen : priced.totalFen,
        submittedBy: actor.user.id,
      })
      .returning();
    // Lines are held in one global order (resource, then start), so two orders racing for the
    // same resources wait for each other instead of deadlocking.
    const ordered = [...priced.lines].sort((a, b) => lockKey(a).localeCompare(lockKey(b)));
    for (const line of ordered) {
      const [row] = await tx
        .insert(serviceOrderLines)
        .values({
          orderId: order.id,
          offeringId: line.offering.id,
          quantity: line.quantity,
          units: line.units,
          startsAt: line.startsAt,
          endsAt: line.endsAt,
          unitPriceFen: line.unitPriceFen,
          amountFen: line.amountFen,
          note: line.note,
        })
        .returning({ id: serviceOrderLines.id });
      await holdLine(tx, actor.org.id, row.id, line, heldUntil);
    }
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "order.submitted",
      subjectType: "service_order",
      subjectId: order.id,
      after: { status: order.status, totalFen: String(order.totalFen), lines: priced.lines.length },
    });
    if (order.status === "approved") {
      const invoice = await invoiceOrder(tx, order, actor.user.id);
      return { ...order, invoiceId: invoice.id };
    }
    await notifyStaff(tx, "orderSubmitted", { title: order.title }, `/services/desk/${order.id}`);
    return order;
  });
}

async function lockOrder(tx: Tx, actor: MemberActor, orderId: string) {
  if (!isUuid(orderId)) throw notFound();
  const scope = hasPermission(actor, "services:manage", { kind: "park" }) ? undefined : eq(serviceOrders.orgId, actor.org.id);
  const [order] = await tx.select().from(serviceOrders).where(and(eq(serviceOrders.id, orderId), scope)).for("update");
  if (!order) throw notFound();
  return order;
}

/** The sentence (`notification.<kind>`) the person who placed an order gets for each new status. */
const statusNotice: Record<OrderStatus, string> = {
  awaiting_tenant_approval: "orderSubmittedNotice",
  submitted: "orderSubmittedNotice",
  quoted: "orderQuoted",
  changes_requested: "orderChangesRequested",
  approved: "orderApproved",
  rejected: "orderRejected",
  confirmed: "orderConfirmed",
  in_progress: "orderInProgress",
  completed: "orderCompleted",
  cancelled: "orderCancelled",
  expired: "orderExpired",
};

async function moveOrder(
  tx: Tx,
  actor: MemberActor | null,
  order: typeof serviceOrders.$inferSelect,
  to: OrderStatus,
  extra: Partial<typeof serviceOrders.$inferInsert> = {},
  reason?: string,
) {
  if (!canMoveOrder(order.status as OrderStatus, to)) throw new AppError("conflict", "errors.orderTransition", { status: order.status });
  const [updated] = await tx
    .update(serviceOrders)
    .set({ status: to, updatedAt: new Date(), ...extra })
    .where(and(eq(serviceOrders.id, order.id), eq(serviceOrders.status, order.status)))
    .returning();
  if (!updated) throw new AppError("conflict", "errors.orderTransition", { status: order.status });
  await recordAudit(tx, {
    actorUserId: actor?.user.id ?? null,
    orgId: order.orgId,
    action: `order.${to}`,
    subjectType: "service_order",
    subjectId: order.id,
    before: { status: order.status },
    after: { status: to },
    reason: reason ?? null,
  });
  await notify(tx, { userId: order.submittedBy, orgId: order.orgId, kind: statusNotice[to], params: { title: order.title }, link: `/services/orders/${order.id}` });
  return updated;
}

/** The service desk decides on a submitted (or quoted and accepted) order. */
export async function decideOrder(
  actor: MemberActor,
  input: { orderId: string; decision: "approve" | "reject" | "request_changes"; note?: string },
) {
  if (!hasPermission(actor, "services:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    // A quoted order is the tenant's to accept; the desk decides on submitted ones only.
    if (order.status !== "submitted") throw new AppError("conflict", "errors.orderTransition", { status: order.status });
    if (input.decision === "approve") {
      const unpriced = await tx
        .select({ id: serviceOrderLines.id })
        .from(serviceOrderLines)
        .where(and(eq(serviceOrderLines.orderId, order.id), isNull(serviceOrderLines.amountFen)));
      if (unpriced.length) throw new AppError("conflict", "errors.orderNeedsQuote");
      const updated = await moveOrder(tx, actor, order, "approved", { decidedBy: actor.user.id, decidedAt: new Date(), decisionNote: input.note ?? null }, input.note);
      await renewHolds(tx, order.id);
      const invoice = await invoiceOrder(tx, updated, actor.user.id);
      return { ...updated, invoiceId: invoice.id };
    }
    if (!input.note?.trim()) throw new AppError("invalid", "errors.reasonRequired");
    if (input.decision === "reject") {
      const updated = await moveOrder(tx, actor, order, "rejected", { decidedBy: actor.user.id, decidedAt: new Date(), decisionNote: input.note }, input.note);
      await releaseOrder(tx, order.id, "cancelled");
      return updated;
    }
    return moveOrder(tx, actor, order, "changes_requested", { decisionNote: input.note }, input.note);
  });
}

/** Staff price the quote-only lines; the tenant then accepts (→ approved, invoiced) or declines. */
export async function quoteOrder(actor: MemberActor, input: { orderId: string; prices: Record<string, bigint>; note?: string }) {
  if (!hasPermission(actor, "services:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    const lines = await tx.select().from(serviceOrderLines).where(eq(serviceOrderLines.orderId, order.id));
    let total = 0n;
    for (const line of lines) {
      const price = line.amountFen === null ? input.prices[line.id] : line.unitPriceFen!;
      if (price === undefined || price < 0n) throw new AppError("invalid", "errors.quoteMissing");
      const amount = lineAmountFen(price, line.quantity, line.units);
      total += amount;
      if (line.amountFen === null) {
        await tx.update(serviceOrderLines).set({ unitPriceFen: price, amountFen: amount }).where(eq(serviceOrderLines.id, line.id));
      }
    }
    const updated = await moveOrder(tx, actor, order, "quoted", { totalFen: total, decisionNote: input.note ?? null }, input.note);
    await renewHolds(tx, order.id);
    return updated;
  });
}

export async function respondToQuote(actor: MemberActor, input: { orderId: string; accept: boolean }) {
  requirePermission(actor, "services:order", { kind: "tenant" });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    if (order.status !== "quoted") throw new AppError("conflict", "errors.orderTransition", { status: order.status });
    if (!input.accept) {
      const updated = await moveOrder(tx, actor, order, "cancelled", { cancellationFeeFen: 0n }, "quote declined");
      await releaseOrder(tx, order.id, "cancelled");
      return updated;
    }
    const updated = await moveOrder(tx, actor, order, "approved", { decidedAt: new Date() });
    await renewHolds(tx, order.id);
    const invoice = await invoiceOrder(tx, updated, actor.user.id);
    return { ...updated, invoiceId: invoice.id };
  });
}

/** The tenant resubmits after the desk asked for changes. */
export async function resubmitOrder(actor: MemberActor, input: { orderId: string; note: string }) {
  if (actor.org.kind !== "tenant") throw forbidden();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    const updated = await moveOrder(tx, actor, order, "submitted", { note: input.note.slice(0, 2000) }, input.note);
    await renewHolds(tx, order.id);
    await notifyStaff(tx, "orderSubmitted", { title: order.title }, `/services/desk/${order.id}`);
    return updated;
  });
}

/**
 * Cancels an order under each offering's policy: free until N hours before the start, then a fee.
 * An unpaid invoice is voided and the fee invoiced on its own; a paid one is left to finance to
 * refund the difference.
 */
export async function cancelOrder(actor: MemberActor, input: { orderId: string; reason: string }, now = new Date()) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    if (!hasPermission(actor, "services:manage", { kind: "park" }) && !hasPermission(actor, "services:order", { kind: "tenant" })) throw forbidden();
    const lines = await tx
      .select({ line: serviceOrderLines, offering: serviceOfferings })
      .from(serviceOrderLines)
      .innerJoin(serviceOfferings, eq(serviceOfferings.id, serviceOrderLines.offeringId))
      .where(eq(serviceOrderLines.orderId, order.id));
    const fee = feeFor(order, lines, now);
    const updated = await moveOrder(tx, actor, order, "cancelled", { cancellationFeeFen: fee }, input.reason);
    await releaseOrder(tx, order.id, "cancelled");
    // An unpaid invoice is voided and the fee invoiced on its own. A paid one stays: the fee is
    // kept out of the payment and finance refunds the rest — invoicing the fee again would charge it twice.
    const voided = order.invoiceId ? await changeInvoiceStatusInTx(tx, order.invoiceId, "void", input.reason, actor.user.id) : null;
    if (fee > 0n && (voided || !order.invoiceId)) {
      await createInvoice(tx, {
        orgId: order.orgId,
        kind: "service_cancellation",
        sourceRef: order.id,
        lines: [{ descriptionZh: `取消费：${order.title}`, descriptionEn: `Cancellation fee: ${order.title}`, quantity: 1, unitPriceFen: fee }],
        vatRateBp: SERVICES_VAT_RATE_BP,
        createdBy: actor.user.id,
      });
    }
    return updated;
  });
}

function feeFor(
  order: typeof serviceOrders.$inferSelect,
  lines: { line: typeof serviceOrderLines.$inferSelect; offering: typeof serviceOfferings.$inferSelect }[],
  now: Date,
) {
  return orderCancellationFeeFen(
    { status: order.status, totalFen: order.totalFen, packaged: order.packageId !== null },
    lines.map(({ line, offering }) => ({ amountFen: line.amountFen, startsAt: line.startsAt, freeCancelHours: offering.freeCancelHours, cancelFeeBp: offering.cancelFeeBp })),
    now,
  );
}

/**
 * What cancelling now would cost, as `cancelOrder` will charge it: the fee, and the invoice total
 * (with VAT) when the fee is invoiced on its own (an unpaid order); a paid order keeps the fee
 * out of the refund instead.
 */
export async function cancellationPreview(actor: MemberActor, orderId: string, now = new Date()) {
  const { order, lines } = await getOrder(actor, orderId);
  const fee = feeFor(order, lines, now);
  return { feeFen: fee, ...priceWithVat(fee), invoiced: order.status === "approved" };
}

/** The desk marks a confirmed order under way, then done. */
export async function progressOrder(actor: MemberActor, input: { orderId: string; to: "in_progress" | "completed" }) {
  if (!hasPermission(actor, "services:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  return db.transaction(async (tx) => moveOrder(tx, actor, await lockOrder(tx, actor, input.orderId), input.to));
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerServicesOrders() {
  registerInvoiceKind("service_order", {
    async paidNotice(_db, invoice) {
      return invoice.sourceRef ? { messageKey: "services.order.paidNotice", returnTo: `/services/orders/${invoice.sourceRef}`, returnLabelKey: "services.order.backToOrder" } : null;
    },
    async onPaid(tx, invoice) {
      if (!invoice.sourceRef) return;
      const [order] = await tx.select().from(serviceOrders).where(eq(serviceOrders.id, invoice.sourceRef)).for("update");
      if (!order || order.status !== "approved") return;
      await moveOrder(tx, null, order, "confirmed");
      const lineIds = (await tx.select({ id: serviceOrderLines.id }).from(serviceOrderLines).where(eq(serviceOrderLines.orderId, order.id))).map((l) => l.id);
      for (const lineId of lineIds) await confirmShortStay(tx, shortStayRef(lineId));
      if (lineIds.length) {
        await tx
          .update(serviceBookings)
          .set({ status: "confirmed", heldUntil: null })
          .where(and(inArray(serviceBookings.orderLineId, lineIds), eq(serviceBookings.status, "held")));
      }
    },
  });
  registerPeriodicTask("expire-unpaid-orders", 300, async () => {
    await expireUnpaidOrders();
  });
}

/** Orders whose holds ran out before they were paid give their time back. */
export async function expireUnpaidOrders(now = new Date()) {
  const db = await getDb();
  const heldTooLong = await db
    .selectDistinct({ orderId: serviceOrderLines.orderId })
    .from(serviceBookings)
    .innerJoin(serviceOrderLines, eq(serviceOrderLines.id, serviceBookings.orderLineId))
    .where(and(eq(serviceBookings.status, "held"), lt(serviceBookings.heldUntil, now)));
  // Orders holding only pool days (extras, rooms) have no booking to carry a deadline: their hold
  // runs to the same deadline from the order's last transition, as a booking's would.
  const poolOnly = await db
    .selectDistinct({ orderId: serviceOrders.id })
    .from(serviceOrders)
    .innerJoin(serviceOrderLines, eq(serviceOrderLines.orderId, serviceOrders.id))
    .innerJoin(serviceCapacityTakes, and(eq(serviceCapacityTakes.orderLineId, serviceOrderLines.id), isNull(serviceCapacityTakes.releasedAt)))
    .where(
      and(
        inArray(serviceOrders.status, ["submitted", "quoted", "approved"]),
        lt(serviceOrders.updatedAt, holdStartedBefore(now)),
        sql`not exists (select 1 from ${serviceBookings} b join ${serviceOrderLines} l on l.id = b.order_line_id where l.order_id = ${serviceOrders.id} and b.status = 'held')`,
      ),
    );
  // Lodging lines hold nights through housing, with no booking either: the same deadline applies.
  const lodging = await db
    .selectDistinct({ orderId: serviceOrders.id })
    .from(serviceOrders)
    .innerJoin(serviceOrderLines, eq(serviceOrderLines.orderId, serviceOrders.id))
    .innerJoin(serviceOfferings, eq(serviceOfferings.id, serviceOrderLines.offeringId))
    .innerJoin(serviceResources, and(eq(serviceResources.id, serviceOfferings.resourceId), eq(serviceResources.kind, "lodging")))
    .where(
      and(
        inArray(serviceOrders.status, ["submitted", "quoted", "approved"]),
        lt(serviceOrders.updatedAt, holdStartedBefore(now)),
        sql`not exists (select 1 from ${serviceBookings} b join ${serviceOrderLines} l on l.id = b.order_line_id where l.order_id = ${serviceOrders.id} and b.status = 'held')`,
      ),
    );
  const due = [...new Map([...heldTooLong, ...poolOnly, ...lodging].map((d) => [d.orderId, d])).values()];
  let expired = 0;
  for (const { orderId } of due) {
    const done = await db.transaction(async (tx) => {
      const [order] = await tx.select().from(serviceOrders).where(eq(serviceOrders.id, orderId)).for("update");
      if (!order || !canMoveOrder(order.status as OrderStatus, "expired")) return false;
      await moveOrder(tx, null, order, "expired");
      await releaseOrder(tx, order.id, "expired");
      if (order.invoiceId) await changeInvoiceStatusInTx(tx, order.invoiceId, "void", "hold expired", null);
      return true;
    });
    if (done) expired++;
  }
  return expired;
}

export async function getOrder(actor: MemberActor, orderId: string) {
  if (!isUuid(orderId)) throw notFound();
  if (!hasPermission(actor, "services:manage", { kind: "park" }) && actor.org.kind !== "tenant") throw notFound();
  const db = await getDb();
  const scope = hasPermission(actor, "services:manage", { kind: "park" }) ? undefined : eq(serviceOrders.orgId, actor.org.id);
  const [order] = await db
    .select({ order: serviceOrders, orgNameZh: orgDirectory.nameZh, orgNameEn: orgDirectory.nameEn })
    .from(serviceOrders)
    .innerJoin(orgDirectory, eq(orgDirectory.id, serviceOrders.orgId))
    .where(and(eq(serviceOrders.id, orderId), scope));
  if (!order) throw notFound();
  const lines = await db
    .select({ line: serviceOrderLines, offering: serviceOfferings })
    .from(serviceOrderLines)
    .innerJoin(serviceOfferings, eq(serviceOfferings.id, serviceOrderLines.offeringId))
    .where(eq(serviceOrderLines.orderId, orderId))
    .orderBy(asc(serviceOrderLines.startsAt));
  return { ...order, lines };
}

/** The desk's queue: orders waiting for a decision, oldest first. */
export async function deskQueue(actor: MemberActor) {
  if (!hasPermission(actor, "services:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  return db
    .select({ order: serviceOrders, orgNameZh: orgDirectory.nameZh, orgNameEn: orgDirectory.nameEn })
    .from(serviceOrders)
    .innerJoin(orgDirectory, eq(orgDirectory.id, serviceOrders.orgId))
    .where(inArray(serviceOrders.status, ["submitted", "quoted", "changes_requested", "approved", "confirmed", "in_progress"]))
    .orderBy(asc(serviceOrders.submittedAt))
    .limit(300);
}

/** Taken time on a resource between two instants; tenants see that it is taken, the desk sees by whom. */
export async function resourceCalendar(actor: MemberActor | null, resourceId: string, from: Date, to: Date) {
  if (!isUuid(resourceId)) throw notFound();
  const db = await getDb();
  const [resource] = await db.select().from(serviceResources).where(eq(serviceResources.id, resourceId));
  if (!resource) throw notFound();
  const desk = actor ? hasPermission(actor, "services:manage", { kind: "park" }) : false;
  const bookings = await db
    .select({
      id: serviceBookings.id,
      lower: sql<string>`lower(${serviceBookings.during})`,
      upper: sql<string>`upper(${serviceBookings.during})`,
      status: serviceBookings.status,
      orgId: serviceBookings.orgId,
      orgNameZh: orgDirectory.nameZh,
      orgNameEn: orgDirectory.nameEn,
      orderId: serviceOrderLines.orderId,
    })
    .from(serviceBookings)
    .innerJoin(orgDirectory, eq(orgDirectory.id, serviceBookings.orgId))
    // The park's own use (an event) has no order line; it still shows as taken.
    .leftJoin(serviceOrderLines, eq(serviceOrderLines.id, serviceBookings.orderLineId))
    .where(
      and(
        eq(serviceBookings.resourceId, resourceId),
        inArray(serviceBookings.status, ["held", "confirmed"]),
        sql`${serviceBookings.during} && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`,
      ),
    )
    .orderBy(sql`lower(${serviceBookings.during})`);
  const pool =
    resource.kind === "lodging"
      ? await shortStayPoolByDay(db, parkDay(from), parkDay(to))
      : resource.capacity > 1
      ? await db
          .select()
          .from(serviceCapacityDays)
          .where(and(eq(serviceCapacityDays.resourceId, resourceId), sql`${serviceCapacityDays.day} >= ${parkDay(from)}`, sql`${serviceCapacityDays.day} < ${parkDay(to)}`))
      : [];
  return {
    resource,
    bookings: bookings.map((b) => ({
      id: b.id,
      startsAt: new Date(b.lower).toISOString(),
      endsAt: new Date(b.upper).toISOString(),
      status: b.status,
      mine: actor ? b.orgId === actor.org.id : false,
      tenant: desk ? { nameZh: b.orgNameZh, nameEn: b.orgNameEn } : null,
      orderId: desk || (actor && b.orgId === actor.org.id) ? b.orderId : null,
    })),
    pool: pool.map((p) => ({ day: p.day, used: p.used, capacity: p.capacity })),
  };
}
