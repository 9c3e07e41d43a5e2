// Pure rules of credits: milli-credit integers, prices, and turning usage into cost.

export const METERS = ["gpu_seconds", "llm_tokens_in", "llm_tokens_out"] as const;
export type Meter = (typeof METERS)[number];

/** Units a price is quoted per: a GPU-hour is 3,600 GPU-seconds, LLM prices are per million tokens. */
const UNITS_PER_PRICE: Record<Meter, bigint> = {
  gpu_seconds: 3600n,
  llm_tokens_in: 1_000_000n,
  llm_tokens_out: 1_000_000n,
};

/** The cost of a quantity at a price (milli-credits per priced unit), rounded up to the milli-credit. */
export function usageCostMilli(meter: Meter, quantity: bigint, priceMilli: bigint): bigint {
  const units = UNITS_PER_PRICE[meter];
  return (quantity * priceMilli + units - 1n) / units;
}

/** "12.5" / "1,000" credits → milli-credits exactly; null when it is not a non-negative amount. */
export function parseCredits(input: string): bigint | null {
  const match = /^(\d{1,12})(?:\.(\d{1,3}))?$/.exec(input.trim().replace(/,/g, ""));
  if (!match) return null;
  return BigInt(match[1]) * 1000n + BigInt((match[2] ?? "").padEnd(3, "0"));
}

/** Milli-credits as a decimal string with up to three places: 12500n → "12.5". */
export function formatCredits(milli: bigint | string | number): string {
  const value = BigInt(milli);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 1000n).toLocaleString("en-US");
  const fraction = (abs % 1000n).toString().padStart(3, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export function isMeter(value: unknown): value is Meter {
  return typeof value === "string" && (METERS as readonly string[]).includes(value);
}
