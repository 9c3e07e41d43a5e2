// The read side of service orders: a tenant's orders and one order with its history, the service
// desk's queue with SLA ages, calendars of every resource, and utilisation per resource per week.
// Every query is scoped: a tenant sees its own organisation's orders, the desk sees all.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { auditTrailOf } from "~/modules/platform/audit.server";
import { serviceBookings, serviceCapacityDays, serviceCapacityTakes, serviceOrderLines, serviceOrders, serviceResources } from "#db/schema/services";
import type { MemberActor } from "~/modules/identity/access.server";
import { requirePermission } from "~/modules/identity/permissions";
import { invoiceById } from "~/modules/billing/invoices.server";
import { getDb } from "~/modules/platform/db.server";
import { freeShortStayUnits, shortStayPoolByDay } from "~/modules/housing/occupancy.server";
import { resourceView } from "./catalogue.server";
import { cancellationPreview } from "./cancel-order.server";
import { deskQueue, getOrder } from "./find-orders.server";
import { packageRequests, priceLines, type LineRequest, type PricedLine } from "./price-lines.server";
import { resourceCalendar } from "./resource-calendar.server";
import { addDaysIso, parkDaysBetween, parkMidnight, priceWithVat, type OrderStatus } from "./pricing";

const HOUR_MS = 3_600_000;

const KIND_ORDER = ["stage", "studio", "location", "equipment", "crew", "room", "lodging", "other"];

/** Active resources in the order the desk reads them: stages first, rooms and lodging last. */
async function resourcesInOrder(options: { activeOnly?: boolean } = {}) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(serviceResources)
    .where(options.activeOnly === false ? undefined : eq(serviceResources.active, true))
    .orderBy(asc(serviceResources.code));
  const rank = (kind: string) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);
  return rows.sort((a, b) => rank(a.kind) - rank(b.kind) || a.code.localeCompare(b.code));
}

/** Whether a priced line's time is free right now (the order itself still decides, atomically). */
async function availabilityOf(line: PricedLine): Promise<{ messageKey: string; params: Record<string, string | number> } | null> {
  const resource = line.resource;
  if (!resource || !line.startsAt || !line.endsAt) return null;
  const db = await getDb();
  if (resource.capacity === 1) {
    const from = new Date(line.startsAt.getTime() - resource.setupMinutes * 60_000).toISOString();
    const to = new Date(line.endsAt.getTime() + resource.teardownMinutes * 60_000).toISOString();
    const [hit] = await db
      .select({ id: serviceBookings.id })
      .from(serviceBookings)
      .where(
        and(
          eq(serviceBookings.resourceId, resource.id),
          inArray(serviceBookings.status, ["held", "confirmed"]),
          sql`${serviceBookings.during} && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`,
        ),
      )
      .limit(1);
    return hit ? { messageKey: "errors.slotTaken", params: { item: line.offering.nameZh } } : null;
  }
  const days = parkDaysBetween(line.startsAt, line.endsAt);
  if (resource.kind === "lodging") {
    // Rooms for visiting crews are housing's short-stay units; housing knows which are free.
    const free = await freeShortStayUnits(db, days[0], days.length);
    if (free >= line.quantity) return null;
    for (const day of days) {
      if ((await freeShortStayUnits(db, day, 1)) < line.quantity) return { messageKey: "housing.errors.shortStaySoldOut", params: { item: line.offering.nameZh, day } };
    }
    return { messageKey: "housing.errors.shortStaySoldOut", params: { item: line.offering.nameZh, day: days[0] } };
  }
  const rows = await db
    .select()
    .from(serviceCapacityDays)
    .where(and(eq(serviceCapacityDays.resourceId, resource.id), inArray(serviceCapacityDays.day, days)));
  const full = rows.find((r) => r.used + line.quantity > r.capacity);
  return full ? { messageKey: "errors.soldOut", params: { item: line.offering.nameZh, day: full.day } } : null;
}

/**
 * The price preview: the lines priced by `priceLines` — the function the order uses — with VAT
 * as the invoice will add it, whether each line's time is still free, and the problems by line.
 * A package is priced at its package price.
 */
const TOO_SOON = ["errors.leadTime", "errors.startInPast"];

export async function previewLines(input: { lines: LineRequest[]; packageCode?: string; packageStartDate?: string }, now = new Date()) {
  let requests = input.lines;
  let packagePriceFen: bigint | null = null;
  if (input.packageCode) {
    const { pkg, requests: fromPackage } = await packageRequests(input.packageCode, input.packageStartDate);
    requests = fromPackage;
    packagePriceFen = pkg.priceFen;
  }
  const priced = await priceLines(requests, now, { priceTooSoon: true });
  const conflicts = await Promise.all(priced.lines.map((l) => availabilityOf(l)));
  // priceLines keeps the requests' order and leaves out those with a problem (but prices those
  // only too soon to book, so the person sees the price beside the reason).
  const failed = new Set(priced.problems.filter((p) => !TOO_SOON.includes(p.messageKey)).map((p) => p.index));
  const indexes = requests.map((_, i) => i).filter((i) => !failed.has(i));
  const subtotal = packagePriceFen ?? priced.totalFen;
  const price = priceWithVat(subtotal);
  return {
    lines: priced.lines.map((l, i) => ({
      index: indexes[i],
      offeringCode: l.offering.code,
      nameZh: l.offering.nameZh,
      nameEn: l.offering.nameEn,
      pricingUnit: l.offering.pricingUnit,
      quantity: l.quantity,
      units: l.units,
      startsAt: l.startsAt?.toISOString() ?? null,
      endsAt: l.endsAt?.toISOString() ?? null,
      unitPriceFen: l.unitPriceFen === null ? null : String(l.unitPriceFen),
      amountFen: l.amountFen === null ? null : String(l.amountFen),
      conflict: conflicts[i],
    })),
    problems: priced.problems,
    subtotalFen: String(price.subtotalFen),
    vatFen: String(price.vatFen),
    totalFen: String(price.totalFen),
    catalogueFen: String(priced.totalFen),
    packaged: packagePriceFen !== null,
    hasQuoteLines: priced.hasQuoteLines,
    available: conflicts.every((c) => c === null),
  };
}

/** The statuses a tenant may still act on, and those that are over. */
const OPEN_STATUSES: OrderStatus[] = ["awaiting_tenant_approval", "submitted", "quoted", "changes_requested", "approved", "confirmed", "in_progress"];

/** A tenant's orders, newest first, with what they book and when they start. */
/**
 * 工作台's orders card as questions for `askTogether`: the tenant's open orders, those approved
 * and waiting for payment, and those waiting for the tenant's answer — counts, not the orders.
 */
export function openOrderQuestions(actor: MemberActor) {
  requirePermission(actor, "services:order", { kind: "tenant" });
  const countOf = (statuses: readonly OrderStatus[]) =>
    sql<number>`select count(*)::int from ${serviceOrders} where ${serviceOrders.orgId} = ${actor.org.id} and ${inArray(serviceOrders.status, [...statuses])}`;
  return {
    openOrders: countOf(OPEN_STATUSES),
    ordersToPay: countOf(["approved"]),
    ordersToAnswer: countOf(["quoted", "changes_requested", "awaiting_tenant_approval"]),
  };
}

export async function tenantOrderList(actor: MemberActor, options: { open?: boolean } = {}) {
  requirePermission(actor, "services:order", { kind: "tenant" });
  const db = await getDb();
  const orders = await db
    .select()
    .from(serviceOrders)
    .where(and(eq(serviceOrders.orgId, actor.org.id), options.open ? inArray(serviceOrders.status, OPEN_STATUSES) : undefined))
    .orderBy(desc(serviceOrders.submittedAt))
    .limit(200);
  const starts = orders.length
    ? await db
        .select({
          orderId: serviceOrderLines.orderId,
          startsAt: sql<string | null>`min(${serviceOrderLines.startsAt})`,
          lines: sql<number>`count(*)::int`,
          unpriced: sql<boolean>`bool_or(${serviceOrderLines.amountFen} is null)`,
        })
        .from(serviceOrderLines)
        .where(inArray(serviceOrderLines.orderId, orders.map((o) => o.id)))
        .groupBy(serviceOrderLines.orderId)
    : [];
  return orders.map((o) => {
    const s = starts.find((x) => x.orderId === o.id);
    return {
      id: o.id,
      title: o.title,
      status: o.status,
      totalFen: String(o.totalFen),
      totalWithVatFen: String(priceWithVat(o.totalFen).totalFen),
      submittedAt: o.submittedAt.toISOString(),
      startsAt: s?.startsAt ? new Date(s.startsAt).toISOString() : null,
      lines: Number(s?.lines ?? 0),
      unpriced: Boolean(s?.unpriced),
      invoiceId: o.invoiceId,
    };
  });
}

/**
 * One order as its tenant or the desk sees it: lines with what each holds, the price with VAT
 * (what the invoice charges), the cancellation fee if cancelled now, and the audited history.
 */
export async function orderDetail(actor: MemberActor, orderId: string, now = new Date()) {
  const detail = await getOrder(actor, orderId);
  const { order } = detail;
  const db = await getDb();
  const lineIds = detail.lines.map((l) => l.line.id);
  const [bookings, takes, history] = await Promise.all([
    lineIds.length
      ? db
          .select({
            orderLineId: serviceBookings.orderLineId,
            status: serviceBookings.status,
            heldUntil: serviceBookings.heldUntil,
            lower: sql<string>`lower(${serviceBookings.during})`,
            upper: sql<string>`upper(${serviceBookings.during})`,
            resourceNameZh: serviceResources.nameZh,
            resourceNameEn: serviceResources.nameEn,
          })
          .from(serviceBookings)
          .innerJoin(serviceResources, eq(serviceResources.id, serviceBookings.resourceId))
          .where(inArray(serviceBookings.orderLineId, lineIds))
      : [],
    lineIds.length
      ? db
          .select({ orderLineId: serviceCapacityTakes.orderLineId, day: serviceCapacityTakes.day, units: serviceCapacityTakes.units, releasedAt: serviceCapacityTakes.releasedAt })
          .from(serviceCapacityTakes)
          .where(inArray(serviceCapacityTakes.orderLineId, lineIds))
          .orderBy(asc(serviceCapacityTakes.day))
      : [],
    auditTrailOf(db, { subjectType: "service_order", subjectId: order.id, orgId: order.orgId }),
  ]);
  const mayCancel = ["awaiting_tenant_approval", "submitted", "quoted", "changes_requested", "approved", "confirmed"].includes(order.status);
  const cancellation = mayCancel ? await cancellationPreview(actor, order.id, now) : null;
  const price = priceWithVat(order.totalFen);
  const unpriced = detail.lines.some((l) => l.line.amountFen === null);
  // The day to pay by is the invoice's due date, the day the hold ends (holdDeadline).
  const invoice = order.invoiceId ? await invoiceById(db, order.invoiceId) : null;
  return {
    order: {
      id: order.id,
      orgId: order.orgId,
      orgNameZh: detail.orgNameZh,
      orgNameEn: detail.orgNameEn,
      status: order.status as OrderStatus,
      title: order.title,
      note: order.note,
      packaged: order.packageId !== null,
      subtotalFen: String(price.subtotalFen),
      vatFen: String(price.vatFen),
      totalFen: String(price.totalFen),
      unpriced,
      cancellationFeeFen: order.cancellationFeeFen === null ? null : String(order.cancellationFeeFen),
      invoiceId: order.invoiceId,
      payBy: invoice?.status === "open" ? invoice.dueOn : null,
      decisionNote: order.decisionNote,
      submittedAt: order.submittedAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
      ageHours: Math.floor((now.getTime() - order.updatedAt.getTime()) / HOUR_MS),
    },
    lines: detail.lines.map(({ line, offering }) => ({
      id: line.id,
      offeringCode: offering.code,
      nameZh: offering.nameZh,
      nameEn: offering.nameEn,
      category: offering.category,
      pricingUnit: offering.pricingUnit,
      quantity: line.quantity,
      units: line.units,
      startsAt: line.startsAt?.toISOString() ?? null,
      endsAt: line.endsAt?.toISOString() ?? null,
      unitPriceFen: line.unitPriceFen === null ? null : String(line.unitPriceFen),
      amountFen: line.amountFen === null ? null : String(line.amountFen),
      bookings: bookings
        .filter((b) => b.orderLineId === line.id)
        .map((b) => ({
          status: b.status,
          resourceNameZh: b.resourceNameZh,
          resourceNameEn: b.resourceNameEn,
          startsAt: new Date(b.lower).toISOString(),
          endsAt: new Date(b.upper).toISOString(),
          heldUntil: b.heldUntil?.toISOString() ?? null,
        })),
      poolDays: takes.filter((t) => t.orderLineId === line.id).map((t) => ({ day: t.day, units: t.units, released: t.releasedAt !== null })),
      note: line.note,
    })),
    cancellation: cancellation ? { feeFen: String(cancellation.feeFen), totalFen: String(cancellation.totalFen), invoiced: cancellation.invoiced } : null,
    history: history.map((h) => ({ id: h.id, at: h.at.toISOString(), action: h.action, reason: h.reason, actorName: h.actorName })),
  };
}

/** The desk's queue: waiting for a decision (oldest first, with its age), waiting for the tenant, under way. */
export async function deskOverview(actor: MemberActor, now = new Date()) {
  requirePermission(actor, "services:manage", { kind: "park" });
  const rows = await deskQueue(actor);
  const db = await getDb();
  const ids = rows.map((r) => r.order.id);
  const starts = ids.length
    ? await db
        .select({ orderId: serviceOrderLines.orderId, startsAt: sql<string | null>`min(${serviceOrderLines.startsAt})`, quote: sql<boolean>`bool_or(${serviceOrderLines.amountFen} is null)` })
        .from(serviceOrderLines)
        .where(inArray(serviceOrderLines.orderId, ids))
        .groupBy(serviceOrderLines.orderId)
    : [];
  const view = rows.map(({ order, orgNameZh, orgNameEn }) => {
    const s = starts.find((x) => x.orderId === order.id);
    // The SLA clock runs from when the order (re)entered the desk's hands.
    const since = order.status === "submitted" ? order.updatedAt : order.submittedAt;
    return {
      id: order.id,
      title: order.title,
      status: order.status as OrderStatus,
      orgNameZh,
      orgNameEn,
      totalFen: String(order.totalFen),
      needsQuote: Boolean(s?.quote),
      submittedAt: order.submittedAt.toISOString(),
      waitingSince: since.toISOString(),
      ageHours: Math.floor((now.getTime() - since.getTime()) / HOUR_MS),
      startsAt: s?.startsAt ? new Date(s.startsAt).toISOString() : null,
    };
  });
  const waiting = view.filter((o) => o.status === "submitted").sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
  return {
    waiting,
    withTenant: view.filter((o) => ["quoted", "changes_requested", "approved"].includes(o.status)),
    active: view.filter((o) => ["confirmed", "in_progress"].includes(o.status)).sort((a, b) => (a.startsAt ?? "").localeCompare(b.startsAt ?? "")),
  };
}

/** A resource's taken time between two park dates, for a calendar. */
export async function calendarFor(actor: MemberActor | null, resourceId: string, fromDay: string, toDay: string) {
  const calendar = await resourceCalendar(actor, resourceId, parkMidnight(fromDay), parkMidnight(toDay));
  return { ...calendar, resource: resourceView(calendar.resource) };
}

/** Every active resource's taken time over some days: the desk's overview calendar. */
export async function deskCalendar(actor: MemberActor, fromDay: string, days: number) {
  requirePermission(actor, "services:manage", { kind: "park" });
  const resources = await resourcesInOrder();
  const toDay = addDaysIso(fromDay, days);
  return Promise.all(resources.map((r) => calendarFor(actor, r.id, fromDay, toDay)));
}

/** The resources the desk can open a calendar of. */
export async function listResources(actor: MemberActor) {
  requirePermission(actor, "services:manage", { kind: "park" });
  return (await resourcesInOrder({ activeOnly: false })).map(resourceView);
}

/** Monday (park date) of the week holding `day`. */
export function mondayOf(day: string) {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDaysIso(day, -weekday);
}

/**
 * Utilisation per resource per week: for a whole resource, the share of its open hours that is
 * held or confirmed (buffers included); for a pool, the share of its daily capacity taken.
 */
export async function utilisation(actor: MemberActor, fromMonday: string, weeks: number) {
  requirePermission(actor, "services:manage", { kind: "park" });
  const db = await getDb();
  const resources = await resourcesInOrder();
  const weekStarts = Array.from({ length: weeks }, (_, i) => addDaysIso(fromMonday, i * 7));
  const rows = await Promise.all(
    weekStarts.map(async (start) => {
      const from = parkMidnight(start).toISOString();
      const to = parkMidnight(addDaysIso(start, 7)).toISOString();
      const range = sql`tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`;
      const [booked, pooled] = await Promise.all([
        db
          .select({
            resourceId: serviceBookings.resourceId,
            status: serviceBookings.status,
            seconds: sql<string>`coalesce(sum(extract(epoch from upper(${serviceBookings.during} * ${range}) - lower(${serviceBookings.during} * ${range}))), 0)::bigint`,
          })
          .from(serviceBookings)
          .where(and(inArray(serviceBookings.status, ["held", "confirmed"]), sql`${serviceBookings.during} && ${range}`))
          .groupBy(serviceBookings.resourceId, serviceBookings.status),
        db
          .select({ resourceId: serviceCapacityDays.resourceId, used: sql<string>`coalesce(sum(${serviceCapacityDays.used}), 0)::bigint` })
          .from(serviceCapacityDays)
          .where(and(sql`${serviceCapacityDays.day} >= ${start}`, sql`${serviceCapacityDays.day} < ${addDaysIso(start, 7)}`))
          .groupBy(serviceCapacityDays.resourceId),
      ]);
      // Lodging is housing's short-stay units: their nights used over nights available.
      const lodging = resources.some((r) => r.kind === "lodging") ? await shortStayPoolByDay(db, start, addDaysIso(start, 7)) : [];
      return { start, booked, pooled, lodging };
    }),
  );
  return {
    weeks: weekStarts,
    resources: resources.map((r) => ({
      resource: resourceView(r),
      weeks: rows.map(({ start, booked, pooled, lodging }) => {
        if (r.kind === "lodging") {
          const used = lodging.reduce((n, d) => n + d.used, 0);
          const available = lodging.reduce((n, d) => n + d.capacity, 0);
          return { week: start, used, available, unit: "unit" as const, confirmedPercent: null, percent: available ? Math.min(100, Math.round((used * 100) / available)) : 0 };
        }
        if (r.capacity > 1) {
          const used = Number(pooled.find((p) => p.resourceId === r.id)?.used ?? 0);
          const available = r.capacity * 7;
          return { week: start, used, available, unit: "unit" as const, confirmedPercent: null, percent: Math.min(100, Math.round((used * 100) / available)) };
        }
        const openHours = r.opensMinute !== null && r.closesMinute !== null ? ((r.closesMinute - r.opensMinute) * 7) / 60 : 168;
        const seconds = (status: string) => Number(booked.find((b) => b.resourceId === r.id && b.status === status)?.seconds ?? 0);
        const confirmedHours = seconds("confirmed") / 3600;
        const usedHours = confirmedHours + seconds("held") / 3600;
        return {
          week: start,
          used: Math.round(usedHours),
          available: Math.round(openHours),
          unit: "hour" as const,
          confirmedPercent: Math.min(100, Math.round((confirmedHours * 100) / openHours)),
          percent: Math.min(100, Math.round((usedHours * 100) / openHours)),
        };
      }),
    })),
  };
}
