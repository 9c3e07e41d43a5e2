// Pieces every module's form schemas share (browser-safe: no server code).
import { z } from "zod";

/** A `z.discriminatedUnion("intent", …)` option: an intent no form sends is a bad form, as a catalogue key. */
export const badIntent = { errorMap: () => ({ message: "errors.badForm" }) };

/** A record picked by a button on a list (a row's id); an empty one is not found by the module. */
export const rowId = z.string().default("");
