// /compute/api — the company's own API keys (owners and admins create them, named, for the company
// or one project, shown once, revocable) and how a gateway reports usage and reserves credits:
// endpoints, authentication, the event's fields, statuses and reasons, with curl examples filled in
// with this company's slug and project codes.
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Field, FormErrors, resultFor, SubmitButton, translateMessage } from "~/components/forms";
import { ApiKeyTable, NewApiKey } from "~/components/new-api-key";
import { createTenantApiKey, listTenantApiKeys, revokeTenantApiKey } from "~/modules/credits/api-keys.server";
import { tenantApiKeySchema } from "~/modules/credits/forms";
import { listProjects } from "~/modules/credits/projects.server";
import { MAX_BATCH } from "~/modules/credits/usage.server";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { encodeMessage, requestInfo, siteOrigin } from "~/modules/platform/http.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:read", kind: "tenant" });
  const projects = await listProjects(member);
  const origin = siteOrigin(request);
  const projectCodes = projects.map((p) => p.code);
  const canManageKeys = hasPermission(member, "credits:manage", { kind: "tenant" });
  const keys = canManageKeys
    ? (await listTenantApiKeys(member)).map((k) => ({
        ...k,
        createdAt: k.createdAt.toISOString(),
        lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
        revokedAt: k.revokedAt?.toISOString() ?? null,
      }))
    : [];
  return {
    slug: member.org.slug,
    projectCodes,
    projectChoices: projects.map((p) => ({ id: p.id, code: p.code, name: p.name })),
    project: projectCodes[0] ?? null,
    baseUrl: `${origin}/api/v1`,
    maxBatch: MAX_BATCH,
    exampleDay: addDaysIso(parkDate(), -1),
    canManageKeys,
    keys,
  };
});

/** What the page shows after a success: a new key's value once, or the notice. */
type KeysDone = { created: { name: string; value: string } | null; message: string | null };

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:manage", kind: "tenant" });
  const { ip } = await requestInfo(request, context);
  return submitForm(
    request,
    tenantApiKeySchema,
    (value) =>
      byIntent<typeof value, Promise<KeysDone>>(value, {
        "create-key": async ({ name, projectId }) => {
          const key = await createTenantApiKey(member, { name, projectId: projectId ?? null }, { ip });
          // The only time the key's value leaves the server: it is stored as a hash.
          return { created: { name: key.name, value: key.value }, message: null };
        },
        "revoke-key": async ({ keyId }) => {
          const key = await revokeTenantApiKey(member, keyId, { ip });
          return { created: null, message: encodeMessage("compute.keys.revoked", { name: key.name }) };
        },
      }),
    { resetForm: (value) => value.intent === "create-key" },
  );
});

const endpoints = [
  { method: "GET", path: "/tenants", key: "tenants" },
  { method: "GET", path: "/tenants/:slug/balance", key: "balance" },
  { method: "GET", path: "/prices", key: "prices" },
  { method: "POST", path: "/usage", key: "usage" },
  { method: "POST", path: "/holds", key: "holdCreate" },
  { method: "GET", path: "/holds/:id", key: "holdGet" },
  { method: "POST", path: "/holds/:id/capture", key: "holdCapture" },
  { method: "POST", path: "/holds/:id/void", key: "holdVoid" },
] as const;

const fields = ["id", "tenant", "project", "meter", "model", "quantity", "started_at", "ended_at"] as const;
const meters = ["gpu_seconds", "llm_tokens_in", "llm_tokens_out"] as const;
const statuses = ["applied", "duplicate", "rejected"] as const;
const reasons = ["invalid_id", "unknown_tenant", "unknown_meter", "unknown_model", "no_price", "bad_quantity", "bad_time_range", "too_old", "in_future", "unknown_project", "budget_exceeded", "insufficient_credits"] as const;
const holdErrors = [
  ["401", "unauthorized"],
  ["400", "invalid_request"],
  ["404", "unknown_tenant"],
  ["404", "unknown_project"],
  ["409", "insufficient_credits"],
  ["409", "budget_exceeded"],
  ["409", "hold_resolved"],
  ["403", "forbidden_tenant"],
  ["403", "forbidden_project"],
  ["503", "retry"],
] as const;

export default function ComputeApi() {
  const { t } = useTranslation();
  // The examples use yesterday: a copied event must fall inside the window the API accepts.
  const { slug, project, projectCodes, baseUrl, maxBatch, exampleDay } = useLoaderData<typeof loader>();
  const projectLine = project ? `\n        "project": "${project}",` : "";
  const usageExample = `curl -X POST ${baseUrl}/usage \\
  -H "Authorization: Bearer $HAOPU_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{
    "events": [
      {
        "id": "gpu-job-7f3a-part-1",
        "tenant": "${slug}",${projectLine}
        "meter": "gpu_seconds",
        "model": "H800",
        "quantity": 28800,
        "started_at": "${exampleDay}T01:00:00+08:00",
        "ended_at": "${exampleDay}T09:00:00+08:00"
      },
      {
        "id": "llm-req-000193",
        "tenant": "${slug}",
        "meter": "llm_tokens_out",
        "model": "deepseek-v3",
        "quantity": 1200000,
        "started_at": "${exampleDay}T10:15:00+08:00",
        "ended_at": "${exampleDay}T10:15:42+08:00"
      }
    ]
  }'`;
  const usageAnswer = `{
  "results": [
    { "id": "gpu-job-7f3a-part-1", "status": "applied", "cost_milli": "144000" },
    { "id": "llm-req-000193", "status": "rejected", "reason": "insufficient_credits" }
  ],
  "applied": 1, "duplicates": 0, "rejected": 1,
  "applied_cost_milli": "144000", "applied_cost": "144"
}`;
  const holdExample = `# ${t("compute.api.holdStep1")}
curl -X POST ${baseUrl}/holds \\
  -H "Authorization: Bearer $HAOPU_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{ "id": "render-job-42", "tenant": "${slug}",${project ? ` "project": "${project}",` : ""} "amount_milli": 180000, "ttl_seconds": 43200, "description": "H800 × 8, 12 h" }'

# ${t("compute.api.holdStep2")}
curl -X POST ${baseUrl}/holds/render-job-42/capture \\
  -H "Authorization: Bearer $HAOPU_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{ "amount_milli": 126000 }'

# ${t("compute.api.holdStep3")}
curl -X POST ${baseUrl}/holds/render-job-42/void \\
  -H "Authorization: Bearer $HAOPU_API_KEY"`;
  const holdAnswer = `{
  "id": "render-job-42", "tenant": "${slug}", "status": "active",
  "amount_milli": "180000", "amount": "180",
  "captured_milli": null, "captured": null,
  "expires_at": "2026-11-20T13:00:00.000Z", "duplicate": false
}`;
  return (
    <div className="stack api-docs">
      <ApiKeys />
      <section className="card">
        <h2>{t("compute.api.title")}</h2>
        <p>{t("compute.api.lead")}</p>
        <dl className="details">
          <dt>{t("compute.api.baseUrl")}</dt>
          <dd>
            <code>{baseUrl}</code>
          </dd>
          <dt>{t("compute.api.yourSlug")}</dt>
          <dd>
            <code data-testid="tenant-slug">{slug}</code>
          </dd>
          <dt>{t("compute.api.projectCodes")}</dt>
          <dd>
            {projectCodes.length ? (
              projectCodes.map((code, i) => (
                <span key={code}>
                  {i > 0 ? "、" : null}
                  <code>{code}</code>
                </span>
              ))
            ) : (
              <Link to="/compute/projects">{t("compute.api.noProjects")}</Link>
            )}
          </dd>
          <dt>{t("compute.api.auth")}</dt>
          <dd>
            <code>Authorization: Bearer &lt;key&gt;</code>
            <p className="hint">{t("compute.api.authHint")}</p>
          </dd>
          <dt>{t("compute.api.amounts")}</dt>
          <dd>{t("compute.api.amountsHint")}</dd>
        </dl>
      </section>

      <section className="card">
        <h2>{t("compute.api.endpoints")}</h2>
        <DataTable
          className="compact"
          rows={endpoints}
          rowKey={(e) => `${e.method} ${e.path}`}
          columns={[
            {
              header: t("compute.api.endpoint"),
              cell: (e) => (
                <code>
                  {e.method} /api/v1{e.path}
                </code>
              ),
            },
            { header: t("compute.api.purpose"), cell: (e) => t(`compute.api.endpointHelp.${e.key}`, { max: maxBatch }) },
          ]}
        />
      </section>

      <section className="card">
        <h2>{t("compute.api.usageTitle")}</h2>
        <p>{t("compute.api.usageLead", { max: maxBatch })}</p>
        <pre>
          <code>{usageExample}</code>
        </pre>
        <h3>{t("compute.api.answer")}</h3>
        <pre>
          <code>{usageAnswer}</code>
        </pre>
        <h3>{t("compute.api.fields")}</h3>
        <DataTable
          className="compact"
          rows={fields}
          rowKey={(f) => f}
          columns={[
            { header: t("compute.api.field"), cell: (f) => <code>{f}</code> },
            { header: t("compute.api.meaning"), cell: (f) => t(`compute.api.fieldHelp.${f}`) },
          ]}
        />
        <h3>{t("compute.api.meters")}</h3>
        <ul>
          {meters.map((m) => (
            <li key={m}>
              <code>{m}</code> — {t(`compute.api.meterHelp.${m}`)}
            </li>
          ))}
        </ul>
        <h3>{t("compute.api.statuses")}</h3>
        <ul>
          {statuses.map((s) => (
            <li key={s}>
              <code>{s}</code> — {t(`compute.api.statusHelp.${s}`)}
            </li>
          ))}
        </ul>
        <h3>{t("compute.api.reasons")}</h3>
        <ul>
          {reasons.map((r) => (
            <li key={r}>
              <code>{r}</code> — {t(`compute.api.reasonHelp.${r}`)}
            </li>
          ))}
        </ul>
      </section>

      <section className="card">
        <h2>{t("compute.api.holdsTitle")}</h2>
        <p>{t("compute.api.holdsLead")}</p>
        <pre>
          <code>{holdExample}</code>
        </pre>
        <h3>{t("compute.api.answer")}</h3>
        <pre>
          <code>{holdAnswer}</code>
        </pre>
        <h3>{t("compute.api.holdStatuses")}</h3>
        <ul>
          {(["active", "captured", "voided", "expired"] as const).map((s) => (
            <li key={s}>
              <code>{s}</code> — {t(`compute.api.holdStatusHelp.${s}`)}
            </li>
          ))}
        </ul>
        <h3>{t("compute.api.errors")}</h3>
        <p>{t("compute.api.errorsLead")}</p>
        <ul>
          {holdErrors.map(([status, code]) => (
            <li key={`${status}-${code}`}>
              <code>
                {status} {code}
              </code>{" "}
              — {t(`compute.api.errorHelp.${code}`)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** The company's own keys: owners and admins create and revoke them; members are told whom to ask. */
function ApiKeys() {
  const { t } = useTranslation();
  const { canManageKeys, keys, projectChoices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const done = actionData?.done;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;
  const [form, fields] = useForm({
    id: "tenant-api-key",
    lastResult: resultFor(actionData, "create-key", { resets: true }),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: tenantApiKeySchema }),
  });
  if (!canManageKeys) {
    return (
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">{t("compute.keys.title")}</h2>
        <p className="muted">{t("compute.keys.adminsOnly")}</p>
      </section>
    );
  }
  return (
    <>
      {done?.created ? (
        <NewApiKey key={done.created.value} name={done.created.name} value={done.created.value} />
      ) : done?.message ? (
        <p className="notice" role="status">
          {translateMessage(t, done.message)}
        </p>
      ) : null}
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">{t("compute.keys.title")}</h2>
        <p className="hint">{t("compute.keys.lead")}</p>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="create-key" />
          <div className="form-row">
            <Field label={t("compute.keys.name")} hint={t("compute.keys.nameHint")} meta={fields.name}>
              <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
            </Field>
            <Field label={t("compute.keys.project")} hint={t("compute.keys.projectHint")} meta={fields.projectId}>
              <select {...getSelectProps(fields.projectId)}>
                <option value="">{t("compute.keys.wholeCompany")}</option>
                {projectChoices.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.code} · {p.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <SubmitButton busy={busy === "create-key"}>{t("compute.keys.submit")}</SubmitButton>
        </Form>
        <ApiKeyTable keys={keys} testId="tenant-api-keys" empty={<p className="empty-state">{t("compute.keys.empty")}</p>} revokeIntent="revoke-key" busy={busy === "revoke-key"} scope />
      </section>
    </>
  );
}
