// The pure rules of company registration: the shape of a company name, each intake step's checks
// and the full check on submit, the state machine, the documents checklist and the yearly duties.
import { describe, expect, it } from "vitest";
import { residentIdCheckCharacter } from "~/modules/platform/resident-id";
import { usccCheckCharacter } from "~/modules/platform/uscc";
import { documentChecklist, documentLabel, missingApplicantItems } from "~/modules/registration/checklist";
import { dutyState, upcomingDuties, yearlyDuties } from "~/modules/registration/duties";
import { bpToPercent, fenToWan, percentToBp, validateIntake, validateStep, wanToFen } from "~/modules/registration/intake";
import { checkCompanyName } from "~/modules/registration/names";
import { addWorkingDays, canTransition, defaultDueDays, nextStep, progressPercent, stepOwner, stepsFor } from "~/modules/registration/workflow";

const id = (n: number) => {
  const first17 = `31010119900101${String(n).padStart(3, "0")}`;
  return first17 + residentIdCheckCharacter(first17);
};
const wrongId = (n: number) => id(n).slice(0, 17) + (id(n)[17] === "0" ? "1" : "0");
const USCC = "91310117MA1KJ2G3A" + usccCheckCharacter("91310117MA1KJ2G3A");
const WRONG_USCC = USCC.slice(0, 17) + (USCC[17] === "0" ? "1" : "0");
const keys = (problems: { key: string }[]) => problems.map((p) => p.key.replace("registration.errors.", ""));

describe("checkCompanyName", () => {
  it.each([
    ["上海星河影视文化有限公司", "limited"],
    ["上海市星河影视有限责任公司", "limited"],
    ["上海市松江区星河影视文化有限公司", "limited"],
    ["星河（上海）影视文化有限公司", "limited"],
    ["上海星河影视工作室（个人独资）", "sole_proprietorship"],
    ["上海星河文化传播中心", "sole_proprietorship"],
    ["上海星河影视工作室", "individual"],
  ] as const)("accepts %s for a %s case", (name, caseType) => {
    expect(checkCompanyName(name, caseType)).toEqual([]);
  });

  it("asks for the organisational form of each kind of case", () => {
    expect(keys(checkCompanyName("上海星河影视文化", "limited"))).toContain("nameFormLimited");
    expect(keys(checkCompanyName("上海星河影视", "individual"))).toContain("nameFormIndividual");
    expect(keys(checkCompanyName("上海星河影视", "sole_proprietorship"))).toContain("nameFormSole");
    // An individual business or sole proprietorship may not call itself a company.
    expect(keys(checkCompanyName("上海星河影视有限公司", "individual"))).toContain("nameNoCompanyWord");
  });

  it("names each word that needs special approval, with its own message", () => {
    const problems = checkCompanyName("上海中国星河国际影视有限公司", "limited");
    const restricted = problems.filter((p) => p.key === "registration.errors.nameRestrictedWord").map((p) => p.params.word);
    expect(restricted).toEqual(["中国", "国际"]);
    expect(checkCompanyName("上海中华影视有限公司", "limited").find((p) => p.key.endsWith("nameRestrictedWord"))?.params).toEqual({ word: "中华" });
  });

  it("needs the region, the industry and a trade name of 2–6 characters", () => {
    expect(keys(checkCompanyName("北京星河影视文化有限公司", "limited"))).toEqual(["nameRegion"]);
    expect(keys(checkCompanyName("上海星河有限公司", "limited"))).toEqual(["nameIndustry"]);
    expect(checkCompanyName("上海星影视有限公司", "limited")).toEqual([
      { key: "registration.errors.nameTradeNameLength", params: { min: 2, max: 6, length: 1 } },
    ]);
    expect(checkCompanyName("上海星河灿烂银汉迢迢影视有限公司", "limited")[0]).toMatchObject({ key: "registration.errors.nameTradeNameLength", params: { length: 8 } });
  });

  it("refuses other characters, naming the first, and names that are too long", () => {
    expect(checkCompanyName("上海Star影视有限公司", "limited")[0]).toEqual({ key: "registration.errors.nameCharacters", params: { char: "S" } });
    expect(keys(checkCompanyName(`上海${"星".repeat(50)}影视有限公司`, "limited"))).toContain("nameTooLong");
    expect(keys(checkCompanyName("   ", "limited"))).toEqual(["nameRequired"]);
  });

  it("checks only characters and length for a relocating company's existing name", () => {
    expect(checkCompanyName("北京星河影视文化有限公司", "relocation")).toEqual([]);
  });
});

const shareholders = (list: Record<string, unknown>[]) => ({ shareholders: list });
const person = (n: number, extra: Record<string, unknown> = {}) => ({ kind: "person", name: `股东${n}`, idNumber: id(n), subscribedWan: "50", paymentDueOn: "2028-12-31", ...extra });
const capitalIntake = (wan: string) => ({ capital: { capitalFen: String(wanToFen(wan)) } });

describe("intake steps", () => {
  it("converts 万元 to fen and basis points to percent exactly", () => {
    expect(wanToFen("100")).toBe(100_000_000n);
    expect(wanToFen("10.5")).toBe(10_500_000n);
    expect(wanToFen("0.000001")).toBe(1n);
    expect(wanToFen("1.0000001")).toBeNull();
    expect(wanToFen("-1")).toBeNull();
    expect(fenToWan(10_500_000n)).toBe("10.5");
    expect(percentToBp("33.33")).toBe(3333);
    expect(bpToPercent(9999)).toBe("99.99");
  });

  it("refuses shares adding up to 99.99 %, naming the total", () => {
    const result = validateStep("limited", "shareholders", shareholders([person(1, { shareBp: 5000 }), person(2, { shareBp: 4999 })]), capitalIntake("100"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.shareholders).toContainEqual({ key: "registration.errors.sharesTotal", params: { total: "99.99" } });
  });

  it("names the shareholder whose resident ID or USCC has a wrong check character", () => {
    const result = validateStep(
      "limited",
      "shareholders",
      shareholders([person(1, { shareBp: 5000 }), person(2, { shareBp: 2500, idNumber: wrongId(2) }), { kind: "company", name: "某公司", uscc: WRONG_USCC, shareBp: 2500, subscribedWan: "0", paymentDueOn: "2028-12-31" }]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors["shareholders.1.idNumber"]).toEqual([{ key: "registration.errors.shareholderIdCheck", params: { n: 2 } }]);
    expect(result.errors["shareholders.2.uscc"]).toEqual([{ key: "registration.errors.shareholderUsccCheck", params: { n: 3 } }]);
  });

  it("needs a payment date for every subscription, and subscriptions adding up to the capital", () => {
    const noDate = validateStep("limited", "shareholders", shareholders([person(1, { shareBp: 10000, subscribedWan: "100", paymentDueOn: "" })]), capitalIntake("100"));
    expect(noDate.ok).toBe(false);
    if (!noDate.ok) expect(noDate.errors["shareholders.0.paymentDueOn"]).toEqual([{ key: "registration.errors.paymentDateRequired", params: { n: 1 } }]);

    const short = validateStep("limited", "shareholders", shareholders([person(1, { shareBp: 5000 }), person(2, { shareBp: 5000, subscribedWan: "40" })]), capitalIntake("100"));
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.errors.shareholders).toEqual([{ key: "registration.errors.subscriptionTotal", params: { total: "90", capital: "100" } }]);
  });

  it("refuses, at its field, a payment date more than five years after establishment (2024 Company Law)", () => {
    const intake = { capital: { capitalFen: String(wanToFen("100")), expectedEstablishedOn: "2026-01-10" } };
    const late = validateStep("limited", "shareholders", shareholders([person(1, { shareBp: 10000, subscribedWan: "100", paymentDueOn: "2031-01-11" })]), intake);
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.errors["shareholders.0.paymentDueOn"]).toEqual([{ key: "registration.errors.paymentAfterFiveYears", params: { n: 1, limit: "2031-01-10", years: 5 } }]);
    const onTime = validateStep("limited", "shareholders", shareholders([person(1, { shareBp: 10000, subscribedWan: "100", paymentDueOn: "2031-01-10" })]), intake);
    expect(onTime.ok).toBe(true);
    // Without an expected date, the five years run from today.
    const fromToday = validateStep("limited", "shareholders", shareholders([person(1, { shareBp: 10000, subscribedWan: "100", paymentDueOn: "2031-12-08" })]), capitalIntake("100"), "2026-12-07");
    expect(fromToday.ok).toBe(false);
    if (!fromToday.ok) expect(fromToday.errors["shareholders.0.paymentDueOn"]?.[0]?.params).toMatchObject({ limit: "2031-12-07" });
    const whole = validateIntake("limited", { ...capitalIntake("100"), shareholders: { shareholders: [person(1, { shareBp: 10000, subscribedWan: "100", paymentDueOn: "2031-12-08" })] } }, "2026-12-07");
    expect(whole.errors["shareholders.shareholders.0.paymentDueOn"]?.[0]?.key).toBe("registration.errors.paymentAfterFiveYears");
  });

  it("needs a capital above zero for a limited company and none for an individual business", () => {
    const none = validateStep("limited", "capital", { capitalWan: "" });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.errors.capitalWan).toEqual([{ key: "registration.errors.capitalRequired", params: {} }]);
    const saved = validateStep("limited", "capital", { capitalWan: "12.5" });
    expect(saved.ok && saved.data).toMatchObject({ capitalFen: "12500000", capitalWan: "12.5" });
    const individual = validateStep("individual", "capital", { capitalWan: "10" });
    expect(individual.ok).toBe(false);
  });

  it("checks each candidate name, with its position", () => {
    const result = validateStep("limited", "names", { candidates: ["上海星河影视文化有限公司", "上海中国影视有限公司"] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors["candidates.1"]).toEqual([{ key: "registration.errors.nameRestrictedWord", params: { word: "中国", n: 2 } }]);
    const tooMany = validateStep("limited", "names", { candidates: Array.from({ length: 6 }, (_, i) => `上海星河${"一二三四五六"[i]}影视有限公司`) });
    expect(tooMany.ok).toBe(false);
  });

  it("keeps the supervisor apart from the legal representative and checks every officer's ID", () => {
    const officer = (n: number) => ({ name: `人${n}`, idNumber: id(n), phone: "13800000000" });
    const same = validateStep("limited", "officers", { legalRep: officer(1), supervisor: officer(1), finance: officer(3) });
    expect(same.ok).toBe(false);
    if (!same.ok) expect(same.errors["supervisor.idNumber"]).toEqual([{ key: "registration.errors.supervisorIsLegalRep", params: {} }]);
    const wrong = validateStep("limited", "officers", { legalRep: { ...officer(1), idNumber: wrongId(1) }, supervisor: officer(2), finance: officer(3) });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.errors["legalRep.idNumber"]).toEqual([{ key: "registration.errors.legalRepIdCheck", params: {} }]);
  });

  it("only knows the park's scope items and keeps free text to 200 characters", () => {
    expect(validateStep("limited", "scope", { items: ["film_shooting"], freeText: "" }).ok).toBe(true);
    expect(validateStep("limited", "scope", { items: ["casino"] }).ok).toBe(false);
    expect(validateStep("limited", "scope", { items: ["film_shooting"], freeText: "影".repeat(201) }).ok).toBe(false);
  });

  it("reports every missing step of the case type on submit", () => {
    const { errors } = validateIntake("individual", {});
    expect(Object.keys(errors).sort()).toEqual(["address", "names", "officers", "scope", "shareholders"]);
  });
});

describe("the state machine", () => {
  it("moves a new company one desk step at a time, the applicant submitting and answering", () => {
    expect(canTransition("intake", "materials_complete", "applicant")).toBe(true);
    expect(canTransition("intake", "materials_complete", "desk")).toBe(false);
    expect(canTransition("materials_complete", "name_approved", "desk")).toBe(true);
    expect(canTransition("materials_complete", "filed", "desk")).toBe(false);
    expect(canTransition("name_approved", "filed", "applicant")).toBe(false);
    expect(canTransition("tax_registered", "completed", "desk")).toBe(true);
    expect(canTransition("completed", "cancelled", "desk")).toBe(false);
    expect(canTransition("filed", "waiting_for_applicant", "desk")).toBe(true);
    expect(canTransition("filed", "waiting_for_applicant", "applicant")).toBe(false);
    expect(canTransition("waiting_for_applicant", "filed", "applicant", "limited", "filed")).toBe(true);
    expect(canTransition("waiting_for_applicant", "seals_made", "applicant", "limited", "filed")).toBe(false);
  });

  it("lets a relocation skip name approval and seals", () => {
    expect(stepsFor("relocation")).not.toContain("name_approved");
    expect(nextStep("materials_complete", "relocation")).toBe("filed");
    expect(nextStep("licence_issued", "relocation")).toBe("bank_opened");
    expect(canTransition("materials_complete", "filed", "desk", "relocation")).toBe(true);
  });

  it("says who acts, by when and how far along a case is", () => {
    expect(stepOwner("intake")).toBe("applicant");
    expect(stepOwner("filed")).toBe("desk");
    expect(stepOwner("completed")).toBeNull();
    expect(defaultDueDays("materials_complete")).toBe(3);
    expect(defaultDueDays("intake")).toBeNull();
    // Friday + 3 working days = Wednesday.
    expect(addWorkingDays("2026-11-27", 3)).toBe("2026-12-02");
    expect(progressPercent("intake")).toBe(0);
    expect(progressPercent("completed")).toBe(100);
    expect(progressPercent("filed")).toBe(38);
    expect(progressPercent("waiting_for_applicant", "filed")).toBe(38);
    expect(progressPercent("cancelled")).toBe(0);
  });
});

describe("the documents checklist", () => {
  const intake = {
    shareholders: {
      shareholders: [
        { kind: "person", name: "张三", idNumber: id(1) },
        { kind: "company", name: "某公司", uscc: USCC },
      ],
    },
    officers: { legalRep: { name: "张三", idNumber: id(1) }, supervisor: { name: "李四", idNumber: id(2) }, finance: { name: "李四", idNumber: id(2) } },
    address: { kind: "park" },
  };

  it("asks each person's ID once, however many roles they hold, and the company shareholder's licence", () => {
    const list = documentChecklist("limited", intake);
    expect(list.map((i) => `${i.requirement}:${i.owner}`)).toEqual([
      "id:shareholder:0:applicant",
      "licence:shareholder:1:applicant",
      "id:supervisor:applicant",
      "address_proof:desk",
      "articles:desk",
      "licence:desk",
    ]);
  });

  it("makes the applicant prove their own address, and lists what is still missing", () => {
    const own = documentChecklist("individual", { ...intake, address: { kind: "own", ownAddress: "x" } });
    expect(own.find((i) => i.requirement === "address_proof")?.owner).toBe("applicant");
    expect(own.some((i) => i.requirement === "articles")).toBe(false);
    expect(missingApplicantItems(own, ["id:shareholder:0", "licence:shareholder:1"]).map((i) => i.requirement)).toEqual(["id:supervisor", "address_proof"]);
    expect(documentChecklist("relocation", intake).some((i) => i.requirement === "relocation:original_licence")).toBe(true);
  });

  it("names a document by what it is, also when the answers no longer ask for it", () => {
    const list = documentChecklist("limited", intake);
    expect(documentLabel(list, "id:shareholder:0")).toEqual({ labelKey: "registration.checklist.idShareholder", params: { n: 1, name: "张三" } });
    expect(documentLabel(list, "id:shareholder:4")).toEqual({ labelKey: "registration.checklist.idShareholderN", params: { n: 5 } });
    expect(documentLabel(list, "licence:shareholder:7")).toEqual({ labelKey: "registration.checklist.shareholderLicenceN", params: { n: 8 } });
    expect(documentLabel(list, "id:legal_rep")).toEqual({ labelKey: "registration.checklist.idLegalRepAny", params: {} });
    expect(documentLabel(list, "other")).toEqual({ labelKey: "registration.checklist.other", params: {} });
  });
});

describe("yearly duties", () => {
  it("puts the annual report first, 1 January to 30 June, and the tax settlement by 31 May", () => {
    const duties = yearlyDuties(2027);
    expect(duties[0]).toMatchObject({ code: "annual_report", opensOn: "2027-01-01", dueOn: "2027-06-30", remindFrom: "2027-04-01", period: "2026" });
    expect(duties.find((d) => d.code === "income_tax_settlement")?.dueOn).toBe("2027-05-31");
    expect(duties.filter((d) => d.code === "tax_declaration").map((d) => d.dueOn)).toHaveLength(12);
    expect(yearlyDuties(2027, "individual").find((d) => d.code === "owner_income_tax_settlement")?.dueOn).toBe("2027-03-31");
  });

  it("shows the next occurrence of each duty with its state, and no report for a year before the licence", () => {
    expect(dutyState({ opensOn: "2027-01-01", dueOn: "2027-06-30" }, "2027-07-01")).toBe("passed");
    const inAugust = upcomingDuties("2027-08-20");
    expect(inAugust.find((d) => d.code === "annual_report")).toMatchObject({ dueOn: "2028-06-30", state: "upcoming" });
    expect(inAugust.find((d) => d.code === "tax_declaration")).toMatchObject({ dueOn: "2027-09-15" });
    const licensedThisYear = upcomingDuties("2027-03-01", { licensedOn: "2027-02-01" });
    expect(licensedThisYear.find((d) => d.code === "annual_report")).toMatchObject({ period: "2027", dueOn: "2028-06-30" });
  });
});
