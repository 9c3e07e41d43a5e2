// A case's documents: uploads filed against the checklist's items, checked by content (PDF or
// image), at most 10 MB, stored outside public/ and handed out only to the case's owner side and
// the desk. The applicant uploads their items while the intake is open (or the desk waits for
// them); the desk uploads its own (address proof for a park address, articles, the licence).
import path from "node:path";
import { and, asc, eq, isNull } from "drizzle-orm";
import { userDirectory } from "~/modules/identity/directory.server";
import { registrationDocuments, registrationEvents, type RegistrationCaseType, type RegistrationStatus } from "#db/schema/registration";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { readStoredFile, removeStoredFile, sniffContentType, storeFile, storedContentTypes } from "~/modules/platform/files.server";
import { isUuid } from "~/modules/platform/ids";
import { notify } from "~/modules/platform/notifications.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { loadCase, type LoadedCase, type RegistrationActor, type RequestMeta } from "./access.server";
import { openIntake } from "./intake-seal.server";
import { documentChecklist, isKnownRequirement, type ChecklistItem } from "./checklist";
import { problemMessage } from "./names";
import { isFinal, isIntakeEditable } from "./workflow";

const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type UploadedFile = File | { filename: string; bytes: Uint8Array };

/**
 * What is wrong with an upload's bytes — over 10 MB, or not a PDF or an image by its content — as
 * a message for the file field (the form's schema reports an empty file); null when nothing is.
 * `storeFile` checks the same again when it stores the file.
 */
export function documentFileProblem(bytes: Uint8Array | null): string | null {
  if (!bytes || bytes.byteLength === 0) return null;
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) return problemMessage({ key: "errors.fileTooLarge", params: { maxMb: Math.floor(MAX_DOCUMENT_BYTES / (1024 * 1024)) } });
  const contentType = sniffContentType(bytes);
  return contentType && storedContentTypes.includes(contentType) ? null : "errors.fileType";
}

function checklistOf(loaded: LoadedCase) {
  return documentChecklist(loaded.row.caseType as RegistrationCaseType, openIntake(loaded.row.intake));
}

/** Whether this person may add or remove a document of this checklist item on this case now. */
function assertMayFile(loaded: LoadedCase, item: ChecklistItem | undefined) {
  const status = loaded.row.status as RegistrationStatus;
  if (isFinal(status)) throw new AppError("conflict", "registration.errors.caseClosed");
  const owner = item?.owner ?? (loaded.who.isDesk ? "desk" : "applicant");
  if (owner === "desk") {
    if (!loaded.who.isDesk) throw forbidden();
    return;
  }
  if (!loaded.isOwnerSide) throw forbidden();
  if (!isIntakeEditable(status)) throw new AppError("conflict", "registration.errors.notEditable");
}

function cleanFilename(name: string) {
  const base = [...path.basename(name.replace(/\\/g, "/"))].filter((ch) => ch.charCodeAt(0) >= 0x20 && !'<>"'.includes(ch)).join("").trim();
  return (base || "document").slice(0, 200);
}

/** Files one upload against a checklist item (or `other`). */
export async function uploadDocument(actor: RegistrationActor, caseId: string, requirement: string, file: UploadedFile, meta: RequestMeta = {}) {
  const db = await getDb();
  const loaded = await loadCase(db, actor, caseId);
  const checklist = checklistOf(loaded);
  if (!isKnownRequirement(checklist, requirement)) throw new AppError("invalid", "registration.errors.unknownRequirement");
  const item = checklist.find((i) => i.requirement === requirement);
  assertMayFile(loaded, item);
  const filename = cleanFilename(file instanceof File ? file.name : file.filename);
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : file.bytes;
  const stored = await storeFile({ folder: `registration/${loaded.row.id}`, bytes, allowed: storedContentTypes, maxBytes: MAX_DOCUMENT_BYTES });
  try {
    return await db.transaction(async (tx) => {
      // Filed under the lock of the case, so a submit or a move cannot pass it by.
      const current = await loadCase(tx, actor, caseId, { forUpdate: true, who: loaded.who });
      assertMayFile(current, item);
      const [document] = await tx
        .insert(registrationDocuments)
        .values({
          caseId: current.row.id,
          requirement,
          filename,
          contentType: stored.contentType,
          sizeBytes: stored.sizeBytes,
          storagePath: stored.path,
          uploadedBy: loaded.who.userId,
        })
        .returning();
      await tx.insert(registrationEvents).values({ caseId: current.row.id, actorUserId: loaded.who.userId, kind: "document_uploaded", note: requirement });
      await recordAudit(tx, {
        actorUserId: loaded.who.userId,
        orgId: current.row.orgId,
        action: "registration.document_uploaded",
        subjectType: "registration_document",
        subjectId: document.id,
        after: { caseId: current.row.id, requirement, filename, contentType: stored.contentType, sizeBytes: stored.sizeBytes },
        ip: meta.ip ?? null,
      });
      // While the desk waits for the applicant, what they add is what the desk asked for.
      if (current.row.status === "waiting_for_applicant" && current.isOwnerSide && !loaded.who.isDesk) {
        const desk = current.row.assigneeUserId
          ? [current.row.assigneeUserId]
          : (await peopleWithPermission(tx, { park: true }, "registration:manage")).map((p) => p.userId);
        for (const userId of desk) {
          await notify(tx, { userId, kind: "registrationDocumentAdded", params: { number: current.row.number, filename }, link: `/registration/desk/${current.row.id}` });
        }
      }
      return document;
    });
  } catch (error) {
    await removeStoredFile(stored.path);
    throw error;
  }
}

async function loadDocument(actor: RegistrationActor, documentId: string) {
  if (!isUuid(documentId)) throw notFound();
  const db = await getDb();
  const [document] = await db
    .select()
    .from(registrationDocuments)
    .where(and(eq(registrationDocuments.id, documentId), isNull(registrationDocuments.removedAt)));
  if (!document) throw notFound();
  // Someone who may not see the case may not learn that the document exists either.
  const loaded = await loadCase(db, actor, document.caseId);
  return { document, loaded };
}

/** Takes a document off the case (it stays in the archive for the audit trail). */
export async function removeDocument(actor: RegistrationActor, documentId: string, meta: RequestMeta = {}) {
  const { document, loaded } = await loadDocument(actor, documentId);
  assertMayFile(loaded, checklistOf(loaded).find((i) => i.requirement === document.requirement));
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .update(registrationDocuments)
      .set({ removedAt: new Date() })
      .where(and(eq(registrationDocuments.id, document.id), isNull(registrationDocuments.removedAt)))
      .returning();
    if (!removed) throw notFound();
    await tx.insert(registrationEvents).values({ caseId: document.caseId, actorUserId: loaded.who.userId, kind: "document_removed", note: document.requirement });
    await recordAudit(tx, {
      actorUserId: loaded.who.userId,
      orgId: loaded.row.orgId,
      action: "registration.document_removed",
      subjectType: "registration_document",
      subjectId: document.id,
      before: { caseId: document.caseId, requirement: document.requirement, filename: document.filename },
      ip: meta.ip ?? null,
    });
    return removed;
  });
}

/** The file of a document, for the case's owner side and the desk; anyone else: not found. */
export async function documentForDownload(actor: RegistrationActor, documentId: string) {
  const { document } = await loadDocument(actor, documentId);
  const bytes = await readStoredFile(document.storagePath);
  return { bytes, contentType: document.contentType, filename: document.filename, sizeBytes: document.sizeBytes };
}

/**
 * The live documents of a case, in checklist order, each with the checklist item it answers
 * (null for `other` or for an item the answers no longer ask for).
 */
export async function caseDocuments(actor: RegistrationActor, caseId: string) {
  const db = await getDb();
  const loaded = await loadCase(db, actor, caseId);
  const checklist = checklistOf(loaded);
  const rows = await db
    .select({
      id: registrationDocuments.id,
      requirement: registrationDocuments.requirement,
      filename: registrationDocuments.filename,
      contentType: registrationDocuments.contentType,
      sizeBytes: registrationDocuments.sizeBytes,
      createdAt: registrationDocuments.createdAt,
      uploadedBy: registrationDocuments.uploadedBy,
      uploadedByName: userDirectory.displayName,
    })
    .from(registrationDocuments)
    .leftJoin(userDirectory, eq(userDirectory.id, registrationDocuments.uploadedBy))
    .where(and(eq(registrationDocuments.caseId, loaded.row.id), isNull(registrationDocuments.removedAt)))
    .orderBy(asc(registrationDocuments.createdAt));
  const position = (requirement: string) => {
    const index = checklist.findIndex((i) => i.requirement === requirement);
    return index < 0 ? checklist.length : index;
  };
  return rows
    .map((row) => ({ ...row, item: checklist.find((i) => i.requirement === row.requirement) ?? null }))
    .sort((a, b) => position(a.requirement) - position(b.requirement));
}
