// The applicant's side of a registration case, below its status: the guided intake one step at a
// time (each step saved whole and valid, or refused with every error at its field), the documents
// checklist with uploads, the submit step and cancelling. Used by /registration/:id.
import { Form, Link, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "~/components/forms";
import { DocumentFiles, IntakeSummary } from "~/components/registration-ui";
import type { CaseView } from "~/modules/registration/console.server";
import { checkCompanyName } from "~/modules/registration/names";
import { MAX_CANDIDATE_NAMES, scopeItems, stepsForCaseType, type IntakeStep } from "~/modules/registration/intake";
import { isIntakeEditable, type RegistrationCaseType } from "~/modules/registration/workflow";

/** Where the case page is: a step of the intake, the documents, submitting, or the overview. */
export type View = IntakeStep | "documents" | "submit" | "overview";

export function viewsFor(caseType: RegistrationCaseType): View[] {
  return [...stepsForCaseType(caseType), "documents", "submit"];
}

/** What the case page's action answers: a refused or saved step with its field errors, or another intent's error. */
export type IntakeAnswer =
  | { intent: "save"; step: IntakeStep; errors: Record<string, string[]>; values: Record<string, unknown>; notice: string | null }
  | { intent: string; step?: undefined; errors: Record<string, string[]>; values?: undefined; notice: string | null; error?: string };

export function FieldMessages({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{translateMessage(t, e)}</li>
      ))}
    </ul>
  );
}

export type SaveAnswer = Extract<IntakeAnswer, { intent: "save" }> | null;

/** One text-like input with its label, errors (by path) and hint. */
function Input({
  name,
  label,
  answer,
  defaultValue,
  type = "text",
  hint,
  optional,
  onChange,
  inputMode,
  autoComplete,
  errorPaths,
}: {
  name: string;
  label: string;
  answer: SaveAnswer;
  defaultValue: string;
  type?: string;
  hint?: string;
  optional?: boolean;
  onChange?: (value: string) => void;
  inputMode?: "numeric" | "decimal" | "text" | "tel";
  autoComplete?: string;
  /** Error paths shown at this field besides its own name. */
  errorPaths?: string[];
}) {
  const { t } = useTranslation();
  const id = `f-${name.replace(/[^\w-]/g, "-")}`;
  const errors = [name, ...(errorPaths ?? [])].flatMap((p) => answer?.errors[p] ?? []);
  return (
    <div className={errors.length ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{optional ? t("registration.pages.optional", { label }) : label}</label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        inputMode={inputMode}
        autoComplete={autoComplete ?? "off"}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={errors.length ? `${id}-error` : undefined}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
      />
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldMessages id={`${id}-error`} errors={errors} />
    </div>
  );
}

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

export function StepForm({ step, view, answer }: { step: IntakeStep; view: CaseView; answer: SaveAnswer }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" && navigation.formData?.get("step") === step ? navigation.formData.get("intent") : null;
  // What was typed (when refused) wins over what was saved.
  const values = (answer?.values ?? view.case.intake[step] ?? {}) as Record<string, unknown>;
  const views = viewsFor(view.case.caseType);
  const previous = views[views.indexOf(step) - 1];
  const stepErrors = answer?.errors[""] ?? [];
  return (
    <Form method="post" className="intake-form stack" noValidate>
      <input type="hidden" name="step" value={step} />
      <h3>
        <span className="muted small">{t("registration.pages.stepOf", { n: views.indexOf(step) + 1, total: views.length })}</span>
        <br />
        {t(`registration.intakeSteps.${step}`)}
      </h3>
      <p className="hint">{t(`registration.pages.stepHints.${step}`)}</p>
      <FieldMessages id={`${step}-errors`} errors={stepErrors} />
      {answer?.notice ? (
        <p className="notice" role="status">
          {t(answer.notice)}
        </p>
      ) : null}
      {step === "names" ? <NamesFields caseType={view.case.caseType} values={values} answer={answer} /> : null}
      {step === "scope" ? <ScopeFields values={values} answer={answer} /> : null}
      {step === "capital" ? <CapitalFields values={values} answer={answer} /> : null}
      {step === "shareholders" ? <ShareholderRows caseType={view.case.caseType} values={values} answer={answer} /> : null}
      {step === "officers" ? <OfficerFields caseType={view.case.caseType} values={values} answer={answer} /> : null}
      {step === "address" ? <AddressFields values={values} answer={answer} /> : null}
      <div className="form-actions">
        <button type="submit" name="intent" value="next" className="button" disabled={Boolean(busyIntent)} aria-busy={busyIntent === "next"}>
          {busyIntent === "next" ? t("common.working") : t("registration.pages.saveNext")}
        </button>
        <button type="submit" name="intent" value="draft" className="button button-secondary" disabled={Boolean(busyIntent)} aria-busy={busyIntent === "draft"}>
          {busyIntent === "draft" ? t("common.working") : t("registration.pages.saveDraft")}
        </button>
        {previous ? <Link to={`/registration/${view.case.id}?step=${previous}`}>← {t("registration.pages.back")}</Link> : null}
      </div>
    </Form>
  );
}

function NamesFields({ caseType, values, answer }: { caseType: RegistrationCaseType; values: Record<string, unknown>; answer: SaveAnswer }) {
  const { t } = useTranslation();
  const relocation = caseType === "relocation";
  const saved = Array.isArray(values.candidates) ? (values.candidates as unknown[]).map(str) : [];
  const count = relocation ? 1 : MAX_CANDIDATE_NAMES;
  const [names, setNames] = useState<string[]>(Array.from({ length: count }, (_, i) => saved[i] ?? ""));
  return (
    <>
      {names.map((name, i) => {
        const problems = name.trim() ? checkCompanyName(name, caseType) : [];
        return (
          <div key={i}>
            <Input
              name={`candidates[${i}]`}
              label={relocation ? t("registration.pages.fields.currentName") : t("registration.pages.fields.candidate", { n: i + 1 })}
              answer={answer}
              defaultValue={saved[i] ?? ""}
              optional={!relocation && i > 0}
              errorPaths={[`candidates.${i}`, ...(i === 0 ? ["candidates"] : [])]}
              hint={i === 0 ? t(relocation ? "registration.pages.hints.currentName" : "registration.pages.hints.candidates") : undefined}
              onChange={(value) => setNames((all) => all.map((n, j) => (j === i ? value : n)))}
            />
            {name.trim() ? (
              <ul className="name-hints" aria-live="polite">
                {problems.length === 0 ? (
                  <li className="ok">✓ {t("registration.pages.nameShapeOk")}</li>
                ) : (
                  problems.map((p) => (
                    <li key={p.key + JSON.stringify(p.params)} className="warn">
                      {translateMessage(t, encodeMessageClient(p.key, p.params))}
                    </li>
                  ))
                )}
              </ul>
            ) : null}
          </div>
        );
      })}
      {relocation ? (
        <Input name="currentUscc" label={t("registration.pages.fields.currentUscc")} answer={answer} defaultValue={str(values.currentUscc)} />
      ) : null}
    </>
  );
}

/** The browser's copy of `encodeMessage` (that one lives in a server module). */
function encodeMessageClient(key: string, params: Record<string, string | number>) {
  return Object.keys(params).length ? `${key}::${JSON.stringify(params)}` : key;
}

function ScopeFields({ values, answer }: { values: Record<string, unknown>; answer: SaveAnswer }) {
  const { t, i18n } = useTranslation();
  const chosen = new Set(Array.isArray(values.items) ? (values.items as string[]) : []);
  const errors = [...(answer?.errors.items ?? []), ...Object.entries(answer?.errors ?? {}).filter(([k]) => k.startsWith("items.")).flatMap(([, v]) => v)];
  return (
    <>
      <fieldset className="scope-items" aria-describedby={errors.length ? "scope-items-error" : undefined}>
        <legend>{t("registration.pages.fields.scopeItems")}</legend>
        {scopeItems.map((item) => (
          <label key={item.code}>
            <input type="checkbox" name="items" value={item.code} defaultChecked={chosen.has(item.code)} />
            <span>
              {i18n.language === "en" ? item.en : item.zh}
              {item.licensed ? <span className="badge-soft"> {t("registration.pages.licensedItem")}</span> : null}
            </span>
          </label>
        ))}
        <FieldMessages id="scope-items-error" errors={errors} />
      </fieldset>
      <div className={answer?.errors.freeText ? "field field-invalid" : "field"}>
        <label htmlFor="f-freeText">{t("registration.pages.optional", { label: t("registration.pages.fields.scopeFreeText") })}</label>
        <textarea id="f-freeText" name="freeText" rows={3} maxLength={400} defaultValue={str(values.freeText)} />
        <p className="hint">{t("registration.pages.hints.scopeFreeText")}</p>
        <FieldMessages id="f-freeText-error" errors={answer?.errors.freeText} />
      </div>
    </>
  );
}

function CapitalFields({ values, answer }: { values: Record<string, unknown>; answer: SaveAnswer }) {
  const { t } = useTranslation();
  return (
    <>
      <Input
        name="capitalWan"
        label={t("registration.pages.fields.capitalWan")}
        answer={answer}
        defaultValue={str(values.capitalWan)}
        inputMode="decimal"
        hint={t("registration.pages.hints.capitalWan")}
      />
      <Input
        name="expectedEstablishedOn"
        type="date"
        label={t("registration.pages.fields.expectedEstablishedOn")}
        answer={answer}
        defaultValue={str(values.expectedEstablishedOn)}
        optional
        hint={t("registration.pages.hints.expectedEstablishedOn")}
      />
      <p className="warnings small">{t("registration.pages.fiveYearRule")}</p>
    </>
  );
}

interface RowValues {
  kind?: string;
  name?: string;
  idNumber?: string;
  uscc?: string;
  shareBp?: number | string;
  sharePercent?: string;
  subscribedWan?: string | null;
  paymentDueOn?: string | null;
}

function percentOf(row: RowValues) {
  if (row.sharePercent !== undefined) return str(row.sharePercent);
  if (row.shareBp === undefined || row.shareBp === null || row.shareBp === "") return "";
  const bp = Number(row.shareBp);
  return Number.isInteger(bp) ? `${Math.trunc(bp / 100)}${bp % 100 ? `.${String(bp % 100).padStart(2, "0").replace(/0$/, "")}` : ""}` : "";
}

function ShareholderRows({ caseType, values, answer }: { caseType: RegistrationCaseType; values: Record<string, unknown>; answer: SaveAnswer }) {
  const { t } = useTranslation();
  const limited = caseType === "limited";
  const saved = (Array.isArray(values.shareholders) ? values.shareholders : []) as RowValues[];
  const [rows, setRows] = useState<{ key: number; values: RowValues }[]>(() =>
    (saved.length ? saved : [{ kind: "person" }]).map((v, i) => ({ key: i, values: v })),
  );
  const [kinds, setKinds] = useState<Record<number, string>>(() => Object.fromEntries(rows.map((r) => [r.key, r.values.kind ?? "person"])));
  const nextKey = useRef(rows.length);
  const listErrors = answer?.errors.shareholders;
  return (
    <>
      <FieldMessages id="shareholders-error" errors={listErrors} />
      {rows.map((row, i) => {
        const at = (field: string) => `shareholders[${i}].${field}`;
        const errAt = (field: string) => [`shareholders.${i}.${field}`];
        const kind = kinds[row.key] ?? "person";
        return (
          <fieldset key={row.key} className="repeat-row">
            <legend>{limited ? t("registration.pages.fields.shareholderN", { n: i + 1 }) : t("registration.pages.fields.investor")}</legend>
            {limited ? (
              <div className="radio-group">
                {(["person", "company"] as const).map((k) => (
                  <label key={k}>
                    <input type="radio" name={at("kind")} value={k} defaultChecked={kind === k} onChange={() => setKinds((all) => ({ ...all, [row.key]: k }))} />
                    {t(`registration.pages.fields.kind_${k}`)}
                  </label>
                ))}
                <FieldMessages id={`sh-${i}-kind-error`} errors={answer?.errors[`shareholders.${i}.kind`]} />
              </div>
            ) : (
              <input type="hidden" name={at("kind")} value="person" />
            )}
            <div className="form-row">
              <Input name={at("name")} label={t(kind === "company" ? "registration.pages.fields.companyName" : "registration.pages.fields.personName")} answer={answer} defaultValue={str(row.values.name)} errorPaths={errAt("name")} />
              {kind === "company" ? (
                <Input name={at("uscc")} label={t("registration.pages.fields.uscc")} answer={answer} defaultValue={str(row.values.uscc)} errorPaths={errAt("uscc")} />
              ) : (
                <Input name={at("idNumber")} label={t("registration.pages.fields.idNumber")} answer={answer} defaultValue={str(row.values.idNumber)} errorPaths={errAt("idNumber")} />
              )}
              {limited ? (
                <>
                  <Input name={at("sharePercent")} label={t("registration.pages.fields.sharePercent")} answer={answer} defaultValue={percentOf(row.values)} inputMode="decimal" errorPaths={errAt("shareBp")} />
                  <Input name={at("subscribedWan")} label={t("registration.pages.fields.subscribedWan")} answer={answer} defaultValue={str(row.values.subscribedWan)} inputMode="decimal" errorPaths={errAt("subscribedWan")} />
                  <Input name={at("paymentDueOn")} type="date" label={t("registration.pages.fields.paymentDueOn")} answer={answer} defaultValue={str(row.values.paymentDueOn)} errorPaths={errAt("paymentDueOn")} />
                </>
              ) : null}
            </div>
            {limited && rows.length > 1 ? (
              <button type="button" className="link-button" onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}>
                {t("registration.pages.removeRow")}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      {limited ? (
        <p>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              const key = nextKey.current++;
              setRows((all) => [...all, { key, values: { kind: "person" } }]);
              setKinds((all) => ({ ...all, [key]: "person" }));
            }}
          >
            + {t("registration.pages.addShareholder")}
          </button>
        </p>
      ) : null}
      {limited ? <p className="hint">{t("registration.pages.hints.shares")}</p> : null}
    </>
  );
}

function OfficerFields({ caseType, values, answer }: { caseType: RegistrationCaseType; values: Record<string, unknown>; answer: SaveAnswer }) {
  const { t } = useTranslation();
  const roles = caseType === "individual" || caseType === "sole_proprietorship" ? (["legalRep", "finance"] as const) : (["legalRep", "supervisor", "finance"] as const);
  return (
    <>
      {roles.map((role) => {
        const person = (values[role] ?? {}) as Record<string, unknown>;
        const optional = role === "finance" && caseType === "individual";
        return (
          <fieldset key={role} className="repeat-row">
            <legend>{optional ? t("registration.pages.optional", { label: t(`registration.pages.fields.${role}`) }) : t(`registration.pages.fields.${role}`)}</legend>
            <p className="hint">{t(`registration.pages.hints.${role}`)}</p>
            <div className="form-row">
              <Input name={`${role}.name`} label={t("registration.pages.fields.personName")} answer={answer} defaultValue={str(person.name)} errorPaths={[role]} />
              <Input name={`${role}.idNumber`} label={t("registration.pages.fields.idNumber")} answer={answer} defaultValue={str(person.idNumber)} />
              <Input name={`${role}.phone`} type="tel" label={t("registration.pages.fields.phone")} answer={answer} defaultValue={str(person.phone)} inputMode="tel" autoComplete="tel" />
            </div>
          </fieldset>
        );
      })}
    </>
  );
}

function AddressFields({ values, answer }: { values: Record<string, unknown>; answer: SaveAnswer }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState(str(values.kind) || "park");
  return (
    <>
      <fieldset className="radio-group">
        <legend>{t("registration.pages.fields.addressKind")}</legend>
        {(["park", "own"] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="kind" value={k} defaultChecked={kind === k} onChange={() => setKind(k)} />
            {t(k === "park" ? "registration.pages.fields.addressPark" : "registration.pages.fields.addressOwn")}
          </label>
        ))}
        <FieldMessages id="address-kind-error" errors={answer?.errors.kind} />
      </fieldset>
      <p className="hint">{t(kind === "park" ? "registration.pages.hints.addressPark" : "registration.pages.hints.addressOwn")}</p>
      {kind === "own" ? <Input name="ownAddress" label={t("registration.pages.fields.ownAddress")} answer={answer} defaultValue={str(values.ownAddress)} /> : null}
    </>
  );
}

type UploadAnswer = { errors?: Record<string, string[]>; uploaded?: boolean };

export function Documents({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const c = view.case;
  // The applicant files their items while the intake is open or the desk waits for them.
  const mayUpload = view.isOwner && isIntakeEditable(c.status);
  return (
    <div className="stack">
      <h3>{t("registration.pages.documentsTitle")}</h3>
      <p className="hint">{t("registration.pages.documentsHint")}</p>
      <ul className="checklist">
        {view.checklist.map((item) => {
          const files = view.documents.filter((d) => d.requirement === item.requirement);
          return (
            <li key={item.requirement} className={`checklist-item ${files.length ? "present" : item.required && item.owner === "applicant" ? "missing" : ""}`} data-requirement={item.requirement}>
              <h3>
                {t(item.labelKey, item.params)}
                <span className="small muted">{t(`registration.pages.owner.${item.owner}`)}</span>
                {files.length ? <span className="badge-soft badge-ok">{t("registration.pages.uploaded")}</span> : item.required && item.owner === "applicant" ? <span className="badge-soft">{t("registration.pages.missing")}</span> : null}
              </h3>
              <DocumentFiles documents={files} removable={mayUpload && item.owner === "applicant"} />
              {mayUpload && item.owner === "applicant" ? <UploadForm caseId={c.id} requirement={item.requirement} /> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function UploadForm({ caseId, requirement, redirectTo }: { caseId: string; requirement: string; redirectTo?: string }) {
  const { t } = useTranslation();
  const upload = useFetcher<UploadAnswer>();
  const formRef = useRef<HTMLFormElement>(null);
  const busy = upload.state !== "idle";
  useEffect(() => {
    if (upload.state === "idle" && upload.data?.uploaded) formRef.current?.reset();
  }, [upload.state, upload.data]);
  const id = `upload-${requirement.replace(/[^\w-]/g, "-")}`;
  const errors = upload.data?.errors?.file ?? upload.data?.errors?.[""];
  return (
    <upload.Form method="post" action={`/registration/${caseId}/documents`} encType="multipart/form-data" className="upload" ref={formRef}>
      <input type="hidden" name="intent" value="upload" />
      <input type="hidden" name="requirement" value={requirement} />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      <label htmlFor={id} className="visually-hidden">
        {t("registration.pages.chooseFile")}
      </label>
      <input
        id={id}
        type="file"
        name="file"
        required
        accept="application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp"
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined}
      />
      <button type="submit" className="button button-secondary button-small" disabled={busy} aria-busy={busy}>
        {busy ? t("common.working") : t("registration.pages.upload")}
      </button>
      <FieldMessages id={`${id}-error`} errors={errors} />
    </upload.Form>
  );
}

export function Submit({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const c = view.case;
  if (c.status !== "intake") {
    return <p className="locked-note">{t("registration.pages.alreadySubmitted")}</p>;
  }
  const problems = Object.entries(view.validation.errors);
  return (
    <div className="stack">
      <p className="lead">{t("registration.pages.submitLead")}</p>
      {problems.length > 0 ? (
        <div className="banner banner-warn" role="note">
          <p>{t("registration.pages.fixFirst")}</p>
          <ul>
            {problems.map(([path, messages]) => (
              <li key={path}>
                <Link to={`/registration/${c.id}?step=${path.split(".")[0]}`}>{t(`registration.intakeSteps.${path.split(".")[0]}`)}</Link>: {messages.map((m) => translateMessage(t, m)).join("；")}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {view.missingDocuments.length > 0 ? (
        <div className="banner banner-warn" role="note">
          <p>{t("registration.pages.documentsMissing")}</p>
          <ul>
            {view.missingDocuments.map((item) => (
              <li key={item.requirement}>{t(item.labelKey, item.params)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <IntakeSummary intake={c.intake} steps={stepsForCaseType(c.caseType)} editLink={(s) => `/registration/${c.id}?step=${s}`} />
      <Form
        method="post"
        onSubmit={(event) => {
          if (!window.confirm(t("registration.pages.confirmSubmit"))) event.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value="submit" />
        <button type="submit" className="button button-large" disabled={busy || problems.length > 0}>
          {busy ? t("common.working") : t("registration.pages.submitButton")}
        </button>
      </Form>
    </div>
  );
}

export function CancelCase({ errors }: { errors: Record<string, string[]> }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <details className="card inline-panel" open={Boolean(errors.reason)}>
      <summary>{t("registration.pages.cancelCase")}</summary>
      <Form
        method="post"
        onSubmit={(event) => {
          if (!window.confirm(t("registration.pages.confirmCancel"))) event.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value="cancel" />
        <div className={errors.reason ? "field field-invalid" : "field"}>
          <label htmlFor="cancel-reason">{t("registration.pages.cancelReason")}</label>
          <textarea id="cancel-reason" name="reason" rows={2} maxLength={1000} />
          <FieldMessages id="cancel-reason-error" errors={errors.reason} />
        </div>
        <button type="submit" className="button button-danger" disabled={busy}>
          {t("registration.pages.cancelCase")}
        </button>
      </Form>
    </details>
  );
}
