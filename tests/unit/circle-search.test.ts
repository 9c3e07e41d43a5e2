// The circle's search text and ranking: what a person types is matched the way they mean it.
import { describe, expect, test } from "vitest";
import { parseWorks, worksToText } from "~/modules/circle/forms";
import { rankSuggestions } from "~/modules/circle/matches.server";
import { normaliseQuery, profileSearchText } from "~/modules/circle/search-text";

const found = (query: string, text: string) => text.includes(normaliseQuery(query));

describe("profile search text", () => {
  const { searchText, nameSearch } = profileSearchText({
    names: ["上海青焰动画工作室", "Qingyan Animation Studio", "《繁花》"],
    prose: ["海派题材微短剧团队，擅长 LED 虚拟拍摄。"],
  });

  test.each([
    ["繁花", true],
    ["《繁花》", true],
    ["短剧", true],
    ["青焰", true],
    ["qingyan", true],
    ["QingYan", true],
    ["qing yan", true],
    ["qy", true],
    ["fanhua", true],
    ["led虚拟", true],
    ["Ｑｉｎｇｙａｎ", true],
    ["live action", false],
  ])("%s → found: %s", (query, expected) => {
    expect(found(query, searchText)).toBe(expected);
  });

  test("initials come from names only, not from prose", () => {
    expect(nameSearch).toContain("shqydhgzs");
    expect(searchText).not.toContain("hptcwdjtd");
  });

  test("a query without letters or characters is no search", () => {
    expect(normaliseQuery("  《》 ")).toBe("");
  });
});

describe("ranking suggested partners", () => {
  test("what they offer that we seek counts double; nobody without an overlap is suggested", () => {
    const ranked = rankSuggestions([
      { nameZh: "甲", theyOffer: [], theySeek: [1, 2] },
      { nameZh: "乙", theyOffer: [1, 2], theySeek: [] },
      { nameZh: "丙", theyOffer: [], theySeek: [] },
    ]);
    expect(ranked.map((r) => [r.nameZh, r.score])).toEqual([
      ["乙", 4],
      ["甲", 2],
    ]);
  });
});

describe("works and awards typed one per line", () => {
  test("round-trip through the editor's text", () => {
    const works = parseWorks("《繁花》 | 2023 | 特技协调\n奖: 金猴奖提名 | 2024");
    expect(works).toEqual([{ title: "《繁花》", year: 2023, role: "特技协调" }, { title: "金猴奖提名", year: 2024, award: true }]);
    expect(parseWorks(worksToText(works))).toEqual(works);
  });
});
