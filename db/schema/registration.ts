// Company-registration help (公司注册): a case per company to register or move in, its guided
// intake (a draft until submitted), its documents, the step tracker's history, the park's pool of
// registered addresses and the desk's fees. The state machine lives in
// app/modules/registration/workflow.ts; the CHECKs below only keep unknown values out.
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgSequence, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { invoices } from "./billing";
import { organisations, users } from "./identity";
import { fen, timestamptz } from "./columns";

export const registrationCaseTypes = ["limited", "sole_proprietorship", "individual", "relocation"] as const;
export type RegistrationCaseType = (typeof registrationCaseTypes)[number];

export const registrationStatuses = [
  "intake",
  "materials_complete",
  "name_approved",
  "filed",
  "licence_issued",
  "seals_made",
  "bank_opened",
  "tax_registered",
  "completed",
  "waiting_for_applicant",
  "cancelled",
] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

export const registrationCaseNumberSeq = pgSequence("registration_case_number_seq");

export const registrationCases = pgTable(
  "registration_cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** RC-00001, what the desk and the applicant quote to each other. */
    number: text("number")
      .notNull()
      .unique()
      .default(sql`'RC-' || lpad(nextval('registration_case_number_seq')::text, 5, '0')`),
    caseType: text("case_type").notNull().$type<RegistrationCaseType>(),
    /** The person who opened it; the case is theirs (and their company's, when org_id is set). */
    ownerUserId: uuid("owner_user_id")
      .notNull()
      .references(() => users.id),
    /** The tenant organisation the case belongs to and is written back to on completion. */
    orgId: uuid("org_id").references(() => organisations.id),
    status: text("status").notNull().default("intake").$type<RegistrationStatus>(),
    /** While waiting_for_applicant: the step to return to, and exactly what is missing. */
    resumeStatus: text("resume_status").$type<RegistrationStatus>(),
    waitingReason: text("waiting_reason"),
    /** Who acts next (applicant or desk) and by when. */
    stepOwner: text("step_owner").notNull().default("applicant"),
    dueOn: date("due_on", { mode: "string" }),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The guided intake's answers, saved as a draft at every step; validated in full on submit. */
    intake: jsonb("intake").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    intakeSubmittedAt: timestamptz("intake_submitted_at"),
    /** The name the authority approved, and what the licence says. */
    approvedNameZh: text("approved_name_zh"),
    uscc: text("uscc"),
    licenceIssuedOn: date("licence_issued_on", { mode: "string" }),
    /** Own address, when the company does not take one of the park's. */
    ownAddress: text("own_address"),
    feeFen: fen("fee_fen").notNull().default(sql`0`),
    feeInvoiceId: uuid("fee_invoice_id").references(() => invoices.id),
    cancelledReason: text("cancelled_reason"),
    openedAt: timestamptz("opened_at").notNull().defaultNow(),
    statusChangedAt: timestamptz("status_changed_at").notNull().defaultNow(),
    completedAt: timestamptz("completed_at"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("registration_cases_owner_idx").on(t.ownerUserId),
    index("registration_cases_org_idx").on(t.orgId),
    index("registration_cases_status_idx").on(t.status, t.statusChangedAt),
    index("registration_cases_assignee_idx").on(t.assigneeUserId),
    index("registration_cases_fee_invoice_idx").on(t.feeInvoiceId),
    check(
      "registration_cases_status_check",
      sql`${t.status} in ('intake', 'materials_complete', 'name_approved', 'filed', 'licence_issued', 'seals_made', 'bank_opened', 'tax_registered', 'completed', 'waiting_for_applicant', 'cancelled')`,
    ),
    check("registration_cases_type_check", sql`${t.caseType} in ('limited', 'sole_proprietorship', 'individual', 'relocation')`),
    check("registration_cases_step_owner_check", sql`${t.stepOwner} in ('applicant', 'desk')`),
    check("registration_cases_fee_check", sql`${t.feeFen} >= 0`),
    check("registration_cases_waiting_check", sql`(${t.status} = 'waiting_for_applicant') = (${t.resumeStatus} is not null)`),
  ],
);

/** The tracker's history: every step change and note, with who made it. */
export const registrationEvents = pgTable(
  "registration_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => registrationCases.id, { onDelete: "cascade" }),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    note: text("note").notNull().default(""),
    at: timestamptz("at").notNull().defaultNow(),
  },
  (t) => [index("registration_events_case_idx").on(t.caseId, t.at), index("registration_events_actor_idx").on(t.actorUserId)],
);

/** Uploaded files of a case, each against one checklist item (`id:shareholder:0`, `address_proof`, `licence`…). */
export const registrationDocuments = pgTable(
  "registration_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => registrationCases.id, { onDelete: "cascade" }),
    requirement: text("requirement").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    storagePath: text("storage_path").notNull().unique(),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    removedAt: timestamptz("removed_at"),
  },
  (t) => [
    index("registration_documents_case_idx").on(t.caseId, t.requirement),
    index("registration_documents_uploaded_by_idx").on(t.uploadedBy),
    check("registration_documents_type_check", sql`${t.contentType} in ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')`),
    check("registration_documents_size_check", sql`${t.sizeBytes} > 0`),
  ],
);

/** The park's registered addresses (注册地址); each goes to one case, never to two. */
export const registrationAddresses = pgTable(
  "registration_addresses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    addressZh: text("address_zh").notNull().unique(),
    addressEn: text("address_en").notNull(),
    caseId: uuid("case_id").references(() => registrationCases.id),
    assignedAt: timestamptz("assigned_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("registration_addresses_case_key").on(t.caseId),
    check("registration_addresses_assigned_check", sql`(${t.caseId} is null) = (${t.assignedAt} is null)`),
  ],
);

/** The desk's fee per case type; admitted tenants pay nothing unless the park says otherwise. */
export const registrationFees = pgTable(
  "registration_fees",
  {
    caseType: text("case_type").primaryKey().$type<RegistrationCaseType>(),
    feeFen: fen("fee_fen").notNull(),
    freeForTenants: boolean("free_for_tenants").notNull().default(true),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check("registration_fees_type_check", sql`${t.caseType} in ('limited', 'sole_proprietorship', 'individual', 'relocation')`),
    check("registration_fees_fee_check", sql`${t.feeFen} >= 0`),
    index("registration_fees_updated_by_idx").on(t.updatedBy),
  ],
);

/** Yearly-duty reminders sent, one per company, duty and year, whatever runs twice. */
export const registrationDutyReminders = pgTable(
  "registration_duty_reminders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    duty: text("duty").notNull(),
    year: integer("year").notNull(),
    sentAt: timestamptz("sent_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("registration_duty_reminders_key").on(t.orgId, t.duty, t.year)],
);
