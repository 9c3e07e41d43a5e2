// Company logos: uploaded by the company's owners and admins (PNG, JPEG or WebP by content — never
// SVG, which can carry script), kept under FILES_DIR, and handed out only to whoever may see the
// profile (a hidden profile's logo is 404 like the profile; visitors only a public profile's).
import { and, eq, sql } from "drizzle-orm";
import { circleProfiles } from "#db/schema/circle";
import { orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { extensionFor, readStoredFile, removeStoredFile, storeFile, type StoredContentType } from "~/modules/platform/files.server";
import { logger } from "~/modules/platform/logger.server";
import { mayEditProfile, visibleTo, type CircleViewer } from "./profiles.server";

const MAX_LOGO_BYTES = 1024 * 1024;
export const logoContentTypes = ["image/png", "image/jpeg", "image/webp"] as const satisfies readonly StoredContentType[];

async function swapLogo(member: MemberActor, logo: { path: string; contentType: StoredContentType } | null, meta: { ip: string | null }) {
  const db = await getDb();
  const now = new Date();
  const previous = await db.transaction(async (tx) => {
    const [before] = await tx.select({ logoPath: circleProfiles.logoPath }).from(circleProfiles).where(eq(circleProfiles.orgId, member.org.id)).for("update");
    const columns = { logoPath: logo?.path ?? null, logoContentType: logo?.contentType ?? null, logoUpdatedAt: logo ? now : null };
    // A company that never saved its profile gets one, listed to members, with only the logo.
    await tx
      .insert(circleProfiles)
      .values({ orgId: member.org.id, ...columns })
      .onConflictDoUpdate({ target: circleProfiles.orgId, set: { ...columns, updatedAt: now } });
    await recordAudit(tx, {
      actorUserId: member.user.id,
      orgId: member.org.id,
      action: logo ? "circle.logo_updated" : "circle.logo_removed",
      subjectType: "circle_profile",
      subjectId: member.org.id,
      ip: meta.ip,
    });
    return before?.logoPath ?? null;
  });
  // The old file goes only once the row no longer names it.
  if (previous) await removeStoredFile(previous).catch((error) => logger.warn({ err: error }, "an old logo could not be removed"));
}

/** The company's owners and admins upload its logo (at most 1 MB; PNG, JPEG or WebP by content). */
export async function uploadLogo(member: MemberActor, file: { bytes: Uint8Array }, meta: { ip: string | null }) {
  if (!mayEditProfile(member)) throw new AppError("forbidden", "errors.forbidden");
  const stored = await storeFile({ folder: "circle/logos", bytes: file.bytes, allowed: logoContentTypes, maxBytes: MAX_LOGO_BYTES, namePrefix: member.org.id });
  try {
    await swapLogo(member, { path: stored.path, contentType: stored.contentType }, meta);
  } catch (error) {
    await removeStoredFile(stored.path);
    throw error;
  }
}

export async function removeLogo(member: MemberActor, meta: { ip: string | null }) {
  if (!mayEditProfile(member)) throw new AppError("forbidden", "errors.forbidden");
  await swapLogo(member, null, meta);
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/i;

/** A company's logo for a viewer who may see its profile; anyone else, or no logo, is not found. */
export async function logoForViewer(viewer: CircleViewer, slug: string) {
  if (!SLUG.test(slug)) throw notFound();
  const db = await getDb();
  const [row] = await db
    .select({ path: circleProfiles.logoPath, contentType: circleProfiles.logoContentType, isPublic: sql<boolean>`${circleProfiles.publicOptIn} and ${circleProfiles.visibility} = 'listed'` })
    .from(circleProfiles)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circleProfiles.orgId))
    .where(and(eq(orgDirectory.slug, slug), visibleTo(viewer)));
  if (!row?.path || !row.contentType) throw notFound();
  const bytes = await readStoredFile(row.path);
  const contentType = row.contentType as StoredContentType;
  return { bytes, contentType, sizeBytes: bytes.byteLength, filename: `${slug}-logo.${extensionFor(contentType)}`, isPublic: row.isPublic };
}
