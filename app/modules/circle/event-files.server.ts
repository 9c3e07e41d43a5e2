// What an event hands out as files: the calendar entry (.ics, RFC 5545, by the `ics` library,
// which folds lines and escapes text) and the QR image of a check-in code (by `qrcode`, as SVG).
import { createEvent } from "ics";
import QRCode from "qrcode";

export interface CalendarEvent {
  id: string;
  title: string;
  description: string;
  location: string;
  startsAt: Date;
  endsAt: Date;
  url: string;
}

/** The instant as the `ics` library's UTC date array; the file then says …Z, which every calendar turns into local time. */
const utcParts = (at: Date): [number, number, number, number, number] => [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes()];

export function eventCalendarFile(event: CalendarEvent): string {
  const { error, value } = createEvent({
    uid: `circle-event-${event.id}@haopu-hub`,
    productId: "haopu-hub/circle-events",
    title: event.title,
    description: event.description ? `${event.description}\n\n${event.url}` : event.url,
    location: event.location,
    url: event.url,
    start: utcParts(event.startsAt),
    startInputType: "utc",
    startOutputType: "utc",
    end: utcParts(event.endsAt),
    endInputType: "utc",
    endOutputType: "utc",
  });
  if (error || !value) throw error ?? new Error("calendar file could not be written");
  return value;
}

/** The check-in code as a QR image (an SVG data URL, so the page shows it with a plain <img>). */
export async function checkInQrDataUrl(code: string): Promise<string> {
  const svg = await QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
