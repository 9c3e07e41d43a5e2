// /housing/console/units/:id — create a unit (id "new") or edit one: building, code, floor, type,
// beds, area, rent and deposit in yuan, furnishing, short stays, descriptions and status; its
// photos (uploaded through /housing/console/uploads/:id) and maintenance blocks.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldErrors, FormErrors, InputField, SelectField, TextareaField } from "~/components/forms";
import { PageErrors, useLastResult, type FormFields } from "~/components/housing-forms";
import { RedirectNotice, useT } from "~/components/housing-ui";
import { furnishings, unitFromForm, unitPageForms, unitStatuses } from "~/modules/housing/forms";
import { blockForMaintenance } from "~/modules/housing/occupancy.server";
import { createUnit, getUnit, listBuildings, MAX_UNIT_PHOTOS, updateUnit } from "~/modules/housing/units.server";
import { unitTypes } from "#db/schema/housing-values";
import { fenToYuanString } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
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

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  return submitForm(request, unitPageForms, (form) =>
    byIntent(form, {
      save: async ({ intent: _intent, ...fields }) => {
        const input = unitFromForm(fields);
        const unit = id === "new" ? await createUnit(member, input) : await updateUnit(member, id, input);
        return redirect(`/housing/console/units/${unit.id}?done=${id === "new" ? "created" : "saved"}`);
      },
      block: async ({ from, to, note }) => {
        await blockForMaintenance(member, { unitId: id, from, to, note });
        return redirect(`/housing/console/units/${id}?done=blocked`);
      },
    }),
  );
});

const doneKeys: Record<string, string> = {
  created: "housing.console.created",
  saved: "housing.pages.saved",
  blocked: "housing.console.blocked",
  photo: "housing.pages.saved",
};

type UnitEditorData = SerializeFrom<typeof loader>;

/** The unit itself; keyed by the unit, so a unit just created opens with its own values. */
function UnitForm({ unit, buildings, busy }: { unit: UnitEditorData["unit"]; buildings: UnitEditorData["buildings"]; busy: boolean }) {
  const { t, en } = useT();
  const [form, fields] = useForm<FormFields<"buildingId" | "code" | "floor" | "unitType" | "beds" | "areaM2" | "monthlyRent" | "deposit" | "furnishing" | "status" | "shortStay" | "descriptionZh" | "descriptionEn">>({
    id: "unit",
    lastResult: useLastResult({ intent: "save" }),
    defaultValue: {
      buildingId: unit?.buildingId ?? buildings[0]?.id ?? "",
      code: unit?.code ?? "",
      floor: String(unit?.floor ?? 1),
      unitType: unit?.unitType ?? "studio",
      beds: String(unit?.beds ?? 1),
      areaM2: unit?.areaM2 ?? "",
      monthlyRent: unit?.monthlyRent ?? "",
      deposit: unit?.deposit ?? "",
      furnishing: unit?.furnishing ?? "furnished",
      status: unit?.status ?? "available",
      shortStay: unit?.shortStay ? "on" : "",
      descriptionZh: unit?.descriptionZh ?? "",
      descriptionEn: unit?.descriptionEn ?? "",
    },
  });
  const select = (meta: typeof fields.unitType, label: string, options: readonly { value: string; label: string }[]) => <SelectField meta={meta} label={label} options={options} />;
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <input type="hidden" name="intent" value="save" />
      <div className="form-row">
        {select(
          fields.buildingId,
          t("housing.console.building"),
          buildings.map((b) => ({ value: b.id, label: en ? b.nameEn : b.nameZh })),
        )}
        <InputField meta={fields.code} label={t("housing.console.code")} maxLength={32} autoCapitalize="characters" />
        <InputField meta={fields.floor} label={t("housing.console.floorLabel")} type="number" step={1} />
      </div>
      <div className="form-row">
        {select(
          fields.unitType,
          t("housing.console.unitType"),
          unitTypes.map((type) => ({ value: type, label: t(`housing.pages.unitTypes.${type}`) })),
        )}
        <InputField meta={fields.beds} label={t("housing.console.beds")} hint={t("housing.console.bedsHint")} type="number" min={1} max={12} step={1} />
        <InputField meta={fields.areaM2} label={t("housing.console.areaM2")} inputMode="decimal" />
      </div>
      <div className="form-row">
        <InputField meta={fields.monthlyRent} label={t("housing.console.rentYuan")} inputMode="decimal" />
        <InputField meta={fields.deposit} label={t("housing.console.depositYuan")} inputMode="decimal" />
      </div>
      <div className="form-row">
        {select(
          fields.furnishing,
          t("housing.console.furnishingLabel"),
          furnishings.map((f) => ({ value: f, label: t(`housing.pages.furnishing.${f}`) })),
        )}
        {select(
          fields.status,
          t("housing.console.unitStatus"),
          unitStatuses.map((status) => ({ value: status, label: t(`housing.pages.unitStatus.${status}`) })),
        )}
      </div>
      <div className="field">
        <label className="check">
          <input {...getInputProps(fields.shortStay, { type: "checkbox" })} /> {t("housing.console.shortStay")}
        </label>
        <FieldErrors id={fields.shortStay.errorId} errors={fields.shortStay.errors} />
      </div>
      <TextareaField meta={fields.descriptionZh} label={t("housing.console.descriptionZh")} rows={2} maxLength={2000} />
      <TextareaField meta={fields.descriptionEn} label={t("housing.console.descriptionEn")} rows={2} maxLength={2000} />
      <button type="submit" className="button" disabled={busy}>
        {t("housing.console.save")}
      </button>
    </Form>
  );
}

export default function UnitEditor() {
  const { t } = useT();
  const { buildings, unit, today } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const photoError = params.get("photoError");
  const [blockForm, blockFields] = useForm<FormFields<"from" | "to" | "note">>({ id: "block", lastResult: useLastResult({ intent: "block" }), defaultValue: { from: today, to: addDaysIso(today, 3) } });
  return (
    <>
      <p>
        <Link to="/housing/console/units">← {t("housing.console.unitsTitle")}</Link>
      </p>
      <h2>{unit ? t("housing.console.editUnit", { code: unit.code }) : t("housing.console.newUnit")}</h2>
      <RedirectNotice keys={doneKeys} />
      <FormErrors id="photo-errors" errors={photoError ? [photoError] : undefined} />
      <PageErrors />
      <UnitForm key={unit?.id ?? "new"} unit={unit} buildings={buildings} busy={busy} />

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

          <Form method="post" {...getFormProps(blockForm)} className="card stack">
            <h3 className="card-title">{t("housing.console.maintenanceTitle")}</h3>
            <p className="hint">{t("housing.console.maintenanceLead")}</p>
            <input type="hidden" name="intent" value="block" />
            <div className="form-row">
              <InputField meta={blockFields.from} label={t("housing.console.from")} type="date" />
              <InputField meta={blockFields.to} label={t("housing.console.to")} type="date" />
            </div>
            <InputField meta={blockFields.note} label={t("housing.console.note")} maxLength={500} />
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("housing.console.blockSubmit")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
