import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { errorsOf, Field, FormErrors, resultFor, SubmitButton, translateMessage } from "~/components/forms";
import { formatDate } from "~/i18n/format";
import { requireMember } from "~/modules/identity/access.server";
import { changeMemberRole, inviteMember, listMembers, listOpenInvitations, removeMember, revokeInvitation } from "~/modules/identity/members.server";
import { assignableRoles, hasPermission } from "~/modules/identity/permissions";
import { inviteSchema, membersFormSchema } from "~/modules/identity/schemas";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { encodeMessage, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("成员");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "members:read" });
  const mayInvite = hasPermission(member, "members:invite");
  const [members, invitations] = await Promise.all([listMembers(member), mayInvite ? listOpenInvitations(member) : []]);
  return {
    org: member.org,
    me: member.user.id,
    mayInvite,
    mayManage: hasPermission(member, "members:manage"),
    assignable: assignableRoles(member.org.kind, member.role),
    members,
    invitations,
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "members:read" });
  const info = await requestInfo(request, context);
  return submitForm(
    request,
    membersFormSchema,
    (value): Promise<string> =>
      byIntent<typeof value, Promise<string>>(value, {
        invite: async ({ email, role }) => {
          await inviteMember(member, { email, role }, info);
          return encodeMessage("members.invited", { email });
        },
        revoke: async ({ invitationId }) => {
          await revokeInvitation(member, invitationId, info);
          return "members.revoked";
        },
        changeRole: async ({ membershipId, role }) => {
          await changeMemberRole(member, { membershipId, role }, info);
          return "members.roleChanged";
        },
        remove: async ({ membershipId }) => {
          await removeMember(member, membershipId, info);
          return "members.removed";
        },
      }),
    // A role the actor may not give or take is said next to the list, which stays usable.
    { resetForm: (value) => value.intent === "invite", onForm: ["errors.roleNotAllowed"] },
  );
});

export default function Members() {
  const { t, i18n } = useTranslation();
  const { org, me, mayInvite, mayManage, assignable, members, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const [form, fields] = useForm({
    id: "invite",
    lastResult: resultFor(actionData, "invite", { resets: true }),
    defaultValue: {
      role: assignable.includes("member") ? "member" : assignable[0],
    },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteSchema }),
  });
  const orgName = i18n.language === "en" ? org.nameEn : org.nameZh;
  const message = (m: string) => translateMessage(t, m);
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("members.title")}</h1>
        <p className="lead">{t("members.lead", { org: orgName })}</p>
      </header>
      {actionData?.done ? (
        <p className="notice" role="status">
          {message(actionData.done)}
        </p>
      ) : null}
      <FormErrors id="members-errors" errors={resultFor(actionData, ["revoke", "changeRole", "remove"]) && errorsOf(actionData?.result)} />
      <div className="card">
        <DataTable
          rows={members}
          rowKey={(m) => m.membershipId}
          columns={[
            {
              header: t("common.name"),
              cell: (m) => (
                <>
                  {m.displayName} {m.userId === me ? <span className="muted">{t("members.you")}</span> : null}
                  {m.title ? <div className="muted small">{m.title}</div> : null}
                </>
              ),
            },
            { header: t("common.email"), cell: (m) => m.email },
            { header: t("common.role"), cell: (m) => t(`roles.${m.role}`) },
            {
              header: t("members.joined"),
              cell: (m) => formatDate(m.joinedAt, i18n.language),
            },
            mayManage && {
              header: t("common.actions"),
              cell: (m) => (
                <div className="row-actions">
                  {assignable.length > 0 ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="changeRole" />
                      <input type="hidden" name="membershipId" value={m.membershipId} />
                      <label className="visually-hidden" htmlFor={`role-${m.membershipId}`}>
                        {t("members.changeRole")}
                      </label>
                      <select id={`role-${m.membershipId}`} name="role" defaultValue={m.role}>
                        {[...new Set([...assignable, m.role])].map((r) => (
                          <option key={r} value={r}>
                            {t(`roles.${r}`)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="button button-small button-secondary" disabled={busyIntent === "changeRole"}>
                        {t("members.changeRole")}
                      </button>
                    </Form>
                  ) : null}
                  <Form
                    method="post"
                    className="inline-form"
                    onSubmit={(event) => {
                      if (!window.confirm(t("members.confirmRemove", { name: m.displayName }))) event.preventDefault();
                    }}
                  >
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="membershipId" value={m.membershipId} />
                    <button type="submit" className="button button-small button-danger" disabled={busyIntent === "remove"}>
                      {m.userId === me ? t("members.leave") : t("members.remove")}
                    </button>
                  </Form>
                </div>
              ),
            },
          ]}
        />
      </div>
      {mayInvite ? (
        <>
          <div className="card">
            <h2>{t("members.inviteTitle")}</h2>
            <p className="hint">{t("members.inviteLead")}</p>
            <Form method="post" {...getFormProps(form)}>
              <FormErrors id={form.errorId} errors={form.errors} />
              <input type="hidden" name="intent" value="invite" />
              <div className="form-row">
                <Field label={t("common.email")} meta={fields.email}>
                  <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
                </Field>
                <Field label={t("common.role")} meta={fields.role}>
                  <select {...getSelectProps(fields.role)}>
                    {assignable.map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                </Field>
              </div>
              <SubmitButton busy={busyIntent === "invite"}>{t("members.inviteSubmit")}</SubmitButton>
            </Form>
          </div>
          <div className="card">
            <h2>{t("members.pendingTitle")}</h2>
            {invitations.length === 0 ? (
              <p className="muted">{t("members.noPending")}</p>
            ) : (
              <ul className="list">
                {invitations.map((inv) => (
                  <li key={inv.id} className="list-row">
                    <span>
                      <strong>{inv.email}</strong> · {t(`roles.${inv.role}`)}
                      <span className="muted small">
                        {" "}
                        · {t("members.invitedBy")} {inv.invitedByName} · {t("members.expires")} {formatDate(inv.expiresAt, i18n.language)}
                      </span>
                    </span>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={inv.id} />
                      <button type="submit" className="button button-small button-secondary">
                        {t("members.revoke")}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}
