// /circle/board — the collaboration board: open posts looking for or offering help, our own posts,
// and the form to post one, with up to MAX_POST_ATTACHMENTS files (PDF or images; the path is in
// UPLOAD_ROUTES for the larger body). A refused file is shown next to the file field; nothing is posted.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Budget, CompanyLogo, SkillChips, useOrgName, useSkillName } from "~/components/circle-ui";
import { Field, FieldErrors, FormErrors, SubmitButton } from "~/components/forms";
import { formatDate } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { MAX_ATTACHMENT_BYTES, MAX_POST_ATTACHMENTS } from "~/modules/circle/attachments.server";
import { createPost, listPosts } from "~/modules/circle/board.server";
import { categories, postKinds, postSchema } from "~/modules/circle/forms";
import { listSkills } from "~/modules/circle/profiles.server";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm, replyError, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("合作广场 · 生态朋友圈");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read" });
  const params = new URL(request.url).searchParams;
  const kind = postKinds.find((k) => k === params.get("kind"));
  const mine = params.get("mine") === "1" && member.org.kind === "tenant";
  const viewer = member.org.kind === "park" ? ({ kind: "staff", member } as const) : ({ kind: "member", member } as const);
  const [posts, skills] = await Promise.all([listPosts(viewer, { kind, mine }), listSkills()]);
  return {
    kind: kind ?? "",
    mine,
    posts,
    skills: skills.map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn })),
    mayPost: hasPermission(member, "circle:post", { kind: "tenant" }),
    maxFiles: MAX_POST_ATTACHMENTS,
    maxFileMb: MAX_ATTACHMENT_BYTES / (1024 * 1024),
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:post", kind: "tenant" });
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: postSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const files = await Promise.all(
    form
      .getAll("attachments")
      .filter((value): value is File => value instanceof File && value.size > 0)
      .map(async (file) => ({ filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  let postId: string;
  try {
    postId = (await createPost(member, submission.value, await requestInfo(request, context), { files })).id;
  } catch (error) {
    // What is wrong with a file is shown next to the file field.
    if (error instanceof AppError && error.code === "invalid" && (error.messageKey.startsWith("errors.file") || error.messageKey === "errors.circleTooManyAttachments")) {
      return data(submission.reply({ fieldErrors: { attachments: [encodeMessage(error.messageKey, error.params)] } }), { status: 400 });
    }
    return replyError(submission, error);
  }
  return redirect(`/circle/board/${postId}?created=1`);
});

/** The post form's fields as the browser holds them (all text). */
interface PostForm {
  intent: string;
  kind: string;
  title: string;
  body: string;
  category: string;
  skillIds: string[];
  budgetMin: string;
  budgetMax: string;
  startsOn: string;
  endsOn: string;
  location: string;
  expiresInDays: string;
  attachments: string;
}

export default function CircleBoard() {
  const { t, i18n } = useTranslation();
  const { kind, mine, posts, skills, mayPost, maxFiles, maxFileMb } = useLoaderData<typeof loader>();
  const orgName = useOrgName();
  const skillName = useSkillName();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<PostForm>({ id: "circle-post", lastResult, defaultValue: { kind: "looking", expiresInDays: "30" }, shouldValidate: "onSubmit" });
  const tab = (to: string, label: string, active: boolean) => (
    <Link to={to} className={active ? "button button-small" : "button button-small button-secondary"} aria-current={active ? "page" : undefined}>
      {label}
    </Link>
  );
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle">{t("circle.profile.back")}</Link>
        </p>
        <h1>{t("circle.board.title")}</h1>
        <p className="lead">{t("circle.board.lead")}</p>
      </header>
      <nav className="filters" aria-label={t("circle.board.title")}>
        {tab("/circle/board", t("circle.board.all"), !kind && !mine)}
        {tab("/circle/board?kind=looking", t("circle.board.looking"), kind === "looking")}
        {tab("/circle/board?kind=offering", t("circle.board.offering"), kind === "offering")}
        {mayPost ? tab("/circle/board?mine=1", t("circle.board.mine"), mine) : null}
      </nav>
      {posts.length === 0 ? (
        <p className="empty-state card">{t("circle.board.empty")}</p>
      ) : (
        <ul className="circle-grid" data-testid="circle-posts">
          {posts.map(({ post, org, skills: postSkills, attachmentCount }) => (
            <li key={post.id} className="card circle-card">
              <p className="muted small circle-named">
                <CompanyLogo org={org} size="sm" />
                <span>
                  <span className="status status-pending">{t(`circle.board.${post.kind}`)}</span> {orgName(org)}
                  {post.status === "closed" ? <span className="status"> {t("circle.board.status.closed")}</span> : null}
                  {post.hiddenAt ? <span className="status status-void"> {t("circle.hiddenBadge")}</span> : null}
                </span>
              </p>
              <h3>
                <Link to={`/circle/board/${post.id}`}>{post.title}</Link>
              </h3>
              <SkillChips skills={postSkills} label={t("circle.board.skills")} />
              <p className="muted small">
                {t("circle.board.budget")}: <Budget minFen={post.budgetMinFen} maxFen={post.budgetMaxFen} /> · {t("circle.board.expires")} {formatDate(post.expiresAt, i18n.language)}
                {attachmentCount ? ` · ${t("circle.attachments.count", { count: attachmentCount })}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
      {mayPost ? (
        <Form method="post" className="card" {...getFormProps(form)} encType="multipart/form-data">
          <h2>{t("circle.board.newPost")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="create" />
          <Field label={t("circle.board.kind")} htmlFor={fields.kind.id} errors={fields.kind.errors} errorId={fields.kind.errorId}>
            <select {...getSelectProps(fields.kind)}>
              {postKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`circle.board.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("circle.board.postTitle")} htmlFor={fields.title.id} errors={fields.title.errors} errorId={fields.title.errorId}>
            <input {...getInputProps(fields.title, { type: "text" })} maxLength={120} />
          </Field>
          <Field label={t("circle.board.body")} htmlFor={fields.body.id} errors={fields.body.errors} errorId={fields.body.errorId}>
            <textarea {...getTextareaProps(fields.body)} rows={4} />
          </Field>
          <Field label={t("circle.board.category")} htmlFor={fields.category.id} errors={fields.category.errors} errorId={fields.category.errorId}>
            <select {...getSelectProps(fields.category)}>
              <option value="">{t("circle.board.noCategory")}</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {t(`categories.${c}`)}
                </option>
              ))}
            </select>
          </Field>
          <fieldset className="check-grid">
            <legend>{t("circle.board.skills")}</legend>
            {skills.map((s) => (
              <label key={s.id}>
                <input type="checkbox" name="skillIds" value={s.id} />
                {skillName(s)}
              </label>
            ))}
            <FieldErrors id={fields.skillIds.errorId} errors={fields.skillIds.errors} />
          </fieldset>
          <div className="form-row">
            <Field label={t("circle.board.budgetMin")} htmlFor={fields.budgetMin.id} errors={fields.budgetMin.errors} errorId={fields.budgetMin.errorId}>
              <input {...getInputProps(fields.budgetMin, { type: "text" })} inputMode="decimal" />
            </Field>
            <Field label={t("circle.board.budgetMax")} htmlFor={fields.budgetMax.id} errors={fields.budgetMax.errors} errorId={fields.budgetMax.errorId}>
              <input {...getInputProps(fields.budgetMax, { type: "text" })} inputMode="decimal" />
            </Field>
          </div>
          <div className="form-row">
            <Field label={t("circle.board.startsOn")} htmlFor={fields.startsOn.id} errors={fields.startsOn.errors} errorId={fields.startsOn.errorId}>
              <input {...getInputProps(fields.startsOn, { type: "date" })} />
            </Field>
            <Field label={t("circle.board.endsOn")} htmlFor={fields.endsOn.id} errors={fields.endsOn.errors} errorId={fields.endsOn.errorId}>
              <input {...getInputProps(fields.endsOn, { type: "date" })} />
            </Field>
          </div>
          <div className="form-row">
            <Field label={t("circle.board.location")} htmlFor={fields.location.id} errors={fields.location.errors} errorId={fields.location.errorId}>
              <input {...getInputProps(fields.location, { type: "text" })} maxLength={200} />
            </Field>
            <Field label={t("circle.board.expiresInDays")} htmlFor={fields.expiresInDays.id} errors={fields.expiresInDays.errors} errorId={fields.expiresInDays.errorId}>
              <input {...getInputProps(fields.expiresInDays, { type: "number" })} min={1} max={90} inputMode="numeric" />
            </Field>
          </div>
          <Field
            label={t("circle.attachments.title")}
            hint={t("circle.attachments.hint", { max: maxFiles, maxMb: maxFileMb })}
            htmlFor={fields.attachments.id}
            errors={fields.attachments.errors}
            errorId={fields.attachments.errorId}
          >
            <input id={fields.attachments.id} name="attachments" type="file" multiple accept="application/pdf,image/png,image/jpeg,image/webp" aria-describedby={fields.attachments.errors ? fields.attachments.errorId : undefined} />
          </Field>
          <SubmitButton busy={busy}>{t("circle.board.submit")}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
