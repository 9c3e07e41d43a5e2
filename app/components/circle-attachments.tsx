// A board post's files: download links for everyone who sees the post; add and remove for its
// author, through /circle/board/:id/attachments with a fetcher (the upload route's larger body).
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { fileSize, useResetOnDone } from "~/components/circle-ui";
import { DoneNotice, FieldErrors, SubmitButton } from "~/components/forms";
import type { action as attachmentsAction } from "~/routes/circle.board.$id_.attachments";

interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/** What the board's file inputs take. */
export const ATTACHMENT_ACCEPT = "application/pdf,image/png,image/jpeg,image/webp";

export function PostAttachments({ postId, attachments, editable, maxFiles, maxFileMb }: { postId: string; attachments: AttachmentView[]; editable: boolean; maxFiles: number; maxFileMb: number }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof attachmentsAction>();
  const formRef = useResetOnDone(fetcher);
  const busy = fetcher.state !== "idle";
  if (attachments.length === 0 && !editable) return null;
  const action = `/circle/board/${postId}/attachments`;
  const errors = fetcher.data?.result.error;
  return (
    <section className="card" aria-labelledby="files-title" data-testid="circle-attachments">
      <h2 id="files-title">{t("circle.attachments.title")}</h2>
      {attachments.length === 0 ? <p className="muted">{t("circle.attachments.none")}</p> : null}
      <ul className="circle-files">
        {attachments.map((file) => (
          <li key={file.id}>
            <a href={`/circle/attachments/${file.id}`} download={file.filename}>
              {file.filename}
            </a>
            <span className="muted small">{fileSize(file.sizeBytes)}</span>
            {editable ? (
              <fetcher.Form method="post" action={action}>
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="attachmentId" value={file.id} />
                <button type="submit" className="button button-small button-secondary" disabled={busy} aria-label={`${t("circle.attachments.remove")} ${file.filename}`}>
                  {t("circle.attachments.remove")}
                </button>
              </fetcher.Form>
            ) : null}
          </li>
        ))}
      </ul>
      <DoneNotice message={fetcher.data?.done ? `circle.attachments.${fetcher.data.done}` : null} />
      {editable && attachments.length < maxFiles ? (
        <fetcher.Form method="post" action={action} encType="multipart/form-data" ref={formRef} className="filters">
          <input type="hidden" name="intent" value="upload" />
          <label htmlFor="add-attachments">{t("circle.attachments.add")}</label>
          <input id="add-attachments" type="file" name="attachments" multiple required accept={ATTACHMENT_ACCEPT} aria-describedby="add-attachments-hint" />
          <SubmitButton busy={busy} className="button button-small">
            {t("circle.attachments.upload")}
          </SubmitButton>
          <p id="add-attachments-hint" className="muted small">
            {t("circle.attachments.hint", { max: maxFiles, maxMb: maxFileMb })}
          </p>
        </fetcher.Form>
      ) : null}
      <FieldErrors id="add-attachments-error" errors={errors?.attachments ?? errors?.[""] ?? undefined} />
    </section>
  );
}
