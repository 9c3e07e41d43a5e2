// The price list: credits per GPU-hour by GPU model, per million tokens by LLM model, each with
// the date it takes effect. Usage is priced at the price in force when it started.
import { asc, desc } from "drizzle-orm";
import { creditPrices } from "#db/schema/credits";
import type { DbOrTx } from "~/modules/platform/db.server";
import type { Meter } from "./units";

export interface PriceRow {
  meter: string;
  model: string;
  priceMilli: bigint;
  effectiveFrom: Date;
}

export async function loadPriceList(db: DbOrTx): Promise<PriceRow[]> {
  return db
    .select({ meter: creditPrices.meter, model: creditPrices.model, priceMilli: creditPrices.priceMilli, effectiveFrom: creditPrices.effectiveFrom })
    .from(creditPrices)
    .orderBy(asc(creditPrices.meter), asc(creditPrices.model), desc(creditPrices.effectiveFrom));
}

/** The price in force at `at` (the list is ordered newest first within a meter and model). */
export function priceAt(list: PriceRow[], meter: Meter, model: string, at: Date): bigint | null {
  for (const row of list) {
    if (row.meter === meter && row.model === model && row.effectiveFrom.getTime() <= at.getTime()) return row.priceMilli;
  }
  return null;
}

/** Today's price of every meter and model. */
export function currentPrices(list: PriceRow[], now = new Date()) {
  const seen = new Set<string>();
  const current: PriceRow[] = [];
  for (const row of list) {
    const key = `${row.meter}|${row.model}`;
    if (seen.has(key) || row.effectiveFrom.getTime() > now.getTime()) continue;
    seen.add(key);
    current.push(row);
  }
  return current;
}
