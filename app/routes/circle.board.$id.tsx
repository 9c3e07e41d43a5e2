// /circle/board/:id — one post: "感兴趣" for other tenants; for the poster, who is interested,
// accept or decline, close with an outcome; once accepted both sides see each other's contact
// person. Park staff may hide a post with a reason. Every form is one intent of one union. Its
// files download for whoever may see the post; its author adds and removes them through
// /circle/board/:id/attachments.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PostAttachments } from "~/components/circle-attachments";
import { CirclePageHeader, interestTone, postKindTone, postStatusTone, ReasonForm } from "~/components/circle-page";
import { Budget, CompanyLogo, SkillChips, useOrgName } from "~/components/circle-ui";
import { DoneNotice, FormErrors, SubmitButton } from "~/components/forms";
import { ParkDate, StatusBadge } from "~/components/ui";
import { formatDate } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { MAX_ATTACHMENT_BYTES, MAX_POST_ATTACHMENTS } from "~/modules/circle/attachments.server";
import { actOnPost, getPost } from "~/modules/circle/board.server";
import { closeOutcomes, postActionSchema } from "~/modules/circle/forms";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("合作需求 · 生态朋友圈");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read" });
  return { ...(await getPost(member, params.id ?? "")), maxFiles: MAX_POST_ATTACHMENTS, maxFileMb: MAX_ATTACHMENT_BYTES / (1024 * 1024) };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read" });
  return submitForm(request, postActionSchema, async (value) => actOnPost(member, params.id ?? "", value, await requestInfo(request, context)), { resetForm: true });
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
      <CirclePageHeader
        back={{ to: "/circle/board", label: t("circle.board.back") }}
        badges={
          <>
            <StatusBadge tone={postKindTone}>{t(`circle.board.${post.kind}`)}</StatusBadge> <StatusBadge tone={postStatusTone[expired ? "expired" : post.status]}>{expired ? t("circle.board.expired") : t(`circle.board.status.${post.status}`)}</StatusBadge>
            {post.outcome ? ` · ${t(`circle.board.outcomes.${post.outcome}`)}` : ""}
          </>
        }
        title={post.title}
      >
        <p className="lead circle-named">
          <CompanyLogo org={org} size="sm" />
          <span>
            {t("circle.board.postedBy")}: <Link to={`/circle/companies/${org.slug}`}>{orgName(org)}</Link>
          </span>
        </p>
      </CirclePageHeader>
      <DoneNotice message={params.get("created") ? "circle.board.created" : null} />
      <DoneNotice message={actionData?.done} />
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
          <dd>
            {post.startsOn || post.endsOn ? (
              <>
                {post.startsOn ? <ParkDate day={post.startsOn} /> : "…"} – {post.endsOn ? <ParkDate day={post.endsOn} /> : "…"}
              </>
            ) : (
              "—"
            )}
          </dd>
          <dt>{t("circle.board.location")}</dt>
          <dd>{post.location || "—"}</dd>
          <dt>{t("circle.board.expires")}</dt>
          <dd>{formatDate(post.expiresAt, i18n.language)}</dd>
        </dl>
      </div>

      <PostAttachments postId={post.id} attachments={attachments} editable={mayEditAttachments} maxFiles={maxFiles} maxFileMb={maxFileMb} />

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
                  <StatusBadge tone={interestTone[interest.status]}>{t(`circle.board.interestStatus.${interest.status}`)}</StatusBadge>
                </p>
                {interest.message ? <p className="circle-body">{interest.message}</p> : null}
                {interest.contact ? <Contact title={t("circle.board.contact")} contact={interest.contact} /> : null}
                {mayDecide && interest.status === "pending" ? (
                  <div className="filters">
                    {(["accept", "decline"] as const).map((intent) => (
                      <Form method="post" key={intent}>
                        <input type="hidden" name="intent" value={intent} />
                        <input type="hidden" name="interestId" value={interest.id} />
                        <SubmitButton busy={busy} className={intent === "accept" ? "button button-small" : "button button-small button-secondary"}>
                          {t(`circle.board.${intent}`)}
                        </SubmitButton>
                      </Form>
                    ))}
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

      {mayModerate && !post.hiddenAt ? <ReasonForm intent="hide" id="hide-reason" label={t("circle.board.hideReason")} button={t("circle.board.hide")} busy={busy} /> : null}
    </section>
  );
}
