// Files on board posts (a brief, a mood board, a script excerpt): PDF or images by content, at most
// MAX_POST_ATTACHMENTS per post and MAX_ATTACHMENT_BYTES each; downloadable by whoever may see the
// post (post-access.server) and removable by the post's author. Uploads are all or nothing: one
// refused file stores none.
import { randomUUID } from "node:crypto";
import { asc, count, eq, inArray } from "drizzle-orm";
import { circlePostAttachments } from "#db/schema/circle";
import type { MemberActor } from "~/modules/identity/access.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { readStoredFile, removeStoredFile, storedContentTypes, storeFile, type StoredFile } from "~/modules/platform/files.server";
import { isUuid } from "~/modules/platform/ids";
import { logger } from "~/modules/platform/logger.server";
import { loadPost } from "./post-access.server";

export const MAX_POST_ATTACHMENTS = 4;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export interface UploadedFile {
  filename: string;
  bytes: Uint8Array;
}

type StoredAttachment = StoredFile & { filename: string };

/** The name shown and offered for download: no path separators, no leading dots, at most 200 characters. */
function attachmentFilename(name: string) {
  const cleaned = name
    .replace(/[\\/]/g, "_")
    .replace(/^\.+/, "")
    .trim()
    .slice(0, 200);
  return cleaned || "attachment";
}

/** Stores the files for a post that already has `already` of them; all or nothing. */
async function storeAll(postId: string, files: UploadedFile[], already: number): Promise<StoredAttachment[]> {
  if (already + files.length > MAX_POST_ATTACHMENTS) throw new AppError("invalid", "errors.circleTooManyAttachments", { max: MAX_POST_ATTACHMENTS });
  const stored: StoredAttachment[] = [];
  try {
    for (const file of files) {
      const saved = await storeFile({ folder: "circle/posts", bytes: file.bytes, allowed: storedContentTypes, maxBytes: MAX_ATTACHMENT_BYTES, namePrefix: postId });
      stored.push({ ...saved, filename: attachmentFilename(file.filename) });
    }
  } catch (error) {
    await removeAll(stored);
    throw error;
  }
  return stored;
}

async function removeAll(stored: { path: string }[]) {
  for (const file of stored) await removeStoredFile(file.path).catch((error) => logger.warn({ err: error }, "a post attachment could not be removed"));
}

async function insertRows(tx: Tx | DbOrTx, postId: string, userId: string, stored: StoredAttachment[]) {
  if (stored.length === 0) return;
  await tx.insert(circlePostAttachments).values(
    stored.map((file) => ({ postId, storagePath: file.path, contentType: file.contentType, filename: file.filename, sizeBytes: file.sizeBytes, uploadedBy: userId })),
  );
}

/**
 * For createPost: picks the new post's id, stores its files, and hands back the id and a function
 * that records the rows inside the post's transaction (and one that removes the files if it fails).
 */
export async function prepareNewPostAttachments(files: UploadedFile[]) {
  const postId = randomUUID();
  const stored = await storeAll(postId, files, 0);
  return {
    postId,
    record: (tx: Tx, userId: string) => insertRows(tx, postId, userId, stored),
    discard: () => removeAll(stored),
  };
}

/** The attachments of the given posts, oldest first. */
export async function attachmentsOfPosts(db: DbOrTx, postIds: string[]) {
  const result = new Map<string, { id: string; filename: string; contentType: string; sizeBytes: number }[]>();
  if (postIds.length === 0) return result;
  const rows = await db
    .select({ id: circlePostAttachments.id, postId: circlePostAttachments.postId, filename: circlePostAttachments.filename, contentType: circlePostAttachments.contentType, sizeBytes: circlePostAttachments.sizeBytes })
    .from(circlePostAttachments)
    .where(inArray(circlePostAttachments.postId, postIds))
    .orderBy(asc(circlePostAttachments.createdAt), asc(circlePostAttachments.filename));
  for (const { postId, ...row } of rows) result.set(postId, [...(result.get(postId) ?? []), row]);
  return result;
}

/** Only the post's author adds or removes its files; colleagues are refused, other companies see nothing. */
function requireAuthor(member: MemberActor, post: { authorUserId: string }, own: boolean) {
  if (!own) throw notFound();
  if (post.authorUserId !== member.user.id) throw new AppError("forbidden", "errors.circleAttachmentAuthor");
}

/** The author adds files to a post. */
export async function addAttachments(member: MemberActor, postId: string, files: UploadedFile[], meta: { ip: string | null }) {
  if (files.length === 0) throw new AppError("invalid", "errors.fileRequired");
  const db = await getDb();
  const { post, own } = await loadPost(db, member, postId);
  requireAuthor(member, post, own);
  const [{ n }] = await db.select({ n: count() }).from(circlePostAttachments).where(eq(circlePostAttachments.postId, post.id));
  const stored = await storeAll(post.id, files, Number(n));
  try {
    await db.transaction(async (tx) => {
      await loadPost(tx, member, post.id, { forUpdate: true });
      // Counted again under the post's lock: two uploads at once cannot pass the limit together.
      const [{ n: now }] = await tx.select({ n: count() }).from(circlePostAttachments).where(eq(circlePostAttachments.postId, post.id));
      if (Number(now) + stored.length > MAX_POST_ATTACHMENTS) throw new AppError("invalid", "errors.circleTooManyAttachments", { max: MAX_POST_ATTACHMENTS });
      await insertRows(tx, post.id, member.user.id, stored);
      await recordAudit(tx, {
        actorUserId: member.user.id,
        orgId: member.org.id,
        action: "circle.attachment_added",
        subjectType: "circle_post",
        subjectId: post.id,
        after: { files: stored.map((f) => f.filename) },
        ip: meta.ip,
      });
    });
  } catch (error) {
    await removeAll(stored);
    throw error;
  }
}

async function loadAttachment(db: DbOrTx, member: MemberActor, attachmentId: string) {
  if (!isUuid(attachmentId)) throw notFound();
  const [attachment] = await db.select().from(circlePostAttachments).where(eq(circlePostAttachments.id, attachmentId));
  if (!attachment) throw notFound();
  // Whoever may not see the post may not learn the file exists.
  const { post, own } = await loadPost(db, member, attachment.postId);
  return { attachment, post, own };
}

/** The author removes one file from their post. */
export async function removeAttachment(member: MemberActor, attachmentId: string, meta: { ip: string | null }) {
  const db = await getDb();
  const removed = await db.transaction(async (tx) => {
    const { attachment, post, own } = await loadAttachment(tx, member, attachmentId);
    requireAuthor(member, post, own);
    const [row] = await tx.delete(circlePostAttachments).where(eq(circlePostAttachments.id, attachment.id)).returning();
    if (!row) throw notFound();
    await recordAudit(tx, {
      actorUserId: member.user.id,
      orgId: member.org.id,
      action: "circle.attachment_removed",
      subjectType: "circle_post",
      subjectId: post.id,
      before: { filename: row.filename },
      ip: meta.ip,
    });
    return row;
  });
  await removeAll([{ path: removed.storagePath }]);
  return { postId: removed.postId };
}

/** A post's file for whoever may see the post; to anyone else it does not exist. */
export async function attachmentForDownload(member: MemberActor, attachmentId: string) {
  const db = await getDb();
  const { attachment } = await loadAttachment(db, member, attachmentId);
  const bytes = await readStoredFile(attachment.storagePath);
  return { bytes, contentType: attachment.contentType, filename: attachment.filename, sizeBytes: bytes.byteLength };
}
