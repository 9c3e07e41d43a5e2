// /circle/board/:id — one post: "感兴趣" for other tenants; for the poster, who is interested,
// accept or decline, close with an outcome; once accepted both sides see each other's contact
// person. Park staff may hide a post with a reason. Every form is one intent of one union. Its
// files download for whoever may see the post; its author adds and removes them through
// /circle/board/:id/attachments.
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Budget, CompanyLogo, fileSize, SkillChips, useOrgName } from "~/components/circle-ui";
import { FormErrors, SubmitButton, translateMessage } from "~/components/forms";
import { formatDate } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { MAX_ATTACHMENT_BYTES, MAX_POST_ATTACHMENTS } from "~/modules/circle/attachments.server";
import { actOnPost, getPost } from "~/modules/circle/board.server";
import { closeOutcomes, postActionSchema } from "~/modules/circle/forms";
import { requireMember } from "~/modules/identity/access.server";
import { errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import type { AttachmentAnswer } from "./circle.board.$id_.attachments";

export const meta: MetaFunction = titled("合作需求 · 生态朋友圈");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read" });
  return { ...(await getPost(member, params.id ?? "")), maxFiles: MAX_POST_ATTACHMENTS, maxFileMb: MAX_ATTACHMENT_BYTES / (1024 * 1024) };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read" });
  const submission = parseWithZod(await readForm(request), { schema: postActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), done: null }, { status: 400 });
  try {
    const done = await actOnPost(member, params.id ?? "", submission.value, await requestInfo(request, context));
    return { result: submission.reply({ resetForm: true }), done };
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data({ result, done: null }, { status });
  }
});

function Contact({ title, contact }: { title: string; contact: { name: string; email: string; title: string } }) {
  return (
    <div className="card" data-testid="circle-contact">
      <h3>{title}</h3>
      <p>
        {contact.name}
        {contact.title ? ` · ${contact.title}` : ""}
        <br />
        <a href={`mailto:${contact.email}`}>{contact.email}</a>
      </p>
    </div>
  );
}

interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/** The post's files: download links for everyone who sees the post; add and remove for its author. */
function Attachments({ postId, attachments, editable, maxFiles, maxFileMb }: { postId: string; attachments: AttachmentView[]; editable: boolean; maxFiles: number; maxFileMb: number }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<AttachmentAnswer>();
  const formRef = useRef<HTMLFormElement>(null);
  const busy = fetcher.state !== "idle";
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.done) formRef.current?.reset();
  }, [fetcher.state, fetcher.data]);
  if (attachments.length === 0 && !editable) return null;
  const action = `/circle/board/${postId}/attachments`;
  const error = fetcher.data?.error;
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
      {fetcher.data?.done ? (
        <p className="notice" role="status">
          {t(`circle.attachments.${fetcher.data.done}`)}
        </p>
      ) : null}
      {editable && attachments.length < maxFiles ? (
        <fetcher.Form method="post" action={action} encType="multipart/form-data" ref={formRef} className="filters">
          <input type="hidden" name="intent" value="upload" />
          <label htmlFor="add-attachments">{t("circle.attachments.add")}</label>
          <input id="add-attachments" type="file" name="attachments" multiple required accept="application/pdf,image/png,image/jpeg,image/webp" aria-describedby="add-attachments-hint" />
          <SubmitButton busy={busy} className="button button-small">
            {t("circle.attachments.upload")}
          </SubmitButton>
          <p id="add-attachments-hint" className="muted small">
            {t("circle.attachments.hint", { max: maxFiles, maxMb: maxFileMb })}
          </p>
        </fetcher.Form>
      ) : null}
      {error ? (
        <ul className="field-errors" role="alert">
          <li>{translateMessage(t, error)}</li>
        </ul>
      ) : null}
    </section>
  );
}

export default function CirclePost() {
  const { t, i18n } = useTranslation();
  const { post, org, skills, own, expired, interests, myInterest, posterContact, mayAnswer, mayDecide, mayModerate, attachments, mayEditAttachments, maxFiles, maxFileMb } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const orgName = useOrgName();
  const open = post.status === "open" && !expired && !post.hiddenAt;
  const errors = actionData?.result.error?.[""] ?? undefined;
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle/board">{t("circle.board.back")}</Link>
        </p>
        <p className="muted small">
          <span className="status status-pending">{t(`circle.board.${post.kind}`)}</span>{" "}
          <span className={`status status-${post.status}`}>{expired ? t("circle.board.expired") : t(`circle.board.status.${post.status}`)}</span>
          {post.outcome ? ` · ${t(`circle.board.outcomes.${post.outcome}`)}` : ""}
        </p>
        <h1>{post.title}</h1>
        <p className="lead circle-named">
          <CompanyLogo org={org} size="sm" />
          <span>
            {t("circle.board.postedBy")}: <Link to={`/circle/companies/${org.slug}`}>{orgName(org)}</Link>
          </span>
        </p>
      </header>
      {params.get("created") ? (
        <p className="notice" role="status">
          {t("circle.board.created")}
        </p>
      ) : null}
      {actionData?.done ? (
        <p className="notice" role="status">
          {translateMessage(t, actionData.done)}
        </p>
      ) : null}
      <FormErrors id="post-errors" errors={errors} />
      {post.hiddenAt ? (
        <p className="form-errors" role="status">
          {t("circle.board.hiddenNotice", { reason: post.hiddenReason ?? "" })}
        </p>
      ) : null}
      <div className="card">
        {post.body ? <p className="circle-body">{post.body}</p> : null}
        <SkillChips skills={skills} label={t("circle.board.skills")} />
        <dl className="details">
          <dt>{t("circle.board.category")}</dt>
          <dd>{post.category ? t(`categories.${post.category}`) : t("circle.board.noCategory")}</dd>
          <dt>{t("circle.board.budget")}</dt>
          <dd>
            <Budget minFen={post.budgetMinFen} maxFen={post.budgetMaxFen} />
          </dd>
          <dt>{t("circle.board.dates")}</dt>
          <dd>{post.startsOn || post.endsOn ? `${post.startsOn ?? "…"} – ${post.endsOn ?? "…"}` : "—"}</dd>
          <dt>{t("circle.board.location")}</dt>
          <dd>{post.location || "—"}</dd>
          <dt>{t("circle.board.expires")}</dt>
          <dd>{formatDate(post.expiresAt, i18n.language)}</dd>
        </dl>
      </div>

      <Attachments postId={post.id} attachments={attachments} editable={mayEditAttachments} maxFiles={maxFiles} maxFileMb={maxFileMb} />

      {posterContact ? <Contact title={t("circle.board.theirContact")} contact={posterContact} /> : null}

      {mayAnswer && !myInterest && open ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="interest" />
          <label htmlFor="interest-message">{t("circle.board.interestMessage")}</label>
          <textarea id="interest-message" name="message" rows={2} maxLength={500} />
          <SubmitButton busy={busy}>{t("circle.board.interested")}</SubmitButton>
        </Form>
      ) : null}
      {myInterest && !own ? <p className="muted">{t("circle.board.myInterest", { status: t(`circle.board.interestStatus.${myInterest.status}`) })}</p> : null}

      {own || mayModerate ? (
        <section className="stack" aria-labelledby="interests-title">
          <h2 id="interests-title">{t("circle.board.interests")}</h2>
          {interests.length === 0 ? <p className="muted">{t("circle.board.noInterests")}</p> : null}
          <ul className="list" data-testid="circle-interests">
            {interests.map((interest) => (
              <li key={interest.id} className="card">
                <p>
                  <Link to={`/circle/companies/${interest.org.slug}`}>{orgName(interest.org)}</Link> · {interest.userName}{" "}
                  <span className={`status status-${interest.status}`}>{t(`circle.board.interestStatus.${interest.status}`)}</span>
                </p>
                {interest.message ? <p className="circle-body">{interest.message}</p> : null}
                {interest.contact ? <Contact title={t("circle.board.contact")} contact={interest.contact} /> : null}
                {mayDecide && interest.status === "pending" ? (
                  <div className="filters">
                    <Form method="post">
                      <input type="hidden" name="intent" value="accept" />
                      <input type="hidden" name="interestId" value={interest.id} />
                      <SubmitButton busy={busy} className="button button-small">
                        {t("circle.board.accept")}
                      </SubmitButton>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="decline" />
                      <input type="hidden" name="interestId" value={interest.id} />
                      <SubmitButton busy={busy} className="button button-small button-secondary">
                        {t("circle.board.decline")}
                      </SubmitButton>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {mayDecide && post.status === "open" ? (
        <Form method="post" className="card filters">
          <input type="hidden" name="intent" value="close" />
          <label htmlFor="close-outcome">{t("circle.board.outcome")}</label>
          <select id="close-outcome" name="outcome" defaultValue="found_in_park">
            {closeOutcomes.map((o) => (
              <option key={o} value={o}>
                {t(`circle.board.outcomes.${o}`)}
              </option>
            ))}
          </select>
          <SubmitButton busy={busy} className="button button-small button-secondary">
            {t("circle.board.close")}
          </SubmitButton>
        </Form>
      ) : null}

      {mayModerate && !post.hiddenAt ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="hide" />
          <label htmlFor="hide-reason">{t("circle.board.hideReason")}</label>
          <input id="hide-reason" name="reason" type="text" maxLength={500} required />
          <SubmitButton busy={busy} className="button button-small button-secondary">
            {t("circle.board.hide")}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
