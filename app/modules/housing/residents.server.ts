// The people who will live in a unit. Name, resident ID number and phone are personal information:
// encrypted at rest (PII_KEY), with masked copies that everyone else reads. Only housing staff and
// the resident themself see the full values, and every full view is written to the audit log
// (which records who looked at whom, never the values).
import { and, asc, eq } from "drizzle-orm";
import { housingApplications, housingResidents } from "#db/schema/housing";
import type { MemberActor } from "~/modules/identity/access.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { decryptPii, encryptPii } from "~/modules/platform/crypto.server";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { maskName, maskPhone, maskResidentId } from "~/modules/platform/resident-id";
import type { residentSchema } from "./forms";
import type { z } from "zod";
import { hasPermission } from "~/modules/identity/permissions";

type ApplicationRow = typeof housingApplications.$inferSelect;
type ResidentRow = typeof housingResidents.$inferSelect;

/** Encrypts and stores an application's residents; the first is the primary resident. */
export async function insertResidents(tx: Tx, applicationId: string, residents: z.output<typeof residentSchema>[]) {
  if (residents.length === 0) return [];
  return tx
    .insert(housingResidents)
    .values(
      residents.map((r, i) => ({
        applicationId,
        userId: r.userId ?? null,
        primary: i === 0,
        nameEnc: encryptPii(r.name),
        nameMasked: maskName(r.name),
        idNumberEnc: encryptPii(r.idNumber),
        idNumberMasked: maskResidentId(r.idNumber),
        phoneEnc: encryptPii(r.phone),
        phoneMasked: maskPhone(r.phone),
      })),
    )
    .returning({ id: housingResidents.id, userId: housingResidents.userId, primary: housingResidents.primary });
}

/**
 * Whether this actor may know the application exists: housing staff; in the application's own
 * company, the applicant, the company's owners and admins, and the residents named on it.
 */
function canSeeApplication(actor: MemberActor, application: ApplicationRow, residentUserIds: readonly (string | null)[]) {
  if (hasPermission(actor, "housing:manage", { kind: "park" })) return true;
  if (actor.org.kind !== "tenant" || actor.org.id !== application.orgId) return false;
  return application.applicantUserId === actor.user.id || hasPermission(actor, "housing:endorse", { kind: "tenant" }) || residentUserIds.includes(actor.user.id);
}

/** The application if this actor may see it, else not found (so another company learns nothing). */
export async function visibleApplication(db: DbOrTx, actor: MemberActor, applicationId: string) {
  if (!isUuid(applicationId)) throw notFound();
  const [application] = await db.select().from(housingApplications).where(eq(housingApplications.id, applicationId));
  if (!application) throw notFound();
  const residents = await db.select().from(housingResidents).where(eq(housingResidents.applicationId, applicationId)).orderBy(asc(housingResidents.createdAt), asc(housingResidents.id));
  // The primary resident first, then in the order given.
  residents.sort((a, b) => Number(b.primary) - Number(a.primary));
  if (!canSeeApplication(actor, application, residents.map((r) => r.userId))) throw notFound();
  return { application, residents };
}

export interface ResidentView {
  id: string;
  userId: string | null;
  primary: boolean;
  name: string;
  idNumber: string;
  phone: string;
  /** False when these are the full values (housing staff, or the resident themself). */
  masked: boolean;
}

const mayReveal = (actor: MemberActor, resident: ResidentRow) => hasPermission(actor, "housing:manage", { kind: "park" }) || (resident.userId !== null && resident.userId === actor.user.id);

function maskedView(r: ResidentRow): ResidentView {
  return { id: r.id, userId: r.userId, primary: r.primary, name: r.nameMasked, idNumber: r.idNumberMasked, phone: r.phoneMasked, masked: true };
}

function fullView(r: ResidentRow): ResidentView {
  return { id: r.id, userId: r.userId, primary: r.primary, name: decryptPii(r.nameEnc), idNumber: decryptPii(r.idNumberEnc), phone: decryptPii(r.phoneEnc), masked: false };
}

async function auditView(tx: DbOrTx, actor: MemberActor, resident: ResidentRow, application: ApplicationRow) {
  await recordAudit(tx, {
    actorUserId: actor.user.id,
    orgId: application.orgId,
    action: "housing.resident_viewed",
    subjectType: "housing_resident",
    subjectId: resident.id,
    after: { applicationId: application.id, fields: ["name", "idNumber", "phone"] },
  });
}

/**
 * An application's residents as this actor may see them: masked for everyone except housing staff
 * and the resident themself (their own row), whose full views are each audited.
 */
export async function residentsFor(actor: MemberActor, applicationId: string): Promise<ResidentView[]> {
  const db = await getDb();
  const { application, residents } = await visibleApplication(db, actor, applicationId);
  const revealed = residents.filter((r) => mayReveal(actor, r));
  if (revealed.length === 0) return residents.map(maskedView);
  return db.transaction(async (tx) => {
    for (const r of revealed) await auditView(tx, actor, r, application);
    return residents.map((r) => (mayReveal(actor, r) ? fullView(r) : maskedView(r)));
  });
}

/** One resident's full name, ID number and phone, for housing staff or the resident; audited. */
export async function revealResident(actor: MemberActor, residentId: string): Promise<ResidentView> {
  if (!isUuid(residentId)) throw notFound();
  const db = await getDb();
  const [resident] = await db.select().from(housingResidents).where(eq(housingResidents.id, residentId));
  if (!resident) throw notFound();
  const { application } = await visibleApplication(db, actor, resident.applicationId);
  // Someone who may see the application (the company's admin) learns the resident exists, but not who.
  if (!mayReveal(actor, resident)) throw forbidden();
  return db.transaction(async (tx) => {
    await auditView(tx, actor, resident, application);
    return fullView(resident);
  });
}

/** The primary resident's platform account, if any. */
export async function primaryResidentUserId(db: DbOrTx, applicationId: string) {
  const [primary] = await db
    .select({ userId: housingResidents.userId })
    .from(housingResidents)
    .where(and(eq(housingResidents.applicationId, applicationId), eq(housingResidents.primary, true)));
  return primary?.userId ?? null;
}
