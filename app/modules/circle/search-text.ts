// Search that works in Chinese, decided at write time: each profile carries one normalised text
// (lower case, full-width folded, no spaces or punctuation) plus the pinyin of its Chinese, and
// the names' initials. A query is normalised the same way and matched as a substring with
// strpos(), which PGlite and the server answer identically — Chinese has no word breaks, so
// 繁花 finds 《繁花》, 短剧 finds 微短剧, and qingyan / qy find 青焰.
import { pinyin } from "pinyin-pro";

/** Separates the parts of a search text; normalised queries never contain it. */
const SEPARATOR = "|";

/** NFKC (full-width → half-width), lower case, drop whitespace, punctuation and symbols. */
function normaliseSearch(value: string): string {
  return value.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
}

const hasHan = (value: string) => /\p{Script=Han}/u.test(value);

/** The toneless pinyin of the Chinese in a text, run together ("qingyan"); "" when there is none. */
function fullPinyin(value: string): string {
  if (!hasHan(value)) return "";
  return normaliseSearch(pinyin(value, { toneType: "none", separator: "", nonZh: "removed", v: true }));
}

/** The initials of the Chinese in a text ("qy" for 青焰). */
function pinyinInitials(value: string): string {
  if (!hasHan(value)) return "";
  return normaliseSearch(pinyin(value, { toneType: "none", separator: "", nonZh: "removed", pattern: "first", v: true }));
}

function join(parts: string[]) {
  return parts.filter(Boolean).join(SEPARATOR);
}

/** Names (company, works, skills): the text, its full pinyin and its initials. */
function nameSearchText(names: string[]): string {
  return join(names.flatMap((name) => [normaliseSearch(name), fullPinyin(name), pinyinInitials(name)]));
}

/**
 * Everything a person may search a profile by: the names (with pinyin and initials), and the
 * descriptions with their full pinyin (initials of long prose would match almost anything).
 */
export function profileSearchText(input: { names: string[]; prose: string[] }): { searchText: string; nameSearch: string } {
  const nameSearch = nameSearchText(input.names);
  const prose = join(input.prose.flatMap((text) => [normaliseSearch(text), fullPinyin(text)]));
  return { nameSearch, searchText: join([nameSearch, prose]) };
}

/** A query as stored texts are written; "" means no search. At most 100 characters are used. */
export function normaliseQuery(query: string | null | undefined): string {
  return normaliseSearch((query ?? "").slice(0, 100));
}
