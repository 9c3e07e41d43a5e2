// The housing office's rules: which status may follow which (applications, offers, leases), the
// quota check, the offer deadline and what a lapse does, the notice period for leaving early, and
// the resident ID number (GB 11643) and its masking as residents' data is shown to others.
import { describe, expect, it } from "vitest";
import { applicationSchema, parseInput, residentSchema, unitFormSchema } from "~/modules/housing/forms";
import {
  afterLapse,
  canMoveApplication,
  canMoveLease,
  canMoveOffer,
  earliestNoticeEnd,
  noticeProblem,
  offerDeadline,
  quotaAllows,
} from "~/modules/housing/rules";
import { hasPermission } from "~/modules/identity/permissions";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { isValidResidentId, maskName, maskPhone, maskResidentId, residentIdCheckCharacter } from "~/modules/platform/resident-id";

describe("application transitions", () => {
  it.each([
    ["submitted", "endorsed", true],
    ["submitted", "declined", true],
    ["submitted", "offered", false],
    ["submitted", "accepted", false],
    ["endorsed", "offered", true],
    ["endorsed", "declined", false],
    ["offered", "accepted", true],
    ["offered", "endorsed", true],
    ["accepted", "withdrawn", false],
    ["declined", "endorsed", false],
    ["rejected", "endorsed", false],
    ["withdrawn", "submitted", false],
  ] as const)("%s → %s: %s", (from, to, allowed) => {
    expect(canMoveApplication(from, to)).toBe(allowed);
  });
});

describe("offer and lease transitions", () => {
  it.each([
    ["open", "accepted", true],
    ["open", "taken", true],
    ["open", "lapsed", true],
    ["lapsed", "accepted", false],
    ["accepted", "declined", false],
    ["taken", "accepted", false],
  ] as const)("offer %s → %s: %s", (from, to, allowed) => {
    expect(canMoveOffer(from, to)).toBe(allowed);
  });

  it.each([
    ["awaiting_signature", "active", true],
    ["awaiting_signature", "cancelled", true],
    ["awaiting_signature", "ended", false],
    ["active", "ended", true],
    ["active", "awaiting_signature", false],
    ["ended", "active", false],
    ["cancelled", "active", false],
  ] as const)("lease %s → %s: %s", (from, to, allowed) => {
    expect(canMoveLease(from, to)).toBe(allowed);
  });
});

describe("the quota", () => {
  it.each([
    [{ places: 2, used: 0, pending: 0 }, true],
    [{ places: 2, used: 1, pending: 0 }, true],
    [{ places: 2, used: 1, pending: 1 }, false],
    [{ places: 2, used: 0, pending: 2 }, false],
    [{ places: 0, used: 0, pending: 0 }, false],
  ])("%o allows one more: %s", (quota, allowed) => {
    expect(quotaAllows(quota)).toBe(allowed);
  });
});

describe("offers", () => {
  it("stay open 72 hours", () => {
    const now = new Date("2026-11-20T02:00:00Z");
    expect(offerDeadline(now).toISOString()).toBe("2026-11-23T02:00:00.000Z");
  });

  it("a first lapse puts the application back on the waitlist, a second withdraws it", () => {
    expect(afterLapse(1)).toBe("endorsed");
    expect(afterLapse(2)).toBe("withdrawn");
    expect(afterLapse(3)).toBe("withdrawn");
  });
});

describe("notice to leave early", () => {
  const lease = { startsOn: "2026-09-01", endsOn: "2027-09-01" };
  it.each([
    // [today, new end, by housing, problem]
    ["2026-11-20", "2026-12-20", false, null],
    ["2026-11-20", "2026-12-19", false, "housing.errors.noticeTooShort"],
    ["2026-11-20", "2026-12-19", true, null],
    ["2026-11-20", "2026-11-21", true, null],
    ["2026-11-20", "2027-09-01", false, "housing.errors.noticeNotEarlier"],
    ["2026-11-20", "2027-10-01", true, "housing.errors.noticeNotEarlier"],
    ["2026-08-01", "2026-09-01", true, "housing.errors.endBeforeStart"],
  ] as const)("on %s ending %s (housing: %s) → %s", (today, newEndsOn, byHousing, problem) => {
    expect(noticeProblem({ today, ...lease, newEndsOn, byHousing })).toBe(problem);
  });

  it("is 30 days across a month end and a leap day", () => {
    expect(earliestNoticeEnd("2028-02-15")).toBe("2028-03-16");
    expect(earliestNoticeEnd("2026-12-15")).toBe("2027-01-14");
  });
});

describe("who is who (identity's one permission check)", () => {
  const isHousingStaff = (actor: { org: { kind: "park" | "tenant" }; role: string }) => hasPermission(actor, "housing:manage", { kind: "park" });
  const isCompanyAdmin = (actor: { org: { kind: "park" | "tenant" }; role: string }) => hasPermission(actor, "housing:endorse", { kind: "tenant" });
  it("knows the housing office and companies' owners and admins", () => {
    expect(isHousingStaff({ org: { kind: "park" }, role: "housing" })).toBe(true);
    expect(isHousingStaff({ org: { kind: "park" }, role: "admin" })).toBe(true);
    expect(isHousingStaff({ org: { kind: "park" }, role: "services" })).toBe(false);
    expect(isHousingStaff({ org: { kind: "tenant" }, role: "owner" })).toBe(false);
    expect(isCompanyAdmin({ org: { kind: "tenant" }, role: "admin" })).toBe(true);
    expect(isCompanyAdmin({ org: { kind: "tenant" }, role: "member" })).toBe(false);
    expect(isCompanyAdmin({ org: { kind: "park" }, role: "admin" })).toBe(false);
  });
});

describe("resident ID numbers (GB 11643)", () => {
  it.each([
    ["11010519491231002X", true], // the standard's own example, X check character
    ["11010519491231002x", true], // typed in lower case
    ["110105 19491231 002X", true], // with spaces
    ["110105194912310021", false], // wrong check character
    ["11010519491331002X", false], // month 13
    ["11010518990101002X", false], // before 1900
    ["1101051949123100", false], // too short
    ["A1010519491231002X", false], // not digits
  ])("%s valid: %s", (id, valid) => {
    expect(isValidResidentId(id)).toBe(valid);
  });

  it("computes the check character, X for 10", () => {
    expect(residentIdCheckCharacter("11010519491231002")).toBe("X");
    expect(residentIdCheckCharacter("1101051949123100")).toBeNull();
  });

  it.each([
    [maskResidentId, "11010519491231002X", "1101**********002X"],
    [maskResidentId, "310104199003071234", "3101**********1234"],
    [maskPhone, "13912345678", "139****5678"],
    [maskPhone, "12345", "*****"],
    [maskName, "张三", "张*"],
    [maskName, "欧阳娜娜", "欧***"],
    [maskName, "李", "*"],
  ])("%o masks %s as %s", (mask, value, masked) => {
    expect(mask(value)).toBe(masked);
  });
});

describe("the application form", () => {
  const today = parkDate();
  const valid = {
    unitType: "studio",
    moveInOn: addDaysIso(today, 10),
    moveOutOn: addDaysIso(today, 100),
    payer: "company",
    residents: [{ name: "张三", idNumber: "11010519491231002x", phone: "139 1234 5678" }],
  };

  it("accepts a good application and normalises the ID and phone", () => {
    const parsed = applicationSchema.parse(valid);
    expect(parsed.residents[0]).toMatchObject({ idNumber: "11010519491231002X", phone: "13912345678" });
  });

  it.each([
    [{ residents: [{ name: "张三", idNumber: "110105194912310021", phone: "13912345678" }] }, "residents.0.idNumber", "housing.errors.residentId"],
    [{ moveOutOn: addDaysIso(today, 5) }, "moveOutOn", "housing.errors.moveOutBeforeMoveIn"],
    [{ moveInOn: addDaysIso(today, -1) }, "moveInOn", "housing.errors.moveInPast"],
    [{ unitType: "penthouse" }, "unitType", "housing.errors.unknownUnitType"],
    [{ moveOutOn: addDaysIso(today, 20) }, "moveOutOn", "housing.errors.stayLength"],
    [{ residents: [] }, "residents", "housing.errors.residentsRequired"],
    [{ residents: [{ name: "", idNumber: "11010519491231002X", phone: "13912345678" }] }, "residents.0.name", "errors.required"],
  ])("refuses %o on %s", (change, field, message) => {
    const result = applicationSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.join(".") === field);
    expect(issue?.message).toBe(message);
    expect(() => parseInput(applicationSchema, { ...valid, ...change })).toThrow(expect.objectContaining({ code: "invalid" }));
  });

  it("reads a resident's phone with spaces and dashes but not letters", () => {
    expect(residentSchema.safeParse({ name: "李四", idNumber: "11010519491231002X", phone: "139-1234-5678" }).success).toBe(true);
    expect(residentSchema.safeParse({ name: "李四", idNumber: "11010519491231002X", phone: "call me" }).success).toBe(false);
  });
});

describe("the unit form", () => {
  const base = { buildingId: "7c9e6679-7425-40de-944b-e07fc1f90ae7", code: "a-1203", floor: "12", unitType: "studio", areaM2: "32.5", furnishing: "furnished", monthlyRent: "2,200.00", deposit: "2200" };

  it("reads rent and deposit in yuan into exact fen", () => {
    const parsed = unitFormSchema.parse(base);
    expect(parsed).toMatchObject({ code: "A-1203", floor: 12, beds: 1, monthlyRentFen: 220_000n, depositFen: 220_000n, shortStay: false, status: "available" });
  });

  it("refuses several beds in a whole unit and short stays in a shared room", () => {
    const beds = unitFormSchema.safeParse({ ...base, beds: "2" });
    expect(beds.error?.issues[0]).toMatchObject({ path: ["beds"], message: "housing.errors.bedsWholeUnit" });
    const shared = unitFormSchema.safeParse({ ...base, unitType: "shared", beds: "4", shortStay: "on" });
    expect(shared.error?.issues[0]).toMatchObject({ path: ["shortStay"], message: "housing.errors.sharedNoShortStay" });
  });
});
