// The applicant's side of a registration case, below its status: the guided intake one step at a
// time (each step saved whole and valid, or refused with every error at its field), the documents
// checklist with uploads, the submit step and cancelling. Used by /registration/:id.
import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { MissingNote } from "~/components/admission";
import { DoneNotice, Field, FieldErrors, FormErrors, TextareaField, translateMessage } from "~/components/forms";
import { DocumentFiles, DocumentState, IntakeSummary, UploadForm } from "~/components/registration-ui";
import type { CaseView } from "~/modules/registration/console.server";
import { checkCompanyName, problemMessage } from "~/modules/registration/names";
import { MAX_CANDIDATE_NAMES, scopeItems, stepAnswers, stepsForCaseType, type IntakeStep } from "~/modules/registration/intake";
import { isIntakeEditable, type RegistrationCaseType } from "~/modules/registration/workflow";

/** Where the case page is: a step of the intake, the documents, submitting, or the overview. */
export type View = IntakeStep | "documents" | "submit" | "overview";

export function viewsFor(caseType: RegistrationCaseType): View[] {
  return [...stepsForCaseType(caseType), "documents", "submit"];
}

/** A step form's errors by field name (`shareholders[0].idNumber`), as the action answered them. */
type StepErrors = Record<string, string[] | undefined>;

/** One text-like input with its label, errors (by path) and hint. */
function Input({
  name,
  label,
  errorsAt,
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
  errorsAt: StepErrors;
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
  const errors = [name, ...(errorPaths ?? [])].flatMap((p) => errorsAt[p] ?? []);
  return (
    <Field htmlFor={id} errorId={`${id}-error`} errors={errors} label={optional ? t("registration.pages.optional", { label }) : label} hint={hint}>
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
    </Field>
  );
}

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/**
 * One step of the intake. The action checks the step whole: every problem comes back at its field
 * (by the field's name), a problem of the whole step above the fields, and nothing is saved.
 */
export function StepForm({ step, view, lastResult, notice }: { step: IntakeStep; view: CaseView; lastResult: SubmissionResult<string[]> | undefined; notice: string | null }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form] = useForm({ id: `step-${step}`, lastResult });
  const busyIntent = navigation.state === "submitting" && navigation.formData?.get("step") === step ? navigation.formData.get("intent") : null;
  // What was typed (when refused) wins over what was saved.
  const typed = lastResult?.status === "error" && lastResult.initialValue ? stepAnswers(step, lastResult.initialValue) : null;
  const values = (typed ?? view.case.intake[step] ?? {}) as Record<string, unknown>;
  const errorsAt: StepErrors = form.allErrors;
  const views = viewsFor(view.case.caseType);
  const previous = views[views.indexOf(step) - 1];
  return (
    <Form method="post" className="intake-form stack" id={form.id} noValidate>
      <input type="hidden" name="step" value={step} />
      <h3>
        <span className="muted small">{t("registration.pages.stepOf", { n: views.indexOf(step) + 1, total: views.length })}</span>
        <br />
        {t(`registration.intakeSteps.${step}`)}
      </h3>
      <p className="hint">{t(`registration.pages.stepHints.${step}`)}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <DoneNotice message={lastResult?.status === "success" ? notice : null} />
      {step === "names" ? <NamesFields caseType={view.case.caseType} values={values} errorsAt={errorsAt} /> : null}
      {step === "scope" ? <ScopeFields values={values} errorsAt={errorsAt} /> : null}
      {step === "capital" ? <CapitalFields values={values} errorsAt={errorsAt} /> : null}
      {step === "shareholders" ? <ShareholderRows caseType={view.case.caseType} values={values} errorsAt={errorsAt} /> : null}
      {step === "officers" ? <OfficerFields caseType={view.case.caseType} values={values} errorsAt={errorsAt} /> : null}
      {step === "address" ? <AddressFields values={values} errorsAt={errorsAt} /> : null}
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

function NamesFields({ caseType, values, errorsAt }: { caseType: RegistrationCaseType; values: Record<string, unknown>; errorsAt: StepErrors }) {
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
              errorsAt={errorsAt}
              defaultValue={saved[i] ?? ""}
              optional={!relocation && i > 0}
              errorPaths={i === 0 ? ["candidates"] : []}
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
                      {translateMessage(t, problemMessage(p))}
                    </li>
                  ))
                )}
              </ul>
            ) : null}
          </div>
        );
      })}
      {relocation ? (
        <Input name="currentUscc" label={t("registration.pages.fields.currentUscc")} errorsAt={errorsAt} defaultValue={str(values.currentUscc)} />
      ) : null}
    </>
  );
}

function ScopeFields({ values, errorsAt }: { values: Record<string, unknown>; errorsAt: StepErrors }) {
  const { t, i18n } = useTranslation();
  const chosen = new Set(Array.isArray(values.items) ? (values.items as string[]) : []);
  const errors = Object.entries(errorsAt)
    .filter(([name]) => name === "items" || name.startsWith("items["))
    .flatMap(([, list]) => list ?? []);
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
        <FieldErrors id="scope-items-error" errors={errors} />
      </fieldset>
      <Field htmlFor="f-freeText" errorId="f-freeText-error" errors={errorsAt.freeText} label={t("registration.pages.optional", { label: t("registration.pages.fields.scopeFreeText") })} hint={t("registration.pages.hints.scopeFreeText")}>
        <textarea id="f-freeText" name="freeText" rows={3} maxLength={400} defaultValue={str(values.freeText)} />
      </Field>
    </>
  );
}

function CapitalFields({ values, errorsAt }: { values: Record<string, unknown>; errorsAt: StepErrors }) {
  const { t } = useTranslation();
  return (
    <>
      <Input
        name="capitalWan"
        label={t("registration.pages.fields.capitalWan")}
        errorsAt={errorsAt}
        defaultValue={str(values.capitalWan)}
        inputMode="decimal"
        hint={t("registration.pages.hints.capitalWan")}
      />
      <Input
        name="expectedEstablishedOn"
        type="date"
        label={t("registration.pages.fields.expectedEstablishedOn")}
        errorsAt={errorsAt}
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

function ShareholderRows({ caseType, values, errorsAt }: { caseType: RegistrationCaseType; values: Record<string, unknown>; errorsAt: StepErrors }) {
  const { t } = useTranslation();
  const limited = caseType === "limited";
  const saved = (Array.isArray(values.shareholders) ? values.shareholders : []) as RowValues[];
  const [rows, setRows] = useState<{ key: number; values: RowValues }[]>(() =>
    (saved.length ? saved : [{ kind: "person" }]).map((v, i) => ({ key: i, values: v })),
  );
  const [kinds, setKinds] = useState<Record<number, string>>(() => Object.fromEntries(rows.map((r) => [r.key, r.values.kind ?? "person"])));
  const nextKey = useRef(rows.length);
  return (
    <>
      <FieldErrors id="shareholders-error" errors={errorsAt.shareholders} />
      {rows.map((row, i) => {
        const at = (field: string) => `shareholders[${i}].${field}`;
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
                <FieldErrors id={`sh-${i}-kind-error`} errors={errorsAt[at("kind")]} />
              </div>
            ) : (
              <input type="hidden" name={at("kind")} value="person" />
            )}
            <div className="form-row">
              <Input name={at("name")} label={t(kind === "company" ? "registration.pages.fields.companyName" : "registration.pages.fields.personName")} errorsAt={errorsAt} defaultValue={str(row.values.name)} />
              {kind === "company" ? (
                <Input name={at("uscc")} label={t("registration.pages.fields.uscc")} errorsAt={errorsAt} defaultValue={str(row.values.uscc)} />
              ) : (
                <Input name={at("idNumber")} label={t("registration.pages.fields.idNumber")} errorsAt={errorsAt} defaultValue={str(row.values.idNumber)} />
              )}
              {limited ? (
                <>
                  <Input name={at("sharePercent")} label={t("registration.pages.fields.sharePercent")} errorsAt={errorsAt} defaultValue={percentOf(row.values)} inputMode="decimal" errorPaths={[at("shareBp")]} />
                  <Input name={at("subscribedWan")} label={t("registration.pages.fields.subscribedWan")} errorsAt={errorsAt} defaultValue={str(row.values.subscribedWan)} inputMode="decimal" />
                  <Input name={at("paymentDueOn")} type="date" label={t("registration.pages.fields.paymentDueOn")} errorsAt={errorsAt} defaultValue={str(row.values.paymentDueOn)} />
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

function OfficerFields({ caseType, values, errorsAt }: { caseType: RegistrationCaseType; values: Record<string, unknown>; errorsAt: StepErrors }) {
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
              <Input name={`${role}.name`} label={t("registration.pages.fields.personName")} errorsAt={errorsAt} defaultValue={str(person.name)} errorPaths={[role]} />
              <Input name={`${role}.idNumber`} label={t("registration.pages.fields.idNumber")} errorsAt={errorsAt} defaultValue={str(person.idNumber)} />
              <Input name={`${role}.phone`} type="tel" label={t("registration.pages.fields.phone")} errorsAt={errorsAt} defaultValue={str(person.phone)} inputMode="tel" autoComplete="tel" />
            </div>
          </fieldset>
        );
      })}
    </>
  );
}

function AddressFields({ values, errorsAt }: { values: Record<string, unknown>; errorsAt: StepErrors }) {
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
        <FieldErrors id="address-kind-error" errors={errorsAt.kind} />
      </fieldset>
      <p className="hint">{t(kind === "park" ? "registration.pages.hints.addressPark" : "registration.pages.hints.addressOwn")}</p>
      {kind === "own" ? <Input name="ownAddress" label={t("registration.pages.fields.ownAddress")} errorsAt={errorsAt} defaultValue={str(values.ownAddress)} /> : null}
    </>
  );
}

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
                <DocumentState uploaded={files.length > 0} owed={item.required && item.owner === "applicant"} />
              </h3>
              <DocumentFiles documents={files} removable={mayUpload && item.owner === "applicant"} />
              {mayUpload && item.owner === "applicant" ? <UploadForm idPrefix="upload" caseId={c.id} requirement={item.requirement} /> : null}
            </li>
          );
        })}
      </ul>
    </div>
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
        <MissingNote title={t("registration.pages.fixFirst")}>
          {problems.map(([path, messages]) => (
            <li key={path}>
              <Link to={`/registration/${c.id}?step=${path.split(".")[0]}`}>{t(`registration.intakeSteps.${path.split(".")[0]}`)}</Link>: {messages.map((m) => translateMessage(t, m)).join("；")}
            </li>
          ))}
        </MissingNote>
      ) : null}
      {view.missingDocuments.length > 0 ? (
        <MissingNote title={t("registration.pages.documentsMissing")}>
          {view.missingDocuments.map((item) => (
            <li key={item.requirement}>{t(item.labelKey, item.params)}</li>
          ))}
        </MissingNote>
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

export function CancelCase({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ id: "cancel", lastResult });
  return (
    <details className="card inline-panel" open={Boolean(fields.reason.errors)}>
      <summary>{t("registration.pages.cancelCase")}</summary>
      <Form
        method="post"
        id={form.id}
        noValidate
        onSubmit={(event) => {
          if (!window.confirm(t("registration.pages.confirmCancel"))) event.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value="cancel" />
        <TextareaField meta={fields.reason} label={t("registration.pages.cancelReason")} rows={2} maxLength={1000} />
        <button type="submit" className="button button-danger" disabled={busy}>
          {t("registration.pages.cancelCase")}
        </button>
      </Form>
    </details>
  );
}
