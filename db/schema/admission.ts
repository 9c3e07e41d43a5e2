// Admission: move-in applications (入驻申请), their timeline, attachments, and the rubric reviewers
// score them against. The state machine itself lives in app/modules/admission/workflow.ts; the
// CHECK below only keeps unknown states out.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./identity";
import { registrationCases } from "./registration";
import { timestamptz } from "./columns";


export interface AgreedTerms {
  seats: number;
  moveInOn: string;
  incubationSupport: string;
  welcomeCredits: number;
}

export const admissionApplications = pgTable(
  "admission_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicantUserId: uuid("applicant_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status").notNull().default("draft"),
    /** The answers of each step, validated by the step's schema when saved; null until saved. */
    company: jsonb("company").$type<Record<string, unknown>>(),
    team: jsonb("team").$type<Record<string, unknown>>(),
    plan: jsonb("plan").$type<Record<string, unknown>>(),
    needs: jsonb("needs").$type<Record<string, unknown>>(),
    materials: jsonb("materials").$type<Record<string, unknown>>(),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    interviewAt: timestamptz("interview_at"),
    interviewLocation: text("interview_location"),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamptz("decided_at"),
    terms: jsonb("terms").$type<AgreedTerms>(),
    /** The tenant organisation approval created. */
    orgId: uuid("org_id").references(() => organisations.id),
    /** The company-registration case opened for a company that is not registered yet. */
    registrationCaseId: uuid("registration_case_id").references(() => registrationCases.id),
    submittedAt: timestamptz("submitted_at"),
    /**
     * The applicant's declaration (信息真实性承诺 and consent to the privacy notice), made with each
     * submission: which version of its wording they ticked, and when.
     */
    declarationVersion: text("declaration_version"),
    declaredAt: timestamptz("declared_at"),
    statusChangedAt: timestamptz("status_changed_at").notNull().defaultNow(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("admission_applications_applicant_idx").on(t.applicantUserId),
    index("admission_applications_assignee_idx").on(t.assigneeUserId),
    index("admission_applications_decided_by_idx").on(t.decidedBy),
    uniqueIndex("admission_applications_org_key").on(t.orgId),
    uniqueIndex("admission_applications_registration_case_key").on(t.registrationCaseId),
    index("admission_applications_status_idx").on(t.status, t.submittedAt),
    // One open application per person; after approval, rejection or withdrawal they may apply again.
    uniqueIndex("admission_applications_one_open_key")
      .on(t.applicantUserId)
      .where(sql`${t.status} not in ('approved', 'rejected', 'withdrawn')`),
    check(
      "admission_applications_status_check",
      sql`${t.status} in ('draft', 'submitted', 'in_review', 'info_requested', 'resubmitted', 'interview_scheduled', 'approved', 'rejected', 'waitlisted', 'withdrawn')`,
    ),
  ],
);

/**
 * The timeline: every transition, comment, score and upload. `internal` entries (comments, scores,
 * assignments) are for reviewers only; the applicant's timeline leaves them out.
 */
export const admissionEvents = pgTable(
  "admission_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => admissionApplications.id, { onDelete: "cascade" }),
    at: timestamptz("at").notNull().defaultNow(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    /** What the person wrote: the reason, the information asked for, the reply, the comment. */
    message: text("message"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    internal: boolean("internal").notNull().default(false),
  },
  (t) => [index("admission_events_application_idx").on(t.applicationId, t.at), index("admission_events_actor_idx").on(t.actorUserId)],
);

export const admissionAttachments = pgTable(
  "admission_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => admissionApplications.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    /** The name the applicant's file had, for display and download; never used as a path. */
    filename: text("filename").notNull(),
    /** Sniffed from the content, not taken from the upload. */
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    storagePath: text("storage_path").notNull().unique(),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("admission_attachments_application_idx").on(t.applicationId),
    index("admission_attachments_uploaded_by_idx").on(t.uploadedBy),
    check("admission_attachments_kind_check", sql`${t.kind} in ('business_plan', 'licence', 'showreel', 'other')`),
    check("admission_attachments_type_check", sql`${t.contentType} in ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')`),
    check("admission_attachments_size_check", sql`${t.sizeBytes} > 0`),
  ],
);

/** What reviewers score against; the park configures labels, weights and which are in use. */
export const admissionRubricCriteria = pgTable(
  "admission_rubric_criteria",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull().unique(),
    labelZh: text("label_zh").notNull(),
    labelEn: text("label_en").notNull(),
    descriptionZh: text("description_zh").notNull().default(""),
    descriptionEn: text("description_en").notNull().default(""),
    weight: integer("weight").notNull(),
    position: integer("position").notNull().default(0),
    active: boolean("active").notNull().default(true),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [check("admission_rubric_criteria_weight_check", sql`${t.weight} between 0 and 10`)],
);

/** One reviewer's score of one criterion for one application; scoring again replaces it. */
export const admissionScores = pgTable(
  "admission_scores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => admissionApplications.id, { onDelete: "cascade" }),
    criterionId: uuid("criterion_id")
      .notNull()
      .references(() => admissionRubricCriteria.id, { onDelete: "cascade" }),
    reviewerUserId: uuid("reviewer_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    score: integer("score").notNull(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("admission_scores_key").on(t.applicationId, t.criterionId, t.reviewerUserId),
    index("admission_scores_criterion_idx").on(t.criterionId),
    index("admission_scores_reviewer_idx").on(t.reviewerUserId),
    check("admission_scores_score_check", sql`${t.score} between 1 and 5`),
  ],
);
