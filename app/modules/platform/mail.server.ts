// Email: every message is written to the outbox table in the caller's transaction and sent by a
// job. With SMTP_URL set the job sends through nodemailer; without it the outbox is the mailbox
// (admins read it in the UI), which is how the demo and the tests work.
import { desc, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { outboxEmails } from "#db/schema/platform";
import { translator } from "~/i18n/i18n.server";
import { config } from "./config.server";
import { getDb, type DbOrTx } from "./db.server";
import { enqueueJob, registerJobHandler } from "./jobs.server";

interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage & { from: string }): Promise<void>;
}

function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from: message.from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

let mailer: Mailer | null | undefined;

/** Tests install a fake; `null` means "store only". */
export function setMailer(next: Mailer | null | undefined) {
  mailer = next;
}

function currentMailer(): Mailer | null {
  if (mailer !== undefined) return mailer;
  const url = config().SMTP_URL;
  mailer = url ? smtpMailer(url) : null;
  return mailer;
}

export type EmailTemplate = "verifyEmail" | "signUpAttempted" | "resetPassword" | "invitation" | "creditsLow" | "admissionUpdate" | "circleUpdate";

/** Renders a template in the recipient's language and queues it. */
export async function sendEmail(
  tx: DbOrTx,
  options: { to: string; template: EmailTemplate; language: string; params: Record<string, string> },
) {
  const t = await translator(options.language);
  const subject = t(`email.${options.template}.subject`, options.params);
  const text = t(`email.${options.template}.body`, options.params);
  const [row] = await tx
    .insert(outboxEmails)
    .values({ toAddress: options.to, subject, textBody: text })
    .returning({ id: outboxEmails.id });
  await enqueueJob(tx, "email.send", { outboxId: row.id });
  return row.id;
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerPlatformMail() {
  registerJobHandler("email.send", async (payload, job) => {
    const db = await getDb();
    const id = String(payload.outboxId);
    const [message] = await db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    if (!message || message.status === "sent" || message.status === "stored") return;
    const transport = currentMailer();
    if (!transport) {
      await db.update(outboxEmails).set({ status: "stored" }).where(eq(outboxEmails.id, id));
      return;
    }
    try {
      await transport.send({ from: config().MAIL_FROM, to: message.toAddress, subject: message.subject, text: message.textBody });
      await db.update(outboxEmails).set({ status: "sent", sentAt: new Date(), error: null }).where(eq(outboxEmails.id, id));
    } catch (error) {
      // The job retries it; after the last attempt the outbox must not keep showing it as queued.
      await db
        .update(outboxEmails)
        .set({
          error: error instanceof Error ? error.message.slice(0, 500) : "send failed",
          ...(job.attempts >= job.maxAttempts ? { status: "failed" } : {}),
        })
        .where(eq(outboxEmails.id, id));
      throw error;
    }
  });
}

/** The newest 200 emails (to one address when given), oldest first. */
export async function listOutbox(db: DbOrTx, options: { to?: string } = {}) {
  const newest = await db
    .select()
    .from(outboxEmails)
    .where(options.to ? eq(outboxEmails.toAddress, options.to) : undefined)
    .orderBy(desc(outboxEmails.createdAt))
    .limit(200);
  return newest.reverse();
}
