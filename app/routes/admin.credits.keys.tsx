// /admin/credits/keys — API keys for the compute gateway (the GPU scheduler, the LLM gateway).
// A new key is shown once, right after it is created; only its hash is kept. Park admins only.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApiKeyTable, NewApiKey } from "~/components/new-api-key";
import { Field, FormErrors, resultFor, SubmitButton, translateMessage } from "~/components/forms";
import { createApiKey, listApiKeys, revokeApiKey } from "~/modules/credits/api-keys.server";
import { apiKeySchema, gatewayKeysSchema } from "~/modules/credits/forms";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { encodeMessage } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:admin", kind: "park" });
  const keys = await listApiKeys(member);
  return {
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    })),
  };
});

/** What the page shows after a success: a new key's value once, and the notice. */
type KeysDone = { created: { name: string; prefix: string; value: string } | null; message: string };

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:admin", kind: "park" });
  return submitForm(
    request,
    gatewayKeysSchema,
    (value) =>
      byIntent<typeof value, Promise<KeysDone>>(value, {
        create: async ({ name }) => {
          const { key, value: secret } = await createApiKey(member, name);
          // The only time the key's value leaves the server: it is stored as a hash.
          return { created: { name: key!.name, prefix: key!.prefix, value: secret }, message: encodeMessage("creditsAdmin.keys.created", { name: key!.name }) };
        },
        revoke: async ({ keyId }) => {
          await revokeApiKey(member, keyId);
          return { created: null, message: "creditsAdmin.keys.revoked" };
        },
      }),
    { resetForm: (value) => value.intent === "create" },
  );
});

export default function CreditsAdminKeys() {
  const { t } = useTranslation();
  const { keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const done = actionData?.done;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? (navigation.formData?.get("intent") ?? "create") : null;
  const [form, fields] = useForm({
    id: "api-key",
    lastResult: resultFor(actionData, "create", { resets: true }),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: apiKeySchema }),
  });
  return (
    <>
      {done?.created ? (
        <NewApiKey key={done.created.value} name={done.created.name} value={done.created.value} />
      ) : done ? (
        <p className="notice" role="status">
          {translateMessage(t, done.message)}
        </p>
      ) : null}
      <section className="card" aria-labelledby="key-form-title">
        <h2 id="key-form-title">{t("creditsAdmin.keys.formTitle")}</h2>
        <p className="hint">{t("creditsAdmin.keys.formLead")}</p>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="create" />
          <Field label={t("creditsAdmin.keys.name")} hint={t("creditsAdmin.keys.nameHint")} meta={fields.name}>
            <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
          </Field>
          <SubmitButton busy={busy === "create"}>{t("creditsAdmin.keys.submit")}</SubmitButton>
        </Form>
      </section>
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">{t("creditsAdmin.keys.title")}</h2>
        <ApiKeyTable keys={keys} testId="api-keys" empty={<p className="muted">{t("creditsAdmin.keys.empty")}</p>} revokeIntent="revoke" busy={busy === "revoke"} />
      </section>
    </>
  );
}
