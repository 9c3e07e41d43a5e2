// Platform: the audit log, in-app notifications, the mail outbox and the background job queue.
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./identity";
import { timestamptz } from "./columns";


export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    at: timestamptz("at").notNull().defaultNow(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    // The organisation whose data changed; null for events about a person alone.
    orgId: uuid("org_id").references(() => organisations.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    reason: text("reason"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_events_org_id_at_idx").on(t.orgId, t.at),
    index("audit_events_actor_user_id_idx").on(t.actorUserId),
    index("audit_events_subject_idx").on(t.subjectType, t.subjectId),
  ],
);

export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: uuid("org_id").references(() => organisations.id, { onDelete: "cascade" }),
    // A catalogue key under `notification.` and its parameters: rendered in the reader's language.
    kind: text("kind").notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull().default({}),
    link: text("link"),
    readAt: timestamptz("read_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("notifications_user_id_created_at_idx").on(t.userId, t.createdAt),
    index("notifications_org_id_idx").on(t.orgId),
  ],
);

/** Every email the platform sends; without SMTP this table is where they are read. */
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    status: text("status").notNull().default("queued"),
    error: text("error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    sentAt: timestamptz("sent_at"),
  },
  (t) => [
    index("outbox_emails_created_at_idx").on(t.createdAt),
    check("outbox_emails_status_check", sql`${t.status} in ('queued', 'sent', 'stored', 'failed')`),
  ],
);

export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    // Set by callers that must enqueue at most once (a monthly run, an event id).
    dedupeKey: text("dedupe_key"),
    status: text("status").notNull().default("queued"),
    runAt: timestamptz("run_at").notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    lockedAt: timestamptz("locked_at"),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    index("jobs_due_idx").on(t.status, t.runAt),
    uniqueIndex("jobs_dedupe_key").on(t.kind, t.dedupeKey),
    check("jobs_status_check", sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    check("jobs_attempts_check", sql`${t.attempts} >= 0 and ${t.maxAttempts} > 0`),
  ],
);

/**
 * Values an installation creates once and keeps in its database, shared by every app instance on
 * it and never a constant in the code: random secrets (the demo gateway's webhook secret, the key
 * that signs the services cart cookie) and the PII key's check value. Written insert-if-absent, so
 * instances starting at once agree on one value.
 */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});
