// Every housing form reports all of its field errors in its first answer: a user who makes two
// mistakes at once sees both next to their fields, instead of fixing one and then meeting the next.
// Each case submits two (or three) wrong fields the way the page's form sends them and expects
// every one of them to be named.
import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import {
  applicationSchema,
  handoverSchema,
  maintenanceSchema,
  noticeSchema,
  offerSchema,
  prioritySchema,
  quotaSchema,
  renewSchema,
  unitFormSchema,
} from "~/modules/housing/forms";
import { depositDeductionSchema, meterReadingSchema, reportRepairSchema } from "~/modules/housing/repair-forms";
import { addDaysIso, parkDate } from "~/modules/platform/dates";

const today = parkDate();
const UNIT = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const APPLICATION = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

/** Zod issues → field errors keyed by their path ("residents.0.idNumber"). */
function fieldErrorsOf(issues: { path: (string | number)[]; message: string }[]) {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) (errors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return errors;
}

/** What the page would show: the errors of each field, by the field's name. */
function errorsOf(schema: { safeParse: (input: unknown) => { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } } }, input: unknown) {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error!.issues);
}

describe("the apartment application (as the browser posts it)", () => {
  const valid: Record<string, string> = {
    unitType: "studio",
    moveInOn: addDaysIso(today, 10),
    moveOutOn: addDaysIso(today, 100),
    payer: "company",
    "residents[0].name": "张三",
    "residents[0].idNumber": "11010519491231002X",
    "residents[0].phone": "13912345678",
  };
  const submit = (change: Record<string, string>) => {
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...valid, ...change })) form.append(name, value);
    const submission = parseWithZod(form, { schema: applicationSchema });
    if (submission.status !== "error") expect.fail(`the form was ${submission.status}`);
    return submission.error ?? {};
  };

  it("accepts the valid form (so the cases below fail only for what they change)", () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(valid)) form.append(name, value);
    expect(parseWithZod(form, { schema: applicationSchema }).status).toBe("success");
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    [
      "no unit type chosen and a move-in day in the past",
      { unitType: "", moveInOn: addDaysIso(today, -1) },
      { unitType: "housing.errors.unknownUnitType", moveInOn: "housing.errors.moveInPast" },
    ],
    [
      "a wrong ID number and a move-out before the move-in",
      { "residents[0].idNumber": "110105194912310021", moveOutOn: addDaysIso(today, 5) },
      { "residents[0].idNumber": "housing.errors.residentId", moveOutOn: "housing.errors.moveOutBeforeMoveIn" },
    ],
    [
      "an empty resident name and a stay that is too short",
      { "residents[0].name": "", moveOutOn: addDaysIso(today, 20) },
      { "residents[0].name": "errors.required", moveOutOn: "housing.errors.stayLength" },
    ],
    [
      "an unknown payer, a bad phone and a past move-in",
      { payer: "landlord", "residents[0].phone": "call me", moveInOn: addDaysIso(today, -3) },
      { payer: "errors.invalidChoice", "residents[0].phone": "errors.phone", moveInOn: "housing.errors.moveInPast" },
    ],
    [
      "an empty phone and two residents in a shared room",
      {
        unitType: "shared",
        "residents[0].phone": "",
        "residents[1].name": "李四",
        "residents[1].idNumber": "11010519491231002X",
        "residents[1].phone": "13912345679",
      },
      { "residents[0].phone": "errors.required", residents: "housing.errors.sharedOneResident" },
    ],
    [
      "a move-out before the move-in and two residents in a shared room",
      {
        unitType: "shared",
        moveOutOn: addDaysIso(today, 9),
        "residents[1].name": "李四",
        "residents[1].idNumber": "11010519491231002X",
        "residents[1].phone": "13912345679",
      },
      { moveOutOn: "housing.errors.moveOutBeforeMoveIn", residents: "housing.errors.sharedOneResident" },
    ],
    [
      "a move-in day that is not a date and an empty ID number",
      { moveInOn: "2027-02-30", "residents[0].idNumber": "" },
      { moveInOn: "errors.date", "residents[0].idNumber": "errors.required" },
    ],
  ])("%s: every error at once", (_, change, expected) => {
    const errors = submit(change);
    for (const [field, message] of Object.entries(expected)) expect(errors[field], field).toContain(message);
  });
});

describe("the unit form (housing console)", () => {
  const valid = { buildingId: UNIT, code: "A-1203", floor: "12", unitType: "studio", beds: "1", areaM2: "32.5", furnishing: "furnished", monthlyRent: "2,200.00", deposit: "2200", status: "available" };

  it("accepts the valid form", () => {
    expect(unitFormSchema.safeParse(valid).success).toBe(true);
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    ["a rent that is not an amount and a bad unit code", { monthlyRent: "about 2000", code: "!" }, { monthlyRent: "errors.amountFormat", code: "housing.errors.unitCode" }],
    ["a bad deposit, a floor that is not a number and no area", { deposit: "12.345", floor: "twelve", areaM2: "" }, { deposit: "errors.amountFormat", floor: "housing.errors.number", areaM2: "housing.errors.decimal" }],
    ["an empty rent and two beds in a studio", { monthlyRent: "", beds: "2" }, { monthlyRent: "errors.amountFormat", beds: "housing.errors.bedsWholeUnit" }],
    ["a zero rent and a short-stay shared room", { monthlyRent: "0", unitType: "shared", beds: "4", shortStay: "on" }, { monthlyRent: "errors.amountPositive", shortStay: "housing.errors.sharedNoShortStay" }],
    ["an unknown type and an unknown furnishing", { unitType: "penthouse", furnishing: "gold" }, { unitType: "housing.errors.unknownUnitType", furnishing: "errors.invalidChoice" }],
    ["no building and a bad code", { buildingId: "", code: "" }, { buildingId: "errors.invalidChoice", code: "housing.errors.unitCode" }],
  ])("%s: every error at once", (_, change, expected) => {
    const errors = errorsOf(unitFormSchema, { ...valid, ...change });
    for (const [field, message] of Object.entries(expected)) expect(errors[field], field).toContain(message);
  });

  it("names the fields the page shows: rent and deposit, not the fen they become", () => {
    const errors = errorsOf(unitFormSchema, { ...valid, monthlyRent: "-5", deposit: "x" });
    expect(Object.keys(errors).sort()).toEqual(["deposit", "monthlyRent"]);
  });
});

describe("the offer (waitlist)", () => {
  const valid = { applicationId: APPLICATION, unitId: UNIT, bedNo: "0", startsOn: addDaysIso(today, 10), endsOn: addDaysIso(today, 200), reason: "排队第一" };

  it("accepts the valid form", () => {
    expect(offerSchema.safeParse(valid).success).toBe(true);
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    ["a bed that is not a number and an end before the start", { bedNo: "x", endsOn: addDaysIso(today, 5) }, { bedNo: "housing.errors.number", endsOn: "housing.errors.endBeforeStart" }],
    ["no unit chosen, no reason and an end before the start", { unitId: "", reason: "", endsOn: addDaysIso(today, 10) }, { unitId: "errors.invalidChoice", reason: "errors.required", endsOn: "housing.errors.endBeforeStart" }],
    ["a start that is not a date and no reason", { startsOn: "tomorrow", reason: "  " }, { startsOn: "errors.date", reason: "errors.required" }],
  ])("%s: every error at once", (_, change, expected) => {
    const errors = errorsOf(offerSchema, { ...valid, ...change });
    for (const [field, message] of Object.entries(expected)) expect(errors[field], field).toContain(message);
  });
});

describe("the console's lease forms", () => {
  it("check-in and check-out: wrong key count, wrong meter readings and a note with markup, all at once", () => {
    const errors = errorsOf(handoverSchema, { keys: "two", accessCards: "-1", electricityKwh: "12,5", waterM3: "abc", note: "<b>" });
    expect(errors).toMatchObject({
      keys: ["housing.errors.number"],
      accessCards: ["housing.errors.numberRange"],
      electricityKwh: ["housing.errors.decimal"],
      waterM3: ["housing.errors.decimal"],
      note: ["errors.noAngleBrackets"],
    });
  });

  it("notice and renewal: a day that is not a date is named on the end day", () => {
    expect(errorsOf(noticeSchema, { endsOn: "2027-13-01" })).toEqual({ endsOn: ["errors.date"] });
    expect(errorsOf(renewSchema, { endsOn: "" })).toEqual({ endsOn: ["errors.date"] });
  });

  it("a deduction: no description and an amount that is not money, at once", () => {
    expect(errorsOf(depositDeductionSchema, { descriptionZh: "", descriptionEn: "<x>", amount: "lots" })).toEqual({
      descriptionZh: ["errors.required"],
      descriptionEn: ["errors.noAngleBrackets"],
      amount: ["errors.amountFormat"],
    });
    expect(errorsOf(depositDeductionSchema, { descriptionZh: "墙", amount: "0" })).toEqual({ descriptionZh: ["errors.required"], amount: ["errors.amountPositive"] });
  });

  it("a monthly meter reading: a bad day and both meters wrong, at once", () => {
    expect(errorsOf(meterReadingSchema, { readOn: "2027-02-30", electricityKwh: "-1", waterM3: "1.234" })).toEqual({
      readOn: ["errors.date"],
      electricityKwh: ["housing.errors.meterValue"],
      waterM3: ["housing.errors.meterValue"],
    });
  });

  it("a maintenance block: an end before the start and no note, at once", () => {
    const errors = errorsOf(maintenanceSchema, { unitId: UNIT, from: addDaysIso(today, 5), to: addDaysIso(today, 2), note: "" });
    expect(errors).toEqual({ to: ["housing.errors.endBeforeStart"], note: ["errors.required"] });
  });

  it("a maintenance block: no start day sent at all and no note", () => {
    const errors = errorsOf(maintenanceSchema, { unitId: UNIT, from: null, to: addDaysIso(today, 2), note: null });
    expect(errors).toEqual({ from: ["errors.required"], note: ["errors.required"] });
  });

  it("quota and priority: a bad number and no reason, at once", () => {
    expect(errorsOf(quotaSchema, { places: "many", note: "" })).toEqual({ places: ["housing.errors.number"], note: ["errors.required"] });
    expect(errorsOf(prioritySchema, { priority: "1000", reason: "" })).toEqual({ priority: ["housing.errors.numberRange"], reason: ["errors.required"] });
  });
});

describe("the repair report", () => {
  it("no category and too short a description, at once", () => {
    expect(errorsOf(reportRepairSchema, { category: "", description: "漏" })).toEqual({
      category: ["housing.errors.repairCategory"],
      description: ["housing.errors.repairDescription"],
    });
  });

  it("a lease that is not an id and a description with markup, at once", () => {
    expect(errorsOf(reportRepairSchema, { leaseId: "42", category: "plumbing", description: "<script>水管漏水</script>" })).toEqual({
      leaseId: ["errors.invalidChoice"],
      description: ["errors.noAngleBrackets"],
    });
  });
});
