// Circle fixtures: the demo skill vocabulary and tenant companies with written profiles.
import { eq } from "drizzle-orm";
import { circleSkills, organisations } from "#db/schema/index";
import { writeProfile } from "~/modules/circle/profiles.server";
import { getDb } from "~/modules/platform/db.server";
import { demoSkills } from "#db/seed/circle";
import { actorFor, addMember, createOrg, createUser, sessionCookie, unique } from "./factories";

/** The demo vocabulary; returns skill ids by code. */
export async function seedSkills() {
  const db = await getDb();
  await db.insert(circleSkills).values(demoSkills).onConflictDoNothing();
  const rows = await db.select().from(circleSkills);
  return new Map(rows.map((s) => [s.code, s.id]));
}

export interface CompanyOptions {
  nameZh: string;
  nameEn?: string;
  slug?: string;
  whatWeDoZh?: string;
  works?: string[];
  categories?: string[];
  offers?: string[];
  seeks?: string[];
  visibility?: "listed" | "hidden";
  publicOptIn?: boolean;
  monthsInPark?: number;
  status?: "active" | "suspended";
}

/** A tenant with an owner (signed in, company active) and a written profile. */
export async function company(skills: Map<string, string>, options: CompanyOptions) {
  const org = await createOrg({ slug: options.slug ?? unique("c"), nameZh: options.nameZh });
  const db = await getDb();
  await db
    .update(organisations)
    .set({ nameEn: options.nameEn ?? `Company ${org.slug}`, status: options.status ?? "active" })
    .where(eq(organisations.id, org.id));
  const owner = await createUser({ name: `${options.nameZh}负责人` });
  await addMember(org.id, owner.id, "owner");
  const cookie = await sessionCookie(owner.id, org.id);
  await writeProfile(db, org.id, {
    whatWeDoZh: options.whatWeDoZh ?? "",
    whatWeDoEn: "",
    categories: options.categories ?? ["animation"],
    works: (options.works ?? []).map((title) => ({ title })),
    showreelLinks: [],
    teamSize: 10,
    foundedYear: 2020,
    contactUserId: owner.id,
    visibility: options.visibility ?? "listed",
    publicOptIn: options.publicOptIn ?? false,
    offers: (options.offers ?? []).map((c) => skills.get(c)!),
    seeks: (options.seeks ?? []).map((c) => skills.get(c)!),
    inParkSince: new Date(Date.now() - (options.monthsInPark ?? 1) * 30 * 86_400_000),
  });
  return { org, owner, cookie, actor: options.status === "suspended" ? null : await actorFor(cookie) };
}
