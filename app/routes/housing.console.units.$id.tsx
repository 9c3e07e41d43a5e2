// /housing/console/units/:id — create a unit (id "new") or edit one: building, code, floor, type,
// beds, area, rent and deposit in yuan, furnishing, short stays, descriptions and status; its
// photos (uploaded through /housing/console/uploads/:id) and maintenance blocks.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldErrors, translateMessage } from "~/components/forms";
import { fieldErrorsOf, useT } from "~/components/housing-ui";
import { furnishings, maintenanceSchema, unitFormSchema, unitStatuses } from "~/modules/housing/forms";
import { blockForMaintenance } from "~/modules/housing/occupancy.server";
import { createUnit, getUnit, listBuildings, MAX_UNIT_PHOTOS, updateUnit } from "~/modules/housing/units.server";
import { unitTypes } from "#db/schema/housing-values";
import { fenToYuanString } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const buildings = await listBuildings(await getDb());
  const id = params.id ?? "";
  const row = id === "new" ? null : await getUnit(member, id);
  const unit = row?.unit ?? null;
  return {
    buildings: buildings.map((b) => ({ id: b.id, nameZh: b.nameZh, nameEn: b.nameEn })),
    unit: unit
      ? {
          ...unit,
          monthlyRent: fenToYuanString(unit.monthlyRentFen),
          deposit: fenToYuanString(unit.depositFen),
          photos: unit.photos.map((p, index) => ({ index, filename: p.filename })),
        }
      : null,
    today: parkDate(),
    maxPhotos: MAX_UNIT_PHOTOS,
  };
});

type Answer = { intent: string; fieldErrors?: Record<string, string[]>; error?: string };

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const fail = (status: number, answer: Omit<Answer, "intent">) => data<Answer>({ intent, ...answer }, { status });
  try {
    if (intent === "save") {
      const raw = Object.fromEntries([...form].filter(([, v]) => typeof v === "string"));
      const parsed = unitFormSchema.safeParse(raw);
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      const unit = id === "new" ? await createUnit(member, parsed.data) : await updateUnit(member, id, parsed.data);
      return redirect(`/housing/console/units/${unit.id}?done=${id === "new" ? "created" : "saved"}`);
    }
    if (intent === "block") {
      const parsed = maintenanceSchema.safeParse({ unitId: id, from: form.get("from"), to: form.get("to"), note: form.get("note") });
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      await blockForMaintenance(member, parsed.data);
      return redirect(`/housing/console/units/${id}?done=blocked`);
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      const message = encodeMessage(error.messageKey, error.params);
      const field = typeof error.params.field === "string" ? error.params.field : "";
      return fail(error.code === "invalid" ? 422 : 409, field ? { fieldErrors: { [field]: [message] } } : { error: message });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

const doneKeys: Record<string, string> = {
  created: "housing.console.created",
  saved: "housing.pages.saved",
  blocked: "housing.console.blocked",
  photo: "housing.pages.saved",
};

export default function UnitEditor() {
  const { t, en } = useT();
  const { buildings, unit, today } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = params.get("done");
  const photoError = params.get("photoError");
  const errors = answer?.intent === "save" ? (answer.fieldErrors ?? {}) : {};
  const blockErrors = answer?.intent === "block" ? (answer.fieldErrors ?? {}) : {};
  const err = (...names: string[]) => names.flatMap((n) => errors[n] ?? []);
  const input = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement>, hint?: string, errorNames: string[] = [name]) => (
    <div className={err(...errorNames).length ? "field field-invalid" : "field"}>
      <label htmlFor={`unit-${name}`}>{label}</label>
      <input id={`unit-${name}`} name={name} aria-describedby={`unit-${name}-errors`} {...props} />
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldErrors id={`unit-${name}-errors`} errors={err(...errorNames)} />
    </div>
  );
  return (
    <>
      <p>
        <Link to="/housing/console/units">← {t("housing.console.unitsTitle")}</Link>
      </p>
      <h2>{unit ? t("housing.console.editUnit", { code: unit.code }) : t("housing.console.newUnit")}</h2>
      {done && doneKeys[done] ? (
        <p className="notice" role="status">
          {t(doneKeys[done])}
        </p>
      ) : null}
      {photoError ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, photoError)}
        </p>
      ) : null}
      {answer?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, answer.error)}
        </p>
      ) : null}
      <Form method="post" className="card" key={unit?.id ?? "new"}>
        <input type="hidden" name="intent" value="save" />
        <div className="form-row">
          <div className={err("buildingId").length ? "field field-invalid" : "field"}>
            <label htmlFor="unit-buildingId">{t("housing.console.building")}</label>
            <select id="unit-buildingId" name="buildingId" defaultValue={unit?.buildingId ?? buildings[0]?.id ?? ""}>
              {buildings.map((b) => (
                <option key={b.id} value={b.id}>
                  {en ? b.nameEn : b.nameZh}
                </option>
              ))}
            </select>
            <FieldErrors id="unit-buildingId-errors" errors={err("buildingId")} />
          </div>
          {input("code", t("housing.console.code"), { type: "text", defaultValue: unit?.code ?? "", maxLength: 32, autoCapitalize: "characters" })}
          {input("floor", t("housing.console.floorLabel"), { type: "number", defaultValue: unit?.floor ?? 1, step: 1 })}
        </div>
        <div className="form-row">
          <div className={err("unitType").length ? "field field-invalid" : "field"}>
            <label htmlFor="unit-unitType">{t("housing.console.unitType")}</label>
            <select id="unit-unitType" name="unitType" defaultValue={unit?.unitType ?? "studio"}>
              {unitTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`housing.pages.unitTypes.${type}`)}
                </option>
              ))}
            </select>
            <FieldErrors id="unit-unitType-errors" errors={err("unitType")} />
          </div>
          {input("beds", t("housing.console.beds"), { type: "number", defaultValue: unit?.beds ?? 1, min: 1, max: 12, step: 1 }, t("housing.console.bedsHint"))}
          {input("areaM2", t("housing.console.areaM2"), { type: "text", inputMode: "decimal", defaultValue: unit?.areaM2 ?? "" })}
        </div>
        <div className="form-row">
          {input("monthlyRent", t("housing.console.rentYuan"), { type: "text", inputMode: "decimal", defaultValue: unit?.monthlyRent ?? "" }, undefined, ["monthlyRent", "monthlyRentFen"])}
          {input("deposit", t("housing.console.depositYuan"), { type: "text", inputMode: "decimal", defaultValue: unit?.deposit ?? "" }, undefined, ["deposit", "depositFen"])}
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor="unit-furnishing">{t("housing.console.furnishingLabel")}</label>
            <select id="unit-furnishing" name="furnishing" defaultValue={unit?.furnishing ?? "furnished"}>
              {furnishings.map((f) => (
                <option key={f} value={f}>
                  {t(`housing.pages.furnishing.${f}`)}
                </option>
              ))}
            </select>
            <FieldErrors id="unit-furnishing-errors" errors={err("furnishing")} />
          </div>
          <div className="field">
            <label htmlFor="unit-status">{t("housing.console.unitStatus")}</label>
            <select id="unit-status" name="status" defaultValue={unit?.status ?? "available"}>
              {unitStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`housing.pages.unitStatus.${s}`)}
                </option>
              ))}
            </select>
            <FieldErrors id="unit-status-errors" errors={err("status")} />
          </div>
        </div>
        <div className="field">
          <label className="check">
            <input type="checkbox" name="shortStay" defaultChecked={unit?.shortStay ?? false} /> {t("housing.console.shortStay")}
          </label>
          <FieldErrors id="unit-shortStay-errors" errors={err("shortStay")} />
        </div>
        <div className="field">
          <label htmlFor="unit-descriptionZh">{t("housing.console.descriptionZh")}</label>
          <textarea id="unit-descriptionZh" name="descriptionZh" rows={2} maxLength={2000} defaultValue={unit?.descriptionZh ?? ""} />
          <FieldErrors id="unit-descriptionZh-errors" errors={err("descriptionZh")} />
        </div>
        <div className="field">
          <label htmlFor="unit-descriptionEn">{t("housing.console.descriptionEn")}</label>
          <textarea id="unit-descriptionEn" name="descriptionEn" rows={2} maxLength={2000} defaultValue={unit?.descriptionEn ?? ""} />
          <FieldErrors id="unit-descriptionEn-errors" errors={err("descriptionEn")} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t("housing.console.save")}
        </button>
      </Form>

      {unit ? (
        <>
          <div className="card stack">
            <h3 className="card-title">{t("housing.console.photosTitle")}</h3>
            {unit.photos.length === 0 ? (
              <p className="hint">{t("housing.console.noPhotos")}</p>
            ) : (
              <div className="unit-photos">
                {unit.photos.map((p) => (
                  <img key={p.index} src={`/housing/units/${unit.id}/photos/${p.index}`} alt={t("housing.pages.photoAlt", { unit: unit.code, n: p.index + 1 })} loading="lazy" />
                ))}
              </div>
            )}
            <Form method="post" action={`/housing/console/uploads/${unit.id}`} encType="multipart/form-data" className="inline-form">
              <label htmlFor="unit-photo" className="visually-hidden">
                {t("housing.console.addPhoto")}
              </label>
              <input id="unit-photo" type="file" name="photo" accept="image/png,image/jpeg,image/webp" required />
              <button type="submit" className="button button-small" disabled={busy}>
                {t("housing.console.addPhoto")}
              </button>
            </Form>
          </div>

          <Form method="post" className="card stack">
            <h3 className="card-title">{t("housing.console.maintenanceTitle")}</h3>
            <p className="hint">{t("housing.console.maintenanceLead")}</p>
            <input type="hidden" name="intent" value="block" />
            <div className="form-row">
              <div className="field">
                <label htmlFor="block-from">{t("housing.console.from")}</label>
                <input id="block-from" type="date" name="from" defaultValue={today} />
                <FieldErrors id="block-from-errors" errors={blockErrors.from} />
              </div>
              <div className="field">
                <label htmlFor="block-to">{t("housing.console.to")}</label>
                <input id="block-to" type="date" name="to" defaultValue={addDaysIso(today, 3)} />
                <FieldErrors id="block-to-errors" errors={blockErrors.to} />
              </div>
            </div>
            <div className="field">
              <label htmlFor="block-note">{t("housing.console.note")}</label>
              <input id="block-note" type="text" name="note" maxLength={500} />
              <FieldErrors id="block-note-errors" errors={blockErrors.note} />
            </div>
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("housing.console.blockSubmit")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
