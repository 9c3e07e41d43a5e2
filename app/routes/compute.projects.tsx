// /compute/projects — projects and their budgets. Everyone in the company sees them; owners and
// admins create projects and change budgets (never below what a project has spent and holds).
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Card } from "~/components/ui";
import { ConformForm, DoneNotice, errorsOf, FieldErrors, InputField, resultFor, SubmitButton } from "~/components/forms";
import { creditsPlain } from "~/modules/credits/format";
import { createProjectSchema, projectsFormSchema } from "~/modules/credits/forms";
import { createProject, listProjects, setProjectBudget } from "~/modules/credits/projects.server";
import { formatCredits } from "~/modules/credits/units";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { encodeMessage, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:read", kind: "tenant" });
  const projects = await listProjects(member);
  return {
    slug: member.org.slug,
    mayManage: hasPermission(member, "credits:manage", { kind: "tenant" }),
    projects: projects.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      budgetMilli: p.budgetMilli === null ? null : String(p.budgetMilli),
      spentMilli: String(p.spentMilli),
      heldMilli: String(p.heldMilli),
      remainingMilli: p.budgetMilli === null ? null : String(p.budgetMilli - p.spentMilli - p.heldMilli),
      // Whole percent of the budget committed, for the bar (integer arithmetic).
      usedPercent: p.budgetMilli === null || p.budgetMilli === 0n ? null : Number(((p.spentMilli + p.heldMilli) * 100n) / p.budgetMilli),
    })),
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:manage", kind: "tenant" });
  const { ip } = await requestInfo(request, context);
  return submitForm(
    request,
    projectsFormSchema,
    (value): Promise<string> =>
      byIntent<typeof value, Promise<string>>(value, {
        create: async ({ code, name, budget }) => {
          await createProject(member, { code, name, budgetMilli: budget ?? null }, { ip });
          return encodeMessage("compute.projects.created", { code });
        },
        budget: async ({ projectId, budget }) => {
          await setProjectBudget(member, { projectId, budgetMilli: budget ?? null }, { ip });
          return "compute.projects.budgetSaved";
        },
      }),
    {
      resetForm: (value) => value.intent === "create",
      fieldOf: ({ messageKey }) => (messageKey === "errors.projectCodeTaken" ? { field: "code" } : messageKey === "errors.budgetBelowCommitted" ? { field: "budget" } : undefined),
    },
  );
});

export default function ComputeProjects() {
  const { t } = useTranslation();
  const { projects, mayManage, slug } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const [form, fields] = useForm({
    id: "create-project",
    lastResult: resultFor(actionData, "create", { resets: true }),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createProjectSchema }),
  });
  const budgetErrors = (projectId: string) => errorsOf(resultFor(actionData, "budget", { match: { projectId } }));
  return (
    <>
      <DoneNotice message={actionData?.done} />
      <Card id="projects-title" title={t("compute.projects.title")} hint={t("compute.projects.lead", { slug })} plainTitle>
        <DataTable
          className="projects"
          data-testid="projects"
          rows={projects}
          rowKey={(p) => p.id}
          rowProps={(p) => ({ "data-code": p.code })}
          empty={<p className="muted">{t("compute.projects.empty")}</p>}
          columns={[
            {
              header: t("compute.projects.code"),
              cell: (p) => (
                <>
                  <code>{p.code}</code>
                  <div>{p.name}</div>
                </>
              ),
            },
            {
              header: t("compute.projects.budget"),
              cell: (p) => {
                const errors = budgetErrors(p.id);
                return (
                  <>
                    {mayManage ? (
                      <Form method="post" className="inline-form budget-form">
                        <input type="hidden" name="intent" value="budget" />
                        <input type="hidden" name="projectId" value={p.id} />
                        <label className="visually-hidden" htmlFor={`budget-${p.id}`}>
                          {t("compute.projects.budgetFor", { code: p.code })}
                        </label>
                        <input
                          id={`budget-${p.id}`}
                          name="budget"
                          type="text"
                          inputMode="decimal"
                          defaultValue={p.budgetMilli === null ? "" : creditsPlain(p.budgetMilli)}
                          placeholder={t("compute.projects.noBudget")}
                          aria-invalid={errors?.length ? true : undefined}
                          aria-describedby={errors?.length ? `budget-${p.id}-errors` : undefined}
                        />
                        <button type="submit" className="button button-small button-secondary" disabled={busy === "budget"}>
                          {t("common.save")}
                        </button>
                        <FieldErrors id={`budget-${p.id}-errors`} errors={errors} />
                      </Form>
                    ) : p.budgetMilli === null ? (
                      t("compute.projects.noBudget")
                    ) : (
                      formatCredits(p.budgetMilli)
                    )}
                    {p.usedPercent !== null ? (
                      <progress className="budget-bar" max={100} value={Math.min(p.usedPercent, 100)} aria-label={t("compute.projects.usedPercent", { percent: p.usedPercent })} />
                    ) : null}
                  </>
                );
              },
            },
            { header: t("compute.projects.spent"), cell: (p) => formatCredits(p.spentMilli) },
            { header: t("compute.projects.held"), cell: (p) => formatCredits(p.heldMilli) },
            { header: t("compute.projects.remaining"), cell: (p) => (p.remainingMilli === null ? "—" : formatCredits(p.remainingMilli)) },
          ]}
        />
      </Card>
      {mayManage ? (
        <Card id="new-project-title" title={t("compute.projects.createTitle")} plainTitle>
          <ConformForm form={form}>
            <input type="hidden" name="intent" value="create" />
            <div className="form-row">
              <InputField meta={fields.code} label={t("compute.projects.code")} hint={t("compute.projects.codeHint")} autoComplete="off" />
              <InputField meta={fields.name} label={t("compute.projects.name")} autoComplete="off" />
              <InputField meta={fields.budget} label={t("compute.projects.budgetOptional")} hint={t("compute.projects.budgetHint")} inputMode="decimal" autoComplete="off" />
            </div>
            <SubmitButton busy={busy === "create"}>{t("compute.projects.createSubmit")}</SubmitButton>
          </ConformForm>
        </Card>
      ) : null}
    </>
  );
}
