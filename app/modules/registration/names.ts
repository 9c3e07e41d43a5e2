// The shape check of a candidate company name in the regional form (企业名称登记管理规定, 2020):
// 行政区划 + 字号 + 行业 + 组织形式, e.g. 上海某某影视文化有限公司, 上海某某影视工作室（个人独资）.
// It catches what the registration authority would refuse on sight; whether a 字号 is free is
// only known when the desk declares the name. Pure: the intake form shows these as you type.
//
// Decisions (say so to the applicant, change here):
// - 行政区划: the name starts with 上海 or 上海市 (a district such as 上海市松江区 included), or
//   carries （上海） after the 字号, e.g. 某某（上海）影视有限公司.
// - 字号: 2–6 Chinese characters — what Shanghai's name declaration system accepts in practice.
// - 行业: one of the industry words of the park's businesses (影视, 文化传媒, 科技 …).
// - The whole name: at most 50 characters, Chinese characters and full- or half-width brackets only.
// - Words that need the State Council's approval (中国, 中华, 中央, 全国, 国家) or special review
//   (国际) are refused with a message naming the word.
// - A relocation keeps the name it already has: only its characters and length are checked.
import type { RegistrationCaseType } from "#db/schema/registration";

export interface NameProblem {
  key: string;
  params: Record<string, string | number>;
}

/** A problem as one message string, the catalogue key and its parameters (`<FormErrors>` and `translateMessage` read it). */
export function problemMessage({ key, params }: NameProblem) {
  return Object.keys(params).length ? `${key}::${JSON.stringify(params)}` : key;
}

const NAME_MAX_LENGTH = 50;
const TRADE_NAME_MIN = 2;
const TRADE_NAME_MAX = 6;

/** Words a name may only carry with approval beyond the local authority. */
const restrictedWords = ["中华人民共和国", "中国", "中华", "中央", "全国", "国家", "国际"] as const;

/** Industry words, longest first so that 影视文化 is taken before 文化. */
const industryWords = [
  "影视文化传媒",
  "影视文化传播",
  "影视文化发展",
  "文化传媒",
  "文化传播",
  "文化发展",
  "文化艺术",
  "文化科技",
  "影视文化",
  "影视传媒",
  "影视制作",
  "影视科技",
  "影视",
  "影业",
  "电影",
  "动画",
  "动漫",
  "数字科技",
  "数字技术",
  "数字传媒",
  "网络科技",
  "信息科技",
  "信息技术",
  "智能科技",
  "人工智能",
  "软件",
  "科技",
  "传媒",
  "文化",
  "娱乐",
  "演艺",
  "广告",
  "后期制作",
  "视觉",
  "特效",
  "摄影",
  "音乐",
  "游戏",
].sort((a, b) => b.length - a.length);

const limitedForms = ["有限责任公司", "有限公司"];
/** How an individual business or sole proprietorship's name may end (its 组织形式). */
const unincorporatedForms = ["工作室", "中心", "店", "馆", "坊", "社", "部", "行", "厂"];
const soleMarker = /[（(]个人独资[）)]$/;

const HAN = /\p{Script=Han}/u;
const REGION_PREFIX = /^上海(市)?/;
const REGION_INFIX = /[（(]上海[）)]/;

function problem(key: string, params: Record<string, string | number> = {}): NameProblem {
  return { key: `registration.errors.${key}`, params };
}

/** Strips the organisational form from the end; null when the name does not end in one. */
function withoutForm(name: string, caseType: RegistrationCaseType): string | null {
  if (caseType === "limited" || caseType === "relocation") {
    const form = limitedForms.find((f) => name.endsWith(f));
    return form ? name.slice(0, -form.length) : null;
  }
  let rest = name;
  const marked = soleMarker.test(rest);
  if (marked) rest = rest.replace(soleMarker, "");
  const form = unincorporatedForms.find((f) => rest.endsWith(f));
  if (form) return rest.slice(0, -form.length);
  // A sole proprietorship may end with （个人独资） alone after its industry.
  return caseType === "sole_proprietorship" && marked ? rest : null;
}

/** The problems of one candidate name for this kind of case; empty when its shape is right. */
export function checkCompanyName(input: string, caseType: RegistrationCaseType): NameProblem[] {
  const name = (input ?? "").trim().replace(/\s+/g, "");
  if (name === "") return [problem("nameRequired")];
  const problems: NameProblem[] = [];
  const bad = [...name].find((ch) => !HAN.test(ch) && !"（）()".includes(ch));
  if (bad) problems.push(problem("nameCharacters", { char: bad }));
  if ([...name].length > NAME_MAX_LENGTH) problems.push(problem("nameTooLong", { max: NAME_MAX_LENGTH }));
  if (caseType === "relocation") return problems;

  for (const word of restrictedWords) {
    // 中华人民共和国 contains 中华: name the longer word once.
    if (name.includes(word) && !(word === "中华" && name.includes("中华人民共和国"))) problems.push(problem("nameRestrictedWord", { word }));
  }

  if (caseType === "limited") {
    if (!limitedForms.some((f) => name.endsWith(f))) problems.push(problem("nameFormLimited"));
  } else {
    if (name.includes("公司") || name.includes("有限")) problems.push(problem("nameNoCompanyWord"));
    const form = withoutForm(name, caseType);
    if (form === null) problems.push(problem(caseType === "sole_proprietorship" ? "nameFormSole" : "nameFormIndividual"));
  }

  const hasRegion = REGION_PREFIX.test(name) || REGION_INFIX.test(name);
  if (!hasRegion) problems.push(problem("nameRegion"));

  // 字号 + 行业: what is left between the region and the form.
  let middle = withoutForm(name, caseType);
  if (middle === null || !hasRegion || bad) return problems;
  middle = middle.replace(REGION_PREFIX, "").replace(REGION_INFIX, "");
  // A district after 上海市 (上海市松江区…) belongs to the region, not the 字号.
  middle = middle.replace(/^[\p{Script=Han}]{1,3}(区|县)/u, (district) => (middle!.length - district.length >= TRADE_NAME_MIN + 2 ? "" : district));
  const industry = industryWords.find((w) => middle!.endsWith(w));
  if (!industry) {
    problems.push(problem("nameIndustry"));
    return problems;
  }
  let tradeName = middle.slice(0, -industry.length);
  // Two industry words in a row (影视 + 文化传媒): the second is industry too.
  const more = industryWords.find((w) => tradeName.endsWith(w) && tradeName.length - w.length >= TRADE_NAME_MIN);
  if (more) tradeName = tradeName.slice(0, -more.length);
  const length = [...tradeName].length;
  if (length < TRADE_NAME_MIN || length > TRADE_NAME_MAX) {
    problems.push(problem("nameTradeNameLength", { min: TRADE_NAME_MIN, max: TRADE_NAME_MAX, length }));
  }
  return problems;
}
