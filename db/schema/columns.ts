// Column shapes every capability uses: instants as timestamptz, money and credits as bigint.
import { bigint, timestamp } from "drizzle-orm/pg-core";

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
/** CNY in fen. */
export const fen = (name: string) => bigint(name, { mode: "bigint" });
/** Credits in milli-credits. */
export const milli = (name: string) => bigint(name, { mode: "bigint" });
