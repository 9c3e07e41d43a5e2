// Demo services: the park's full catalogue with realistic CNY prices (stages, the 1990s streets
// across the road, set building, props, equipment, extras, post, LED volume, 3DGS scanning,
// rooms, meals, business services), three packages, and — on a first install — a busy calendar:
// orders of several tenants over the coming four weeks in every state, placed, decided and paid
// through the services and billing modules so the data is exactly what real use would leave.
import { and, eq, inArray, sql } from "drizzle-orm";
import { auditEvents, invoices, organisations, serviceOfferings, serviceOrders, servicePackageItems, servicePackages, serviceResources, users } from "#db/schema/index";
import { applyPayment } from "~/modules/billing/payments.server";
import { activeMembership, type MemberActor } from "~/modules/identity/access.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { cancelOrder } from "~/modules/services/cancel-order.server";
import { decideOrder } from "~/modules/services/decide-order.server";
import { getOrder } from "~/modules/services/find-orders.server";
import { placeOrder } from "~/modules/services/place-order.server";
import { progressOrder } from "~/modules/services/progress-order.server";
import { quoteOrder } from "~/modules/services/quote-order.server";
import { resubmitOrder } from "~/modules/services/resubmit-order.server";
import { type LineRequest } from "~/modules/services/price-lines.server";
import { addDaysIso, parkDay } from "~/modules/services/pricing";

type ResourceSeed = typeof serviceResources.$inferInsert;
type OfferingSeed = Omit<typeof serviceOfferings.$inferInsert, "resourceId"> & { resource?: string };

const h = (hours: number) => hours * 60;

const demoResources: ResourceSeed[] = [
  { code: "stage-1", nameZh: "一号摄影棚（5000㎡）", nameEn: "Stage 1 (5,000 m²)", kind: "stage" },
  { code: "stage-2", nameZh: "二号摄影棚（1800㎡）", nameEn: "Stage 2 (1,800 m²)", kind: "stage" },
  { code: "water-tank", nameZh: "水下摄影池", nameEn: "Underwater tank", kind: "stage" },
  { code: "led-volume", nameZh: "LED 虚拟拍摄棚", nameEn: "LED volume", kind: "studio" },
  { code: "huanghe-road", nameZh: "黄河路实景街区", nameEn: "Huanghe Road backlot", kind: "location" },
  { code: "jinxian-road", nameZh: "进贤路实景街区", nameEn: "Jinxian Road backlot", kind: "location" },
  { code: "alexa35-kits", nameZh: "ARRI Alexa 35 套装（3 套）", nameEn: "ARRI Alexa 35 kits (3)", kind: "equipment", capacity: 3 },
  { code: "lighting-kits", nameZh: "大型灯光套装（4 套）", nameEn: "Large lighting kits (4)", kind: "equipment", capacity: 4 },
  { code: "vintage-cars", nameZh: "年代老爷车（4 辆）", nameEn: "Period cars (4)", kind: "equipment", capacity: 4 },
  { code: "extras-pool", nameZh: "群演库（每日 200 人）", nameEn: "Extras pool (200 a day)", kind: "crew", capacity: 200 },
  { code: "edit-suite-a", nameZh: "剪辑机房 A", nameEn: "Edit suite A", kind: "room", opensMinute: h(9), closesMinute: h(23) },
  { code: "edit-suite-b", nameZh: "剪辑机房 B", nameEn: "Edit suite B", kind: "room", opensMinute: h(9), closesMinute: h(23) },
  { code: "grading-suite", nameZh: "调色室（达芬奇）", nameEn: "Grading suite (DaVinci)", kind: "room", opensMinute: h(9), closesMinute: h(22), teardownMinutes: 30 },
  { code: "mixing-stage", nameZh: "混音棚（杜比全景声）", nameEn: "Mixing stage (Dolby Atmos)", kind: "room", opensMinute: h(10), closesMinute: h(22), teardownMinutes: 30 },
  { code: "scan-rig", nameZh: "3DGS 扫描组", nameEn: "3DGS scanning crew", kind: "crew" },
  { code: "roadshow-hall", nameZh: "路演厅", nameEn: "Roadshow hall", kind: "room", opensMinute: h(9), closesMinute: h(21) },
  { code: "apartment-rooms", nameZh: "人才公寓短住房（40 间）", nameEn: "Talent apartment short-stay rooms (40)", kind: "lodging", capacity: 40 },
];

const policy = (freeCancelHours: number, cancelFeeBp: number) => ({ freeCancelHours, cancelFeeBp });

const demoOfferings: OfferingSeed[] = [
  // 摄影棚
  { code: "stage-1-day", category: "stages", nameZh: "一号摄影棚（日租）", nameEn: "Stage 1 (per day)", descriptionZh: "5000 平方米大型摄影棚，《繁花》曾在此搭建和平饭店、夜东京等内景；净高 18 米，配备天车与隔音墙。", descriptionEn: "The 5,000 m² stage where Blossoms Shanghai built the Peace Hotel and Night Tokyo interiors; 18 m clear height, gantry crane, sound-proofed.", pricingUnit: "day", priceFen: 2_800_000n, leadTimeHours: 72, requiresApproval: true, ...policy(168, 3000), resource: "stage-1", sortOrder: 10 },
  { code: "stage-2-day", category: "stages", nameZh: "二号摄影棚（日租）", nameEn: "Stage 2 (per day)", descriptionZh: "1800 平方米中型棚，适合短剧与广告拍摄，含基础灯架与化妆间。", descriptionEn: "A 1,800 m² stage for short dramas and commercials, with basic rigging and dressing rooms.", pricingUnit: "day", priceFen: 1_800_000n, leadTimeHours: 72, requiresApproval: true, ...policy(168, 3000), resource: "stage-2", sortOrder: 20 },
  { code: "water-tank-day", category: "stages", nameZh: "水下摄影池（日租）", nameEn: "Underwater tank (per day)", descriptionZh: "恒温水下摄影池，深 4 米，含安全潜水员与水下灯光。", descriptionEn: "A heated 4 m deep tank with safety divers and underwater lighting.", pricingUnit: "day", priceFen: 1_200_000n, leadTimeHours: 72, requiresApproval: true, ...policy(120, 3000), resource: "water-tank", sortOrder: 30 },
  // 实景
  { code: "huanghe-road-day", category: "locations", nameZh: "黄河路实景街区（日租）", nameEn: "Huanghe Road backlot (per day)", descriptionZh: "马路对面上海影视乐园 1:1 复原的 90 年代黄河路美食街，霓虹招牌可按需点亮。", descriptionEn: "Shanghai Film Park's 1:1 1990s Huanghe Road food street across the road; neon signs lit on request.", pricingUnit: "day", priceFen: 2_000_000n, leadTimeHours: 72, requiresApproval: true, ...policy(168, 5000), resource: "huanghe-road", sortOrder: 10 },
  { code: "jinxian-road-day", category: "locations", nameZh: "进贤路实景街区（日租）", nameEn: "Jinxian Road backlot (per day)", descriptionZh: "90 年代进贤路弄堂街景，含沿街商铺与石库门立面。", descriptionEn: "1990s Jinxian Road lanes with shopfronts and shikumen facades.", pricingUnit: "day", priceFen: 1_500_000n, leadTimeHours: 72, requiresApproval: true, ...policy(168, 5000), resource: "jinxian-road", sortOrder: 20 },
  // 置景
  { code: "set-building", category: "set_building", nameZh: "置景设计与搭建", nameEn: "Set design and construction", descriptionZh: "按剧本与美术图纸设计、搭建内外景，按需报价；服务台收到需求后 2 个工作日内报价。", descriptionEn: "Sets designed and built to your script and art drawings, priced per project; quoted within 2 working days.", pricingUnit: "quote", priceFen: null, leadTimeHours: 168, requiresApproval: true, ...policy(72, 2000), sortOrder: 10 },
  { code: "set-onsite-crew", category: "set_building", nameZh: "置景现场服务（木工 / 美术）", nameEn: "On-site set crew (carpenters / art)", descriptionZh: "拍摄期间驻场木工与美术，随时调整陈设与修补。", descriptionEn: "Carpenters and art hands on set during the shoot for changes and repairs.", pricingUnit: "person_day", priceFen: 80_000n, maxQuantity: 30, leadTimeHours: 48, requiresApproval: false, ...policy(48, 5000), sortOrder: 20 },
  // 道具
  { code: "props-1990s", category: "props", nameZh: "90 年代街景道具套组（日租）", nameEn: "1990s street props set (per day)", descriptionZh: "自行车、报亭、搪瓷器皿、旧招牌等 300 余件年代道具。", descriptionEn: "Over 300 period pieces: bicycles, a news kiosk, enamelware, old signs.", pricingUnit: "day", priceFen: 300_000n, leadTimeHours: 48, requiresApproval: true, ...policy(48, 2000), sortOrder: 10 },
  { code: "vintage-car-day", category: "props", nameZh: "年代老爷车（桑塔纳 / 上海牌，日租）", nameEn: "Period car (Santana / Shanghai, per day)", descriptionZh: "含司机与保险，车况可拍近景。", descriptionEn: "With driver and insurance; close-up ready.", pricingUnit: "day", priceFen: 180_000n, maxQuantity: 4, leadTimeHours: 48, requiresApproval: false, ...policy(48, 3000), resource: "vintage-cars", sortOrder: 20 },
  // 器材
  { code: "alexa35-day", category: "equipment", nameZh: "ARRI Alexa 35 摄影机套装（日租）", nameEn: "ARRI Alexa 35 camera kit (per day)", descriptionZh: "机身、Signature Prime 镜头组、跟焦、监视器与存储卡，园区共 3 套。", descriptionEn: "Body, Signature Prime set, follow focus, monitor and media; 3 identical kits.", pricingUnit: "day", priceFen: 680_000n, maxQuantity: 3, leadTimeHours: 24, requiresApproval: false, ...policy(48, 2000), resource: "alexa35-kits", sortOrder: 10 },
  { code: "lighting-kit-day", category: "equipment", nameZh: "大型灯光套装（日租）", nameEn: "Large lighting kit (per day)", descriptionZh: "ARRI SkyPanel × 8、HMI 18K × 2、灯架与电缆，含 1 名灯光助理。", descriptionEn: "8 ARRI SkyPanels, 2 × 18K HMI, stands and cabling, with one lighting assistant.", pricingUnit: "day", priceFen: 350_000n, maxQuantity: 4, leadTimeHours: 24, requiresApproval: false, ...policy(48, 2000), resource: "lighting-kits", sortOrder: 20 },
  // 群演
  { code: "extras-day", category: "extras", nameZh: "群众演员（人·天）", nameEn: "Extras (per person-day)", descriptionZh: "园区群演库，每日最多 200 人，含基础服装与餐补。", descriptionEn: "The park's extras pool, up to 200 a day, with basic costume and meal allowance.", pricingUnit: "person_day", priceFen: 30_000n, maxQuantity: 200, leadTimeHours: 48, requiresApproval: false, ...policy(48, 5000), resource: "extras-pool", sortOrder: 10 },
  // 后期
  { code: "edit-suite-a-hour", category: "post_production", nameZh: "剪辑机房 A（小时）", nameEn: "Edit suite A (per hour)", descriptionZh: "Avid / Premiere 双系统，27 寸参考监视器。", descriptionEn: "Avid and Premiere, 27-inch reference monitor.", pricingUnit: "hour", priceFen: 38_000n, leadTimeHours: 0, requiresApproval: false, ...policy(24, 5000), resource: "edit-suite-a", sortOrder: 10 },
  { code: "edit-suite-b-hour", category: "post_production", nameZh: "剪辑机房 B（小时）", nameEn: "Edit suite B (per hour)", descriptionZh: "Premiere / 剪映专业版，适合竖屏短剧。", descriptionEn: "Premiere and CapCut Pro, set up for vertical short dramas.", pricingUnit: "hour", priceFen: 38_000n, leadTimeHours: 0, requiresApproval: false, ...policy(24, 5000), resource: "edit-suite-b", sortOrder: 20 },
  { code: "grading-hour", category: "post_production", nameZh: "调色（小时，含调色师）", nameEn: "Grading (per hour, with colourist)", descriptionZh: "达芬奇调色台与杜比视界监看，资深调色师主理。", descriptionEn: "DaVinci panel and Dolby Vision monitoring with a senior colourist.", pricingUnit: "hour", priceFen: 80_000n, leadTimeHours: 24, requiresApproval: false, ...policy(24, 5000), resource: "grading-suite", sortOrder: 30 },
  { code: "mixing-hour", category: "post_production", nameZh: "混音棚（小时）", nameEn: "Mixing stage (per hour)", descriptionZh: "杜比全景声混音棚，含混音师。", descriptionEn: "Dolby Atmos mixing stage with a mixer.", pricingUnit: "hour", priceFen: 60_000n, leadTimeHours: 24, requiresApproval: false, ...policy(24, 5000), resource: "mixing-stage", sortOrder: 40 },
  { code: "vfx-quote", category: "post_production", nameZh: "视效制作（VFX）", nameEn: "Visual effects (VFX)", descriptionZh: "合成、特效与数字绘景，按镜头量报价。", descriptionEn: "Compositing, effects and matte painting, quoted by shot count.", pricingUnit: "quote", priceFen: null, leadTimeHours: 72, requiresApproval: true, ...policy(72, 2000), sortOrder: 50 },
  // 虚拟拍摄
  { code: "led-volume-day", category: "virtual_production", nameZh: "LED 虚拟拍摄棚（日租）", nameEn: "LED volume (per day)", descriptionZh: "弧形 LED 墙 30m × 6m 与天幕，Unreal 实时引擎与摄影机追踪，含技术团队。", descriptionEn: "A 30 m × 6 m curved LED wall and ceiling, Unreal real-time engine and camera tracking, with the tech team.", pricingUnit: "day", priceFen: 4_500_000n, leadTimeHours: 120, requiresApproval: true, ...policy(240, 5000), resource: "led-volume", sortOrder: 10 },
  // 3DGS
  { code: "scan-3dgs-scene", category: "scanning", nameZh: "3DGS 场景扫描（每场景）", nameEn: "3DGS scene scan (per scene)", descriptionZh: "与上海人工智能实验室合作，将实景或棚内置景扫描为 3D 高斯泼溅数字资产，可用于虚拟拍摄与游戏。", descriptionEn: "With Shanghai AI Lab: a real or built set scanned into a 3D Gaussian Splatting asset for virtual production and games.", pricingUnit: "item", priceFen: 3_000_000n, leadTimeHours: 120, requiresApproval: true, ...policy(72, 3000), resource: "scan-rig", sortOrder: 10 },
  { code: "scan-3dgs-prop", category: "scanning", nameZh: "3DGS 道具 / 人像扫描（每件）", nameEn: "3DGS prop / portrait scan (per item)", descriptionZh: "小型道具或演员数字替身扫描。", descriptionEn: "Small props or an actor's digital double.", pricingUnit: "item", priceFen: 300_000n, maxQuantity: 50, leadTimeHours: 48, requiresApproval: true, ...policy(48, 2000), sortOrder: 20 },
  // 住宿
  { code: "apartment-night", category: "accommodation", nameZh: "人才公寓短住（单间 / 晚）", nameEn: "Talent apartment short stay (room per night)", descriptionZh: "园区人才公寓单间，步行 5 分钟到摄影棚，含保洁与 Wi-Fi。", descriptionEn: "A talent-apartment room five minutes' walk from the stages, cleaning and Wi-Fi included.", pricingUnit: "night", priceFen: 38_000n, maxQuantity: 40, leadTimeHours: 24, requiresApproval: false, ...policy(24, 5000), resource: "apartment-rooms", sortOrder: 10 },
  // 餐饮
  { code: "crew-meal", category: "dining", nameZh: "剧组盒饭（人·天，午晚两餐）", nameEn: "Crew meals (per person-day, lunch and dinner)", descriptionZh: "园区食堂配送到棚，两荤两素一汤。", descriptionEn: "Delivered to set from the park canteen: two meat, two vegetable dishes and soup.", pricingUnit: "person_day", priceFen: 3_500n, minQuantity: 10, maxQuantity: 500, leadTimeHours: 24, requiresApproval: false, ...policy(24, 10000), sortOrder: 10 },
  { code: "set-tea-break", category: "dining", nameZh: "片场茶歇（每场，50 人份）", nameEn: "On-set tea break (per session, 50 people)", descriptionZh: "咖啡、茶点与水果。", descriptionEn: "Coffee, pastries and fruit.", pricingUnit: "item", priceFen: 150_000n, maxQuantity: 10, leadTimeHours: 24, requiresApproval: false, ...policy(24, 10000), sortOrder: 20 },
  // 商务服务
  { code: "company-registration", category: "business", nameZh: "公司注册代办", nameEn: "Company registration service", descriptionZh: "为导演、编剧工作室代办工商注册、税务登记与银行开户。", descriptionEn: "Business registration, tax registration and a bank account for directors' and writers' studios.", pricingUnit: "item", priceFen: 200_000n, leadTimeHours: 0, requiresApproval: true, ...policy(0, 0), sortOrder: 10 },
  { code: "bookkeeping-month", category: "business", nameZh: "代理记账（每月）", nameEn: "Bookkeeping (per month)", descriptionZh: "小规模纳税人记账报税。", descriptionEn: "Bookkeeping and tax filing for small taxpayers.", pricingUnit: "item", priceFen: 80_000n, maxQuantity: 12, leadTimeHours: 0, requiresApproval: true, ...policy(0, 0), sortOrder: 20 },
  { code: "roadshow-halfday", category: "business", nameZh: "路演厅（半天）", nameEn: "Roadshow hall (half day)", descriptionZh: "120 座路演厅，含投影与音响；每 4 小时计半天。", descriptionEn: "A 120-seat hall with projection and sound; billed per 4 hours.", pricingUnit: "half_day", priceFen: 80_000n, leadTimeHours: 24, requiresApproval: false, ...policy(48, 5000), resource: "roadshow-hall", sortOrder: 30 },
];

const demoPackages = [
  {
    code: "short-drama-starter",
    nameZh: "短剧开机套餐",
    nameEn: "Short-drama starter",
    descriptionZh: "二号棚 5 天、大型灯光 5 天、20 名群演 3 天、6 间公寓 5 晚，一次订齐，全部锁定或全部不订。",
    descriptionEn: "Stage 2 for 5 days, a lighting kit for 5 days, 20 extras for 3 days and 6 rooms for 5 nights — all held together or not at all.",
    priceFen: 11_800_000n,
    items: [
      { offering: "stage-2-day", quantity: 1, dayOffset: 0, days: 5 },
      { offering: "lighting-kit-day", quantity: 1, dayOffset: 0, days: 5 },
      { offering: "extras-day", quantity: 20, dayOffset: 1, days: 3 },
      { offering: "apartment-night", quantity: 6, dayOffset: 0, days: 5 },
    ],
  },
  {
    code: "period-street",
    nameZh: "90 年代街景拍摄套餐",
    nameEn: "1990s street shoot",
    descriptionZh: "黄河路实景 2 天、年代道具 2 天、50 名群演 2 天、60 人盒饭 2 天。",
    descriptionEn: "Huanghe Road for 2 days, period props for 2 days, 50 extras for 2 days and meals for 60 for 2 days.",
    priceFen: 7_200_000n,
    items: [
      { offering: "huanghe-road-day", quantity: 1, dayOffset: 0, days: 2 },
      { offering: "props-1990s", quantity: 1, dayOffset: 0, days: 2 },
      { offering: "extras-day", quantity: 50, dayOffset: 0, days: 2 },
      { offering: "crew-meal", quantity: 60, dayOffset: 0, days: 2 },
    ],
  },
  {
    code: "virtual-production-trial",
    nameZh: "虚拟拍摄体验套餐",
    nameEn: "Virtual production trial",
    descriptionZh: "LED 虚拟拍摄棚 2 天、Alexa 35 套装 2 天，并把一个场景扫描为 3DGS 数字资产。",
    descriptionEn: "The LED volume for 2 days, an Alexa 35 kit for 2 days and one scene scanned into a 3DGS asset.",
    priceFen: 12_000_000n,
    items: [
      { offering: "scan-3dgs-scene", quantity: 1, dayOffset: 0, days: 1 },
      { offering: "led-volume-day", quantity: 1, dayOffset: 1, days: 2 },
      { offering: "alexa35-day", quantity: 1, dayOffset: 1, days: 2 },
    ],
  },
];

/** The catalogue, idempotently (codes are unique): run inside the demo park's transaction. */
export async function seedServices(tx: Tx) {
  await tx.insert(serviceResources).values(demoResources).onConflictDoNothing();
  const resources = await tx.select({ id: serviceResources.id, code: serviceResources.code }).from(serviceResources);
  const resourceId = new Map(resources.map((r) => [r.code, r.id]));
  await tx
    .insert(serviceOfferings)
    .values(demoOfferings.map(({ resource, ...o }) => ({ ...o, resourceId: resource ? resourceId.get(resource)! : null })))
    .onConflictDoNothing();
  const offerings = await tx.select({ id: serviceOfferings.id, code: serviceOfferings.code }).from(serviceOfferings);
  const offeringId = new Map(offerings.map((o) => [o.code, o.id]));
  for (const { items, ...pkg } of demoPackages) {
    const [created] = await tx.insert(servicePackages).values(pkg).onConflictDoNothing().returning({ id: servicePackages.id });
    if (!created) continue;
    await tx.insert(servicePackageItems).values(items.map(({ offering, ...item }) => ({ packageId: created.id, offeringId: offeringId.get(offering)!, ...item })));
  }
}

export async function actorOf(email: string, orgSlug: string): Promise<MemberActor> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, orgSlug));
  const member = await activeMembership({
    user: { id: user.id, email: user.email, displayName: user.displayName, emailVerifiedAt: user.emailVerifiedAt, locale: "zh-CN" },
    session: { id: "seed", activeOrgId: org.id, expiresAt: new Date(Date.now() + 60_000), absoluteExpiresAt: new Date(Date.now() + 60_000) },
  });
  if (!member) throw new Error(`${email} is not a member of ${orgSlug}`);
  return member;
}

async function pay(orderId: string, financeUserId: string | null) {
  const db = await getDb();
  const [order] = await db.select({ invoiceId: serviceOrders.invoiceId }).from(serviceOrders).where(eq(serviceOrders.id, orderId));
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, order.invoiceId!));
  await db.transaction((tx) =>
    applyPayment(tx, { invoiceId: invoice.id, method: "bank_transfer", externalRef: `SEED-SVC-${invoice.number}`, amountFen: invoice.totalFen, recordedBy: financeUserId }),
  );
}

/** Moves an order's clock back, so the desk's queue shows realistic waiting times. */
async function backdate(orderId: string, hours: number) {
  const db = await getDb();
  await db
    .update(serviceOrders)
    .set({ submittedAt: sql`${serviceOrders.submittedAt} - make_interval(hours => ${hours})`, updatedAt: sql`${serviceOrders.updatedAt} - make_interval(hours => ${hours})` })
    .where(eq(serviceOrders.id, orderId));
  await db
    .update(auditEvents)
    .set({ at: sql`${auditEvents.at} - make_interval(hours => ${hours})` })
    .where(and(eq(auditEvents.subjectType, "service_order"), eq(auditEvents.subjectId, orderId)));
}

/**
 * A busy calendar for the coming four weeks, on a first install only: run after the demo park's
 * transaction has committed (each order is its own transaction, as in real use).
 */
export async function seedServicesActivity() {
  const db = await getDb();
  const [already] = await db.select({ n: sql<number>`count(*)::int` }).from(serviceOrders);
  if (Number(already.n) > 0) return;
  const today = parkDay(new Date());
  const d = (days: number) => addDaysIso(today, days);
  const at = (days: number, hhmm: string) => new Date(`${d(days)}T${hhmm}:00+08:00`).toISOString();
  const desk = await actorOf("services@haopu.test", "haopu");
  const [finance] = await db.select({ id: users.id }).from(users).where(inArray(users.email, ["finance@haopu.test"]));
  const financeId = finance?.id ?? null;
  const tenant = (slug: string, local = "owner") => actorOf(`${local}@${slug}.test`, slug);
  const place = async (who: Promise<MemberActor>, lines: LineRequest[], extra: { title?: string; note?: string; packageCode?: string; packageStartDate?: string } = {}) =>
    placeOrder(await who, { lines, ...extra });
  const approve = (orderId: string, note?: string) => decideOrder(desk, { orderId, decision: "approve", note });

  // Confirmed (approved and paid): the stages and streets are busy.
  const blossoms = await place(tenant("huanghelu"), [
    { offeringCode: "stage-1-day", quantity: 1, startDate: d(5), days: 3 },
    { offeringCode: "extras-day", quantity: 40, startDate: d(5), days: 3 },
    { offeringCode: "lighting-kit-day", quantity: 2, startDate: d(5), days: 3 },
  ], { title: "《外滩往事》第 12–14 场 内景", note: "需提前一天进场搭景。" });
  await approve(blossoms.id, "档期已确认，请按时进场。");
  await pay(blossoms.id, financeId);

  const starter = await place(tenant("pujiang"), [], { packageCode: "short-drama-starter", packageStartDate: d(8), note: "《逆光而行》开机" });
  await approve(starter.id);
  await pay(starter.id, financeId);

  const pujiangStage1 = await place(tenant("pujiang", "director"), [{ offeringCode: "stage-1-day", quantity: 1, startDate: d(11), days: 2 }], { title: "《逆光而行》大场面补拍" });
  await approve(pujiangStage1.id);
  await pay(pujiangStage1.id, financeId);

  const rooms = await place(tenant("jingjie"), [{ offeringCode: "apartment-night", quantity: 4, startDate: d(4), days: 3 }], { title: "技术团队住宿" });
  await pay(rooms.id, financeId);

  const meals = await place(tenant("qingyan"), [{ offeringCode: "crew-meal", quantity: 30, startDate: d(5), days: 5 }], { title: "联合拍摄剧组餐" });
  await pay(meals.id, financeId);

  // Post-production booked by the hour, paid; one session already under way.
  const post = await place(tenant("shiguang"), [
    { offeringCode: "edit-suite-a-hour", quantity: 1, startsAt: at(1, "10:00"), endsAt: at(1, "18:00") },
    { offeringCode: "grading-hour", quantity: 1, startsAt: at(2, "14:00"), endsAt: at(2, "18:00") },
    { offeringCode: "mixing-hour", quantity: 1, startsAt: at(3, "10:00"), endsAt: at(3, "16:00") },
  ], { title: "短剧《弄堂》精剪与调色" });
  await pay(post.id, financeId);
  const underway = await place(tenant("shiguang"), [{ offeringCode: "edit-suite-b-hour", quantity: 1, startsAt: at(1, "09:00"), endsAt: at(1, "21:00") }], { title: "竖屏短剧粗剪" });
  await pay(underway.id, financeId);
  await progressOrder(desk, { orderId: underway.id, to: "in_progress" });

  // A business service from start to finish.
  const registration = await place(tenant("moyan"), [{ offeringCode: "company-registration", quantity: 1 }], { title: "新设编剧工作室注册" });
  await approve(registration.id);
  await pay(registration.id, financeId);
  await progressOrder(desk, { orderId: registration.id, to: "in_progress" });
  await progressOrder(desk, { orderId: registration.id, to: "completed" });

  // Approved, waiting for the tenant to pay.
  const street = await place(tenant("haipai"), [
    { offeringCode: "huanghe-road-day", quantity: 1, startDate: d(6), days: 2 },
    { offeringCode: "props-1990s", quantity: 1, startDate: d(6), days: 2 },
    { offeringCode: "vintage-car-day", quantity: 2, startDate: d(6), days: 2 },
  ], { title: "《霓虹旧梦》黄河路外景" });
  await approve(street.id);
  await place(tenant("xingyuan"), [{ offeringCode: "roadshow-halfday", quantity: 1, startsAt: at(3, "09:00"), endsAt: at(3, "13:00") }], { title: "AIGC 产品发布会" });

  // Waiting for the desk: oldest first, one past the 24-hour SLA.
  const led = await place(tenant("jingjie"), [
    { offeringCode: "led-volume-day", quantity: 1, startDate: d(10), days: 3 },
    { offeringCode: "alexa35-day", quantity: 2, startDate: d(10), days: 3 },
  ], { title: "虚拟拍摄测试：赛博外滩" });
  await backdate(led.id, 30);
  const tank = await place(tenant("jifeng"), [{ offeringCode: "water-tank-day", quantity: 1, startDate: d(12), days: 2 }], { title: "水下打戏" });
  await backdate(tank.id, 5);
  const qingyanStage = await place(tenant("qingyan", "producer"), [
    { offeringCode: "stage-1-day", quantity: 1, startDate: d(15), days: 2 },
    { offeringCode: "alexa35-day", quantity: 1, startDate: d(15), days: 2 },
  ], { title: "动画真人合拍短剧 棚拍" });
  await backdate(qingyanStage.id, 2);
  await place(tenant("jifeng"), [
    { offeringCode: "stage-1-day", quantity: 1, startDate: d(22), days: 3 },
    { offeringCode: "extras-day", quantity: 80, startDate: d(22), days: 3 },
  ], { title: "动作戏群戏" });

  // A quote sent to the tenant.
  const vfx = await place(tenant("yunzhen"), [
    { offeringCode: "vfx-quote", quantity: 1 },
    { offeringCode: "scan-3dgs-scene", quantity: 1, startDate: d(9) },
  ], { title: "《新世界：影二》场景扫描与视效", note: "约 120 个视效镜头，详见附件清单。" });
  const detail = await getOrder(desk, vfx.id);
  const quoteLine = detail.lines.find((l) => l.line.amountFen === null)!;
  await quoteOrder(desk, { orderId: vfx.id, prices: { [quoteLine.line.id]: 18_000_000n }, note: "120 个镜头，含 3 轮修改。" });

  // Changes requested, then resubmitted; and another still waiting for the tenant's changes.
  const props = await place(tenant("yijing"), [{ offeringCode: "scan-3dgs-prop", quantity: 10 }], { title: "互动影游道具扫描" });
  await decideOrder(desk, { orderId: props.id, decision: "request_changes", note: "请补充道具清单与尺寸。" });
  const setBuild = await place(tenant("haipai"), [{ offeringCode: "set-building", quantity: 1 }], { title: "弄堂内景置景", note: "石库门客堂间与亭子间。" });
  await decideOrder(desk, { orderId: setBuild.id, decision: "request_changes", note: "请上传美术图纸与场景尺寸，便于报价。" });
  await resubmitOrder(await tenant("haipai"), { orderId: setBuild.id, note: "已补充美术图纸（见邮件），客堂间 6m×5m。" });

  // Rejected, and cancelled by the tenant (free: well before the start).
  const rejected = await place(tenant("qiwu"), [{ offeringCode: "stage-2-day", quantity: 1, startDate: d(20), days: 1 }], { title: "剧本围读拍摄" });
  await decideOrder(desk, { orderId: rejected.id, decision: "reject", note: "二号棚当日设备检修，建议改用路演厅。" });
  const cancelled = await place(tenant("huanghelu"), [{ offeringCode: "jinxian-road-day", quantity: 1, startDate: d(18), days: 2 }], { title: "进贤路外景（已改期）" });
  await approve(cancelled.id);
  await cancelOrder(await tenant("huanghelu"), { orderId: cancelled.id, reason: "剧本调整，外景改期。" });
}
