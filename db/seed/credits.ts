// Demo compute credits: the price list, three packs, welcome grants for every tenant, paid pack
// purchases, projects with budgets — in the seed's transaction (`seedCredits`) — and, once that
// has committed, three weeks of GPU and DeepSeek usage posted through the real ingestion path
// and a few authorisation holds (`seedCreditsUsage`; ingestion opens its own transactions).
import { creditPacks, creditPrices, creditPurchases, computeProjects } from "#db/schema/index";
import { eq } from "drizzle-orm";
import { addDays, createInvoice } from "~/modules/billing/invoices.server";
import { applyPayment } from "~/modules/billing/payments.server";
import { parkDate, parkDayEnd, parkMidnight } from "~/modules/platform/dates";
import { expireLots, grantCreditsInTx } from "~/modules/credits/grants.server";
import { captureHold, createHold, voidHold } from "~/modules/credits/holds.server";
import { CREDITS_VAT_RATE_BP } from "~/modules/credits/purchases.server";
import { formatCredits } from "~/modules/credits/units";
import { ingestUsage } from "~/modules/credits/usage.server";
import type { Tx } from "~/modules/platform/db.server";
import { logger } from "~/modules/platform/logger.server";

const credits = (n: number) => BigInt(n) * 1000n;
const HOUR = 3600;

const demoPrices = [
  { meter: "gpu_seconds", model: "H800", credits: 18 },
  { meter: "gpu_seconds", model: "A800", credits: 12 },
  { meter: "gpu_seconds", model: "L40S", credits: 6 },
  { meter: "llm_tokens_in", model: "deepseek-v3", credits: 2 },
  { meter: "llm_tokens_out", model: "deepseek-v3", credits: 8 },
  { meter: "llm_tokens_in", model: "deepseek-r1", credits: 4 },
  { meter: "llm_tokens_out", model: "deepseek-r1", credits: 16 },
] as const;

const demoPacks = [
  { key: "starter", nameZh: "入门包", nameEn: "Starter pack", credits: 1_000, bonus: 0, priceFen: 100_000n },
  { key: "standard", nameZh: "标准包", nameEn: "Standard pack", credits: 10_000, bonus: 800, priceFen: 980_000n },
  { key: "pro", nameZh: "专业包", nameEn: "Professional pack", credits: 50_000, bonus: 6_000, priceFen: 4_500_000n },
] as const;

/** Paid purchases (and one still waiting for its bank transfer). */
const demoPurchases: { slug: string; pack: (typeof demoPacks)[number]["key"]; paid: boolean }[] = [
  { slug: "xingyuan", pack: "pro", paid: true },
  { slug: "moyan", pack: "standard", paid: true },
  { slug: "qingyan", pack: "starter", paid: true },
  { slug: "jingjie", pack: "standard", paid: true },
  { slug: "haipai", pack: "starter", paid: false },
];

export async function seedCredits(tx: Tx, ids: { tenants: Map<string, string>; users: Map<string, string> }) {
  const today = parkDate();
  const priceFrom = parkMidnight(addDays(today, -120));
  await tx
    .insert(creditPrices)
    .values([
      ...demoPrices.map((p) => ({ meter: p.meter, model: p.model, priceMilli: credits(p.credits), effectiveFrom: priceFrom })),
      // A price cut already announced, to show a scheduled price: L40S from the first of next month.
      { meter: "gpu_seconds", model: "L40S", priceMilli: credits(5), effectiveFrom: parkMidnight(`${addDays(`${today.slice(0, 7)}-01`, 32).slice(0, 7)}-01`) },
    ])
    .onConflictDoNothing();
  const packs = await tx
    .insert(creditPacks)
    .values(demoPacks.map((p) => ({ nameZh: p.nameZh, nameEn: p.nameEn, creditsMilli: credits(p.credits), bonusMilli: credits(p.bonus), priceFen: p.priceFen, activeFrom: priceFrom })))
    .returning();
  const packByKey = new Map(demoPacks.map((p, i) => [p.key, packs[i]]));

  const admissions = ids.users.get("admissions@haopu.test") ?? null;
  const finance = ids.users.get("finance@haopu.test") ?? null;
  for (const [, orgId] of ids.tenants) {
    await grantCreditsInTx(tx, { orgId, amountMilli: credits(500), category: "welcome", reason: "欢迎入驻昊浦，体验园区 GPU 与 DeepSeek · Welcome to Haopu: try the park's GPUs and DeepSeek", expiresAt: parkDayEnd(addDays(today, 90)) }, admissions);
  }
  const pujiang = ids.tenants.get("pujiang");
  if (pujiang) {
    await grantCreditsInTx(tx, { orgId: pujiang, amountMilli: credits(2_000), category: "programme", reason: "百部精品短剧计划 · AI 剧本扶持", expiresAt: parkDayEnd(addDays(today, 180)) }, finance);
  }
  const qiwu = ids.tenants.get("qiwu");
  if (qiwu) {
    // Already past its last day: the post-commit step expires what is left, so the statement shows it.
    await grantCreditsInTx(tx, { orgId: qiwu, amountMilli: credits(300), category: "programme", reason: "2025 编剧孵化营算力支持", expiresAt: parkDayEnd(addDays(today, -10)) }, finance);
  }

  let n = 0;
  for (const purchase of demoPurchases) {
    const orgId = ids.tenants.get(purchase.slug);
    const pack = packByKey.get(purchase.pack)!;
    const owner = ids.users.get(`owner@${purchase.slug}.test`) ?? null;
    if (!orgId) continue;
    const [row] = await tx
      .insert(creditPurchases)
      .values({ orgId, packId: pack.id, creditsMilli: pack.creditsMilli, bonusMilli: pack.bonusMilli, priceFen: pack.priceFen, createdBy: owner })
      .returning();
    const amount = formatCredits(pack.creditsMilli);
    const invoice = await createInvoice(tx, {
      orgId,
      kind: "credit_pack",
      sourceRef: row.id,
      lines: [{ descriptionZh: `${pack.nameZh}（${amount} 算力点）`, descriptionEn: `${pack.nameEn} (${amount} credits)`, quantity: 1, unitPriceFen: pack.priceFen }],
      vatRateBp: CREDITS_VAT_RATE_BP,
      createdBy: owner,
    });
    await tx.update(creditPurchases).set({ invoiceId: invoice.id }).where(eq(creditPurchases.id, row.id));
    if (purchase.paid) {
      // Paid by corporate transfer and confirmed by finance: billing issues the credits.
      await applyPayment(tx, { invoiceId: invoice.id, method: "bank_transfer", externalRef: `DEMO-CREDITS-${++n}#${invoice.id}`, amountFen: invoice.totalFen, recordedBy: finance });
    }
  }

  const projects = [
    { slug: "xingyuan", code: "avatar-v2", name: "数字人 2.0 模型训练", budget: 20_000 },
    { slug: "xingyuan", code: "video-gen", name: "AIGC 视频生成推理", budget: null },
    { slug: "moyan", code: "script-bot", name: "短剧剧本助手", budget: 6_000 },
    { slug: "jingjie", code: "volume-rt", name: "LED 虚拟棚实时渲染", budget: 3_000 },
  ];
  for (const p of projects) {
    const orgId = ids.tenants.get(p.slug);
    if (orgId) await tx.insert(computeProjects).values({ orgId, code: p.code, name: p.name, budgetMilli: p.budget === null ? null : credits(p.budget) }).onConflictDoNothing();
  }
}

/** A small deterministic generator, so every fresh install shows the same three weeks. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface DemoEvent {
  id: string;
  tenant: string;
  project?: string;
  meter: string;
  model: string;
  quantity: number;
  started_at: string;
  ended_at: string;
}

/** A park-time instant on `day` at `hour` (may be fractional). */
function at(day: string, hour: number) {
  return new Date(parkMidnight(day).getTime() + Math.round(hour * HOUR) * 1000);
}

function gpuJob(id: string, tenant: string, day: string, model: string, gpus: number, startHour: number, hours: number, project?: string): DemoEvent {
  const start = at(day, startHour);
  const end = new Date(start.getTime() + hours * HOUR * 1000);
  return { id, tenant, project, meter: "gpu_seconds", model, quantity: Math.round(gpus * hours * HOUR), started_at: start.toISOString(), ended_at: end.toISOString() };
}

/** DeepSeek usage of one tenant on one day, summed by the gateway into four working-hour windows. */
function llmWindows(tenant: string, day: string, model: string, millionIn: number, millionOut: number, next: () => number, project?: string): DemoEvent[] {
  const events: DemoEvent[] = [];
  for (const [w, startHour] of [9, 12, 15, 18].entries()) {
    const share = 0.15 + next() * 0.2;
    const start = at(day, startHour);
    const end = at(day, startHour + 3);
    for (const [meter, millions] of [["llm_tokens_in", millionIn], ["llm_tokens_out", millionOut]] as const) {
      const quantity = Math.max(1, Math.round(millions * share * 1_000_000));
      events.push({ id: `demo-${day}-${tenant}-${model}-${meter}-${w}`, tenant, project, meter, model, quantity, started_at: start.toISOString(), ended_at: end.toISOString() });
    }
  }
  return events;
}

/**
 * Three weeks of usage (every day up to yesterday), sent the way the gateways send it: one GPU
 * batch and one LLM batch per day; then holds — one captured, one voided, one still active.
 * Returns how many events were applied, were already there, and any rejected (the demo expects none).
 */
export async function seedCreditsUsage(options: { days?: number } = {}) {
  const days = options.days ?? 21;
  const next = random(20_260_521);
  const today = parkDate();
  let applied = 0;
  let duplicates = 0;
  const rejected: string[] = [];
  for (let back = days; back >= 1; back--) {
    const day = addDays(today, -back);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const gpu: DemoEvent[] = [];
    // Xingyuan trains its digital-human model on 8 H800s most days and serves video generation on L40S.
    if (!weekend || next() < 0.5) gpu.push(gpuJob(`demo-${day}-xingyuan-train`, "xingyuan", day, "H800", 8, 9 + next() * 2, 3 + Math.round(next() * 3), "avatar-v2"));
    gpu.push(gpuJob(`demo-${day}-xingyuan-serve`, "xingyuan", day, "L40S", 2, 8, 8 + Math.round(next() * 6), "video-gen"));
    // Qingyan renders an animation sequence on A800s now and then.
    if (back % 6 === 2) gpu.push(gpuJob(`demo-${day}-qingyan-render`, "qingyan", day, "A800", 2, 19, 4 + Math.round(next() * 2)));
    // Jingjie drives its LED volume with real-time rendering on shooting days.
    if (!weekend && next() < 0.6) gpu.push(gpuJob(`demo-${day}-jingjie-volume`, "jingjie", day, "L40S", 4, 10, 5 + Math.round(next() * 3), "volume-rt"));
    // Yunzhen trains 3DGS scans of the park's sets.
    if (back % 5 === 1) gpu.push(gpuJob(`demo-${day}-yunzhen-3dgs`, "yunzhen", day, "H800", 2, 14, 2));
    const llm: DemoEvent[] = [
      // Moyan writes short-drama scripts on DeepSeek all day; reasoning runs on R1.
      ...llmWindows("moyan", day, "deepseek-v3", weekend ? 12 : 30 + next() * 20, weekend ? 4 : 8 + next() * 6, next, "script-bot"),
      ...(weekend ? [] : llmWindows("moyan", day, "deepseek-r1", 2 + next() * 2, 1 + next(), next, "script-bot")),
      ...llmWindows("pujiang", day, "deepseek-v3", 3 + next() * 3, 1 + next(), next),
      ...(weekend ? [] : llmWindows("qiwu", day, "deepseek-r1", 0.4 + next() * 0.4, 0.2 + next() * 0.2, next)),
      ...(back % 3 === 0 ? llmWindows("qingyan", day, "deepseek-v3", 1 + next(), 0.5 + next() * 0.5, next) : []),
      ...llmWindows("xingyuan", day, "deepseek-v3", 1 + next(), 0.3 + next() * 0.3, next),
    ];
    for (const batch of [gpu, llm]) {
      if (batch.length === 0) continue;
      for (const result of await ingestUsage(batch)) {
        if (result.status === "applied") applied++;
        else if (result.status === "duplicate") duplicates++;
        else rejected.push(`${result.id}: ${result.reason}`);
      }
    }
  }
  await expireLots();

  // Authorisation holds of the GPU scheduler: a finished job charged at its actual cost, a cancelled
  // one, and one running now.
  const yesterday = addDays(today, -1);
  await createHold({ id: `demo-hold-${yesterday}-xingyuan-finetune`, tenant: "xingyuan", project: "avatar-v2", amountMilli: credits(1_200), description: "H800 × 8 · fine-tune, 8 h" });
  await captureHold(`demo-hold-${yesterday}-xingyuan-finetune`, credits(1_008));
  await createHold({ id: `demo-hold-${yesterday}-jingjie-bake`, tenant: "jingjie", project: "volume-rt", amountMilli: credits(240), description: "L40S × 4 · 灯光烘焙" });
  await voidHold(`demo-hold-${yesterday}-jingjie-bake`);
  await createHold({ id: `demo-hold-${today}-xingyuan-train`, tenant: "xingyuan", project: "avatar-v2", amountMilli: credits(1_728), ttlSeconds: 7 * 24 * HOUR, description: "H800 × 8 · training, 12 h" });
  if (rejected.length) logger.warn({ rejected }, "demo usage events were rejected");
  return { applied, duplicates, rejected };
}
