// Rent for part of a month, exact in fen. Pure, so the rent job, the pages and the tests share it.
//
// The rule: a lease occupies the half-open day range [startsOn, endsOn) — endsOn is the move-out
// day, which is not a night the resident stays (the next lease may start that day). The rent of a
// month is the monthly rent when the lease covers every day of it; otherwise it is
//   monthlyRentFen × days ÷ daysInMonth, rounded half up to the fen,
// computed in integers as (2 × rent × days + daysInMonth) ÷ (2 × daysInMonth). So a move-in on
// 17 February 2027 pays 12 of 28 days, and a move-out on 30 April (endsOn 2027-04-30, the 29th is
// the last night) pays 29 of 30 days.
import { daysFromTo, monthStart } from "~/modules/platform/dates";

const MONTH_PATTERN = /^(\d{4})-(\d{2})-01$/;

export function isMonthStart(value: string) {
  const match = MONTH_PATTERN.exec(value);
  return Boolean(match && Number(match[2]) >= 1 && Number(match[2]) <= 12);
}

/** "2027-02-01" → "2027-03-01". */
export function nextMonthStart(month: string) {
  return monthStart(month, 1);
}

/** "2027-02-01" → "2027-01-01". */
export function previousMonthStart(month: string) {
  return monthStart(month, -1);
}

/** The first day of the month a park date falls in: "2027-02-17" → "2027-02-01". */
export function monthOf(isoDate: string) {
  return monthStart(isoDate);
}

export function daysInMonth(month: string) {
  return daysFromTo(month, nextMonthStart(month));
}

/** How many days of [startsOn, endsOn) fall inside the month starting `month`. */
function daysInside(month: string, startsOn: string, endsOn: string) {
  const next = nextMonthStart(month);
  const from = startsOn > month ? startsOn : month;
  const to = endsOn < next ? endsOn : next;
  return Math.max(0, daysFromTo(from, to));
}

export interface ProratedRent {
  days: number;
  daysInMonth: number;
  amountFen: bigint;
}

export function proratedRentFen(input: { monthlyRentFen: bigint; month: string; startsOn: string; endsOn: string }): ProratedRent {
  if (!isMonthStart(input.month)) throw new RangeError(`not the first day of a month: ${input.month}`);
  if (input.monthlyRentFen < 0n) throw new RangeError("monthly rent must not be negative");
  const length = daysInMonth(input.month);
  const days = daysInside(input.month, input.startsOn, input.endsOn);
  if (days === length) return { days, daysInMonth: length, amountFen: input.monthlyRentFen };
  const numerator = 2n * input.monthlyRentFen * BigInt(days) + BigInt(length);
  return { days, daysInMonth: length, amountFen: numerator / (2n * BigInt(length)) };
}
