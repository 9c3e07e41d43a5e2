// /circle/board — the collaboration board: open posts looking for or offering help, our own posts,
// and the form to post one, with up to MAX_POST_ATTACHMENTS files (PDF or images; the path is in
// UPLOAD_ROUTES for the larger body). A refused file is shown next to the file field; nothing is posted.
import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ATTACHMENT_ACCEPT } from "~/components/circle-attachments";
import { CardGrid, CirclePageHeader, hiddenTone, postKindTone } from "~/components/circle-page";
import { Budget, CompanyLogo, SkillChecks, SkillChips, useOrgName } from "~/components/circle-ui";
import { Field, FormErrors, InputField, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import { StatusBadge, Tabs } from "~/components/ui";
import { formatDate } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { MAX_ATTACHMENT_BYTES, MAX_POST_ATTACHMENTS } from "~/modules/circle/attachments.server";
import { createPost, listPosts } from "~/modules/circle/board.server";
import { categories, isFileError, newPostSchema, postKinds, readUploads } from "~/modules/circle/forms";
import { listSkills } from "~/modules/circle/profiles.server";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
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
  return submitForm(
    request,
    newPostSchema,
    async ({ attachments, ...post }) => {
      const made = await createPost(member, post, await requestInfo(request, context), { files: await readUploads(attachments) });
      return redirect(`/circle/board/${made.id}?created=1`);
    },
    // What is wrong with a file is shown next to the file field.
    { fieldOf: (error) => (isFileError(error) ? { field: "attachments", status: 400 } : undefined) },
  );
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
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<PostForm>({ id: "circle-post", lastResult, defaultValue: { kind: "looking", expiresInDays: "30" }, shouldValidate: "onSubmit" });
  return (
    <section className="stack">
      <CirclePageHeader back={{ to: "/circle", label: t("circle.profile.back") }} title={t("circle.board.title")} lead={t("circle.board.lead")} />
      <Tabs
        label={t("circle.board.title")}
        items={[
          { to: "/circle/board", label: t("circle.board.all"), current: !kind && !mine },
          { to: "/circle/board?kind=looking", label: t("circle.board.looking"), current: kind === "looking" },
          { to: "/circle/board?kind=offering", label: t("circle.board.offering"), current: kind === "offering" },
          ...(mayPost ? [{ to: "/circle/board?mine=1", label: t("circle.board.mine"), current: mine }] : []),
        ]}
      />
      <CardGrid items={posts} itemKey={({ post }) => post.id} empty={t("circle.board.empty")} testId="circle-posts">
        {({ post, org, skills: postSkills, attachmentCount }) => (
          <>
            <p className="muted small circle-named">
              <CompanyLogo org={org} size="sm" />
              <span>
                <StatusBadge tone={postKindTone}>{t(`circle.board.${post.kind}`)}</StatusBadge> {orgName(org)}
                {post.status === "closed" ? <> <StatusBadge tone="neutral">{t("circle.board.status.closed")}</StatusBadge></> : null}
                {post.hiddenAt ? <> <StatusBadge tone={hiddenTone}>{t("circle.hiddenBadge")}</StatusBadge></> : null}
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
          </>
        )}
      </CardGrid>
      {mayPost ? (
        <Form method="post" className="card" {...getFormProps(form)} encType="multipart/form-data">
          <h2>{t("circle.board.newPost")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="create" />
          <SelectField label={t("circle.board.kind")} meta={fields.kind} options={postKinds.map((k) => ({ value: k, label: t(`circle.board.${k}`) }))} />
          <InputField label={t("circle.board.postTitle")} meta={fields.title} maxLength={120} />
          <TextareaField label={t("circle.board.body")} meta={fields.body} rows={4} />
          <SelectField label={t("circle.board.category")} meta={fields.category} placeholder={t("circle.board.noCategory")} options={categories.map((c) => ({ value: c, label: t(`categories.${c}`) }))} />
          <SkillChecks legend={t("circle.board.skills")} meta={fields.skillIds} skills={skills} />
          <div className="form-row">
            <InputField label={t("circle.board.budgetMin")} meta={fields.budgetMin} inputMode="decimal" />
            <InputField label={t("circle.board.budgetMax")} meta={fields.budgetMax} inputMode="decimal" />
          </div>
          <div className="form-row">
            <InputField label={t("circle.board.startsOn")} meta={fields.startsOn} type="date" />
            <InputField label={t("circle.board.endsOn")} meta={fields.endsOn} type="date" />
          </div>
          <div className="form-row">
            <InputField label={t("circle.board.location")} meta={fields.location} maxLength={200} />
            <InputField label={t("circle.board.expiresInDays")} meta={fields.expiresInDays} type="number" min={1} max={90} inputMode="numeric" />
          </div>
          <Field label={t("circle.attachments.title")} hint={t("circle.attachments.hint", { max: maxFiles, maxMb: maxFileMb })} meta={fields.attachments}>
            <input id={fields.attachments.id} name="attachments" type="file" multiple accept={ATTACHMENT_ACCEPT} aria-describedby={fields.attachments.errors ? fields.attachments.errorId : undefined} />
          </Field>
          <SubmitButton busy={busy}>{t("circle.board.submit")}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
