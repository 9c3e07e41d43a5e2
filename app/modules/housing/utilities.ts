// Utilities on the rent invoice: what the meters say was used between two readings, at the park's
// tariffs. Pure; amounts in integer fen.
import { fenToYuanString, type LineInput } from "~/modules/billing/money";

/**
 * The park resells at the Shanghai residential rates (non-tiered, taxes included): electricity
 * ¥0.62 per kWh (the State Grid Shanghai flat residential rate, 0.617, rounded to the fen) and
 * water ¥5.00 per m³ (tap water plus sewage treatment, first tier).
 */
export const ELECTRICITY_FEN_PER_KWH = 62n;
export const WATER_FEN_PER_M3 = 500n;

export interface MeterReading {
  readOn: string;
  /** As PostgreSQL returns numeric(12,2): a decimal string, e.g. "1234.50". */
  electricityKwh: string;
  waterM3: string;
}

/** "1234.5" → 123450 hundredths, exactly (no floats). */
function hundredths(value: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a meter value: ${value}`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** Hundredths of a unit as "123.45". */
function formatHundredths(value: bigint) {
  return `${value / 100n}.${(value % 100n).toString().padStart(2, "0")}`;
}

/** Used hundredths of a unit × fen per unit, rounded half up to the fen. */
export function usageFen(usedHundredths: bigint, fenPerUnit: bigint) {
  return (usedHundredths * fenPerUnit + 50n) / 100n;
}

/**
 * The invoice lines for what was used between two readings: one for electricity and one for water,
 * each quantity 1 at the whole amount (usage is fractional, invoice quantities are whole). Nothing
 * used means no line. A reading lower than the one before (a meter replaced) gives no line either:
 * housing staff charge such a period by hand rather than bill a negative amount.
 */
export function utilityLines(previous: MeterReading, current: MeterReading): LineInput[] {
  const lines: LineInput[] = [];
  const period = `${previous.readOn} – ${current.readOn}`;
  const electricity = hundredths(current.electricityKwh) - hundredths(previous.electricityKwh);
  if (electricity > 0n) {
    const used = formatHundredths(electricity);
    lines.push({
      descriptionZh: `电费 ${period}：${used} 度 × ¥${fenToYuanString(ELECTRICITY_FEN_PER_KWH)}`,
      descriptionEn: `Electricity ${period}: ${used} kWh × ¥${fenToYuanString(ELECTRICITY_FEN_PER_KWH)}`,
      quantity: 1,
      unitPriceFen: usageFen(electricity, ELECTRICITY_FEN_PER_KWH),
    });
  }
  const water = hundredths(current.waterM3) - hundredths(previous.waterM3);
  if (water > 0n) {
    const used = formatHundredths(water);
    lines.push({
      descriptionZh: `水费 ${period}：${used} 吨 × ¥${fenToYuanString(WATER_FEN_PER_M3)}`,
      descriptionEn: `Water ${period}: ${used} m³ × ¥${fenToYuanString(WATER_FEN_PER_M3)}`,
      quantity: 1,
      unitPriceFen: usageFen(water, WATER_FEN_PER_M3),
    });
  }
  return lines.filter((line) => line.unitPriceFen > 0n);
}
