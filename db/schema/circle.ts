// The friend circle (生态朋友圈): company profiles, the park's one skill vocabulary, and the
// collaboration board where tenants look for and offer help.
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { fen, timestamptz } from "./columns";
import { memberships, organisations, users } from "./identity";

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
