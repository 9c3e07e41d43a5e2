// The friend circle (生态朋友圈): company profiles, the park's one skill vocabulary, and the
// collaboration board where tenants look for and offer help.
import { sql } from "drizzle-orm";
import { bigserial, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { fen, milli, timestamptz } from "./columns";
import { memberships, organisations, users } from "./identity";
import { serviceResources } from "./services";

/** A work or award on a profile. */
export interface CircleWork {
  title: string;
  year?: number;
  role?: string;
  link?: string;
  award?: boolean;
}

/** The park's one skill vocabulary (剧本改编, 调色, LED 虚拟拍摄 …): profiles and posts pick from it. */
export const circleSkills = pgTable(
  "circle_skills",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    /** A retired skill stays on the profiles that have it but is offered no more. */
    retiredAt: timestamptz("retired_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("circle_skills_code_key").on(t.code), uniqueIndex("circle_skills_name_zh_key").on(t.nameZh)],
);

/** One profile per tenant organisation. */
export const circleProfiles = pgTable(
  "circle_profiles",
  {
    orgId: uuid("org_id")
      .primaryKey()
      .references(() => organisations.id, { onDelete: "cascade" }),
    whatWeDoZh: text("what_we_do_zh").notNull().default(""),
    whatWeDoEn: text("what_we_do_en").notNull().default(""),
    /** Admission categories (animation, short_drama, …). */
    categories: text("categories").array().notNull().default(sql`'{}'::text[]`),
    works: jsonb("works").$type<CircleWork[]>().notNull().default([]),
    showreelLinks: jsonb("showreel_links").$type<string[]>().notNull().default([]),
    teamSize: integer("team_size"),
    foundedYear: integer("founded_year"),
    contactUserId: uuid("contact_user_id").references(() => users.id, { onDelete: "set null" }),
    /** `hidden`: 404 to everyone but the company and park staff. */
    visibility: text("visibility").notNull().default("listed"),
    /** Visitors (signed out) see only profiles whose company opted in. */
    publicOptIn: boolean("public_opt_in").notNull().default(false),
    inParkSince: timestamptz("in_park_since").notNull().defaultNow(),
    /** Normalised text (lower case, no spaces or punctuation, plus pinyin) written with the profile. */
    searchText: text("search_text").notNull().default(""),
    /** The same for the names only: a hit here ranks first. */
    nameSearch: text("name_search").notNull().default(""),
    /** The company's logo under FILES_DIR (PNG, JPEG or WebP by content); served by /circle/logos/:slug. */
    logoPath: text("logo_path"),
    logoContentType: text("logo_content_type"),
    /** When the logo last changed: its URL carries it so browsers fetch a new one. */
    logoUpdatedAt: timestamptz("logo_updated_at"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("circle_profiles_contact_user_id_idx").on(t.contactUserId),
    index("circle_profiles_in_park_since_idx").on(t.inParkSince),
    check("circle_profiles_visibility_check", sql`${t.visibility} in ('listed', 'hidden')`),
    check("circle_profiles_team_size_check", sql`${t.teamSize} is null or ${t.teamSize} between 1 and 100000`),
    check("circle_profiles_founded_year_check", sql`${t.foundedYear} is null or ${t.foundedYear} between 1900 and 2100`),
    check("circle_profiles_logo_check", sql`(${t.logoPath} is null) = (${t.logoContentType} is null) and (${t.logoPath} is null) = (${t.logoUpdatedAt} is null)`),
  ],
);

/** What a company offers and what it looks for, from the shared vocabulary. */
export const circleProfileSkills = pgTable(
  "circle_profile_skills",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => circleProfiles.orgId, { onDelete: "cascade" }),
    skillId: uuid("skill_id")
      .notNull()
      .references(() => circleSkills.id, { onDelete: "cascade" }),
    side: text("side").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.skillId, t.side] }),
    index("circle_profile_skills_skill_id_idx").on(t.skillId, t.side),
    check("circle_profile_skills_side_check", sql`${t.side} in ('offer', 'seek')`),
  ],
);

/** A post on the collaboration board: a company looking for help or offering it. */
export const circlePosts = pgTable(
  "circle_posts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    authorUserId: uuid("author_user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    category: text("category"),
    skillIds: uuid("skill_ids").array().notNull().default(sql`'{}'::uuid[]`),
    budgetMinFen: fen("budget_min_fen"),
    budgetMaxFen: fen("budget_max_fen"),
    startsOn: date("starts_on", { mode: "string" }),
    endsOn: date("ends_on", { mode: "string" }),
    location: text("location").notNull().default(""),
    status: text("status").notNull().default("open"),
    outcome: text("outcome"),
    expiresAt: timestamptz("expires_at").notNull(),
    closedAt: timestamptz("closed_at"),
    hiddenAt: timestamptz("hidden_at"),
    hiddenBy: uuid("hidden_by").references(() => users.id),
    hiddenReason: text("hidden_reason"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("circle_posts_org_id_idx").on(t.orgId),
    index("circle_posts_author_user_id_idx").on(t.authorUserId),
    index("circle_posts_hidden_by_idx").on(t.hiddenBy),
    index("circle_posts_open_idx").on(t.status, t.expiresAt),
    check("circle_posts_kind_check", sql`${t.kind} in ('looking', 'offering')`),
    check("circle_posts_status_check", sql`${t.status} in ('open', 'closed')`),
    check(
      "circle_posts_outcome_check",
      sql`(${t.status} = 'open' and ${t.outcome} is null) or (${t.status} = 'closed' and ${t.outcome} in ('found_in_park', 'found_elsewhere', 'cancelled', 'expired'))`,
    ),
    check(
      "circle_posts_budget_check",
      sql`(${t.budgetMinFen} is null or ${t.budgetMinFen} >= 0) and (${t.budgetMaxFen} is null or ${t.budgetMaxFen} >= 0) and (${t.budgetMinFen} is null or ${t.budgetMaxFen} is null or ${t.budgetMinFen} <= ${t.budgetMaxFen})`,
    ),
    check("circle_posts_dates_check", sql`${t.startsOn} is null or ${t.endsOn} is null or ${t.startsOn} <= ${t.endsOn}`),
    check("circle_posts_hidden_reason_check", sql`${t.hiddenAt} is null or ${t.hiddenReason} is not null`),
  ],
);

/** "感兴趣": a company answering a post. Contacts are shared only once the poster accepts. */
export const circleInterests = pgTable(
  "circle_interests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => circlePosts.id, { onDelete: "cascade" }),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    message: text("message").notNull().default(""),
    status: text("status").notNull().default("pending"),
    decidedAt: timestamptz("decided_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("circle_interests_post_org_key").on(t.postId, t.orgId),
    index("circle_interests_org_id_idx").on(t.orgId),
    index("circle_interests_user_id_idx").on(t.userId),
    check("circle_interests_status_check", sql`${t.status} in ('pending', 'accepted', 'declined')`),
  ],
);

/** A file on a board post (a brief, a mood board): downloadable by whoever may see the post. */
export const circlePostAttachments = pgTable(
  "circle_post_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => circlePosts.id, { onDelete: "cascade" }),
    storagePath: text("storage_path").notNull(),
    contentType: text("content_type").notNull(),
    /** The name the uploader's file had, for the download; never used as a path. */
    filename: text("filename").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("circle_post_attachments_post_id_idx").on(t.postId),
    index("circle_post_attachments_uploaded_by_idx").on(t.uploadedBy),
    check("circle_post_attachments_size_check", sql`${t.sizeBytes} > 0`),
  ],
);

/**
 * A person's own profile in the circle (opt-in): their role, skills from the shared vocabulary and
 * a short bio, shown on their company's page. One per membership; it goes with the membership, and
 * turning it off deletes it.
 */
export const circlePeople = pgTable(
  "circle_people",
  {
    membershipId: uuid("membership_id")
      .primaryKey()
      .references(() => memberships.id, { onDelete: "cascade" }),
    title: text("title").notNull().default(""),
    bio: text("bio").notNull().default(""),
    skillIds: uuid("skill_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Also shown to visitors, and only where the company's profile is public too. */
    publicOptIn: boolean("public_opt_in").notNull().default(false),
    /** Name, role and skills with pinyin and initials, then the bio (see search-text.ts). */
    searchText: text("search_text").notNull().default(""),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
);

// ——— Programmes and open calls (百部精品短剧计划, incubator programmes) ———

/** One criterion of a call's rubric: reviewers give 0…maxScore; a submission's total is the sum. */
export interface CallCriterion {
  key: string;
  nameZh: string;
  nameEn: string;
  maxScore: number;
}

/** A call the park runs: draft → open → closed (deadline passed or closed by staff) → decided. */
export const circleCalls = pgTable(
  "circle_calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull().default("call"),
    titleZh: text("title_zh").notNull(),
    titleEn: text("title_en").notNull().default(""),
    descriptionZh: text("description_zh").notNull(),
    descriptionEn: text("description_en").notNull().default(""),
    criteriaZh: text("criteria_zh").notNull().default(""),
    criteriaEn: text("criteria_en").notNull().default(""),
    /** Submissions are refused from this instant on (chosen as a park day and time, Asia/Shanghai). */
    deadlineAt: timestamptz("deadline_at").notNull(),
    /** Attachment kinds every submission must carry (calls-forms.ts `attachmentKinds`). */
    requiredAttachments: text("required_attachments").array().notNull().default(sql`'{}'::text[]`),
    rubric: jsonb("rubric").$type<CallCriterion[]>().notNull().default([]),
    /** Compute credits each winner receives, or none. */
    awardMilli: milli("award_milli"),
    status: text("status").notNull().default("draft"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    openedAt: timestamptz("opened_at"),
    closedAt: timestamptz("closed_at"),
    decidedAt: timestamptz("decided_at"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("circle_calls_created_by_idx").on(t.createdBy),
    index("circle_calls_status_idx").on(t.status, t.deadlineAt),
    check("circle_calls_kind_check", sql`${t.kind} in ('call', 'incubator')`),
    check("circle_calls_status_check", sql`${t.status} in ('draft', 'open', 'closed', 'decided')`),
    check("circle_calls_award_check", sql`${t.awardMilli} is null or ${t.awardMilli} > 0`),
  ],
);

/** Park staff who score a call's submissions. */
export const circleCallReviewers = pgTable(
  "circle_call_reviewers",
  {
    callId: uuid("call_id")
      .notNull()
      .references(() => circleCalls.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.callId, t.userId] }), index("circle_call_reviewers_user_id_idx").on(t.userId)],
);

/** A company's entry to a call: one per company per call. */
export const circleCallSubmissions = pgTable(
  "circle_call_submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id")
      .notNull()
      .references(() => circleCalls.id, { onDelete: "cascade" }),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    title: text("title").notNull().default(""),
    summary: text("summary").notNull().default(""),
    status: text("status").notNull().default("draft"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    submittedAt: timestamptz("submitted_at"),
    withdrawnAt: timestamptz("withdrawn_at"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("circle_call_submissions_call_org_key").on(t.callId, t.orgId),
    index("circle_call_submissions_org_id_idx").on(t.orgId),
    index("circle_call_submissions_created_by_idx").on(t.createdBy),
    check("circle_call_submissions_status_check", sql`${t.status} in ('draft', 'submitted', 'withdrawn')`),
    check("circle_call_submissions_submitted_check", sql`${t.status} <> 'submitted' or ${t.submittedAt} is not null`),
  ],
);

/** Files attached to a submission (PDF or image, checked by content like admission's). */
export const circleCallAttachments = pgTable(
  "circle_call_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => circleCallSubmissions.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    storagePath: text("storage_path").notNull(),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("circle_call_attachments_submission_id_idx").on(t.submissionId), index("circle_call_attachments_uploaded_by_idx").on(t.uploadedBy)],
);

/** One reviewer's scores for one submission, editable until the call is decided. */
export const circleCallScores = pgTable(
  "circle_call_scores",
  {
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => circleCallSubmissions.id, { onDelete: "cascade" }),
    reviewerUserId: uuid("reviewer_user_id")
      .notNull()
      .references(() => users.id),
    /** Points by criterion key. */
    scores: jsonb("scores").$type<Record<string, number>>().notNull(),
    total: integer("total").notNull(),
    comment: text("comment").notNull().default(""),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.reviewerUserId] }),
    index("circle_call_scores_reviewer_user_id_idx").on(t.reviewerUserId),
    check("circle_call_scores_total_check", sql`${t.total} >= 0`),
  ],
);

/**
 * A winner. The unique submission is what makes awarding twice — or two staff at once — grant
 * credits once: the award row and the credit grant are written in one transaction.
 */
export const circleCallAwards = pgTable(
  "circle_call_awards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id")
      .notNull()
      .references(() => circleCalls.id, { onDelete: "cascade" }),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => circleCallSubmissions.id, { onDelete: "cascade" }),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The credits granted with the award (credits' credit_grants row), if the call carries any. */
    creditGrantId: uuid("credit_grant_id"),
    amountMilli: milli("amount_milli"),
    awardedBy: uuid("awarded_by")
      .notNull()
      .references(() => users.id),
    note: text("note").notNull().default(""),
    awardedAt: timestamptz("awarded_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("circle_call_awards_submission_key").on(t.submissionId),
    uniqueIndex("circle_call_awards_credit_grant_key").on(t.creditGrantId),
    index("circle_call_awards_call_id_idx").on(t.callId),
    index("circle_call_awards_org_id_idx").on(t.orgId),
    index("circle_call_awards_awarded_by_idx").on(t.awardedBy),
  ],
);

/**
 * An event the park runs (上海AI互动生态大会, a 科幻电影周 screening, a roadshow in the 路演厅).
 * `confirmedCount` is kept under the event row's lock by every registration and cancellation;
 * the check constraint is the last word that no event ever has more confirmed places than seats
 * (docs/decisions/018-event-registration-locks-the-event-row.md).
 */
export const circleEvents = pgTable(
  "circle_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    startsAt: timestamptz("starts_at").notNull(),
    endsAt: timestamptz("ends_at").notNull(),
    /** Where, in words ("路演厅", "3 号楼一层大堂"). */
    venue: text("venue").notNull().default(""),
    /** A services resource held for the event through the services module, when there is one. */
    venueResourceId: uuid("venue_resource_id").references(() => serviceResources.id),
    capacity: integer("capacity").notNull(),
    confirmedCount: integer("confirmed_count").notNull().default(0),
    /** `members`: signed-in park members only; `public`: also visitors with a verified email. */
    audience: text("audience").notNull().default("members"),
    status: text("status").notNull().default("published"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("circle_events_starts_at_idx").on(t.startsAt),
    index("circle_events_venue_resource_id_idx").on(t.venueResourceId),
    index("circle_events_created_by_idx").on(t.createdBy),
    check("circle_events_time_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("circle_events_capacity_check", sql`${t.capacity} between 1 and 100000`),
    check("circle_events_confirmed_check", sql`${t.confirmedCount} >= 0 and ${t.confirmedCount} <= ${t.capacity}`),
    check("circle_events_audience_check", sql`${t.audience} in ('members', 'public')`),
    check("circle_events_status_check", sql`${t.status} in ('published', 'cancelled')`),
  ],
);

/**
 * One person's registration. Members register with their account; the public with a name and an
 * email they must confirm (`pending` until then, holding no place). `queueNo` is the order of
 * arrival in the queue, taken under the event's lock: the waitlist moves up by it.
 */
export const circleEventRegistrations = pgTable(
  "circle_event_registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => circleEvents.id, { onDelete: "cascade" }),
    queueNo: bigserial("queue_no", { mode: "number" }).notNull(),
    userId: uuid("user_id").references(() => users.id),
    name: text("name").notNull(),
    /** Lower case; one live registration per address per event. */
    email: text("email").notNull(),
    /** The language emails to this person are written in (the public have no account to say). */
    locale: text("locale").notNull().default("zh-CN"),
    status: text("status").notNull(),
    /** The short code typed at the door (8 characters, no look-alikes); the QR image carries it. */
    checkInCode: text("check_in_code").notNull(),
    /** Public registrations: the hash of the secret in the emailed link that opens the ticket. */
    accessTokenHash: text("access_token_hash"),
    lastEmailedAt: timestamptz("last_emailed_at"),
    /** A hash of the address a public registration came from, to limit how many one client makes. */
    requestIpHash: text("request_ip_hash"),
    confirmedAt: timestamptz("confirmed_at"),
    cancelledAt: timestamptz("cancelled_at"),
    checkedInAt: timestamptz("checked_in_at"),
    checkedInBy: uuid("checked_in_by").references(() => users.id),
    reminderSentAt: timestamptz("reminder_sent_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("circle_event_registrations_queue_idx").on(t.eventId, t.status, t.queueNo),
    index("circle_event_registrations_user_id_idx").on(t.userId),
    index("circle_event_registrations_checked_in_by_idx").on(t.checkedInBy),
    index("circle_event_registrations_ip_idx").on(t.requestIpHash, t.createdAt),
    uniqueIndex("circle_event_registrations_code_key").on(t.eventId, t.checkInCode),
    uniqueIndex("circle_event_registrations_token_key").on(t.accessTokenHash),
    uniqueIndex("circle_event_registrations_live_email_key").on(t.eventId, t.email).where(sql`${t.status} <> 'cancelled'`),
    uniqueIndex("circle_event_registrations_live_user_key").on(t.eventId, t.userId).where(sql`${t.status} <> 'cancelled' and ${t.userId} is not null`),
    check("circle_event_registrations_status_check", sql`${t.status} in ('pending', 'confirmed', 'waitlisted', 'cancelled')`),
    check("circle_event_registrations_who_check", sql`${t.userId} is not null or ${t.accessTokenHash} is not null`),
    check("circle_event_registrations_checked_in_check", sql`${t.checkedInAt} is null or ${t.status} = 'confirmed'`),
  ],
);
