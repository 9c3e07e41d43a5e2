// Who may see a board post, in one place: the board's pages and the post's attachments ask here.
import { eq } from "drizzle-orm";
import { circlePosts } from "#db/schema/circle";
import { orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import type { DbOrTx } from "~/modules/platform/db.server";
import { notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";

export const isStaff = (member: MemberActor) => member.org.kind === "park";

/** Loads a post the viewer may see: hidden posts only for their company and staff. */
export async function loadPost(db: DbOrTx, member: MemberActor, postId: string, options: { forUpdate?: boolean } = {}) {
  if (!isUuid(postId)) throw notFound();
  const query = db
    .select({ post: circlePosts, org: { id: orgDirectory.id, slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn, status: orgDirectory.status } })
    .from(circlePosts)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circlePosts.orgId))
    .where(eq(circlePosts.id, postId));
  const [row] = options.forUpdate ? await query.for("update", { of: circlePosts }) : await query;
  if (!row) throw notFound();
  const own = row.post.orgId === member.org.id;
  if (!isStaff(member) && !own && (row.post.hiddenAt !== null || row.org.status !== "active")) throw notFound();
  return { ...row, own };
}

