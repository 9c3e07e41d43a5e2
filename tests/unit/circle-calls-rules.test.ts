// The pure rules of programmes and open calls: park time for deadlines, the countdown, an open call
// past its deadline being closed, rubric lines, and scores checked against the rubric.
import { describe, expect, it } from "vitest";
import { callSchema, checkScores, effectiveCallStatus, missingAttachments, parseRubric, rubricToText, timeLeft } from "~/modules/circle/calls-forms";
import { parkDayAndTime, parkInstant } from "~/modules/platform/dates";

describe("deadlines in park time", () => {
  it("reads a park day and time as Shanghai (UTC+8) and back", () => {
    expect(parkInstant("2026-12-31", "18:00").toISOString()).toBe("2026-12-31T10:00:00.000Z");
    expect(parkInstant("2027-01-01", "00:30").toISOString()).toBe("2026-12-31T16:30:00.000Z");
    expect(parkDayAndTime(new Date("2026-12-31T16:30:00Z"))).toEqual({ date: "2027-01-01", time: "00:30" });
  });

  it("counts down in days, hours and minutes, and is over at the deadline", () => {
    const deadline = new Date("2026-12-31T10:00:00Z");
    expect(timeLeft(deadline, new Date("2026-12-29T08:59:30Z"))).toEqual({ days: 2, hours: 1, minutes: 0 });
    expect(timeLeft(deadline, deadline)).toBeNull();
  });

  it("treats an open call past its deadline as closed, and leaves every other state alone", () => {
    const deadlineAt = new Date("2026-12-31T10:00:00Z");
    const before = new Date("2026-12-31T09:59:59Z");
    expect(effectiveCallStatus({ status: "open", deadlineAt }, before)).toBe("open");
    expect(effectiveCallStatus({ status: "open", deadlineAt }, deadlineAt)).toBe("closed");
    expect(effectiveCallStatus({ status: "draft", deadlineAt }, deadlineAt)).toBe("draft");
    expect(effectiveCallStatus({ status: "decided", deadlineAt }, before)).toBe("decided");
  });
});

describe("rubrics and scores", () => {
  it("parses one criterion per line, the English name optional", () => {
    const rubric = parseRubric("故事与剧本 | Story | 40\n\n 团队 | 30 ");
    expect(rubric).toEqual([
      { key: "c1", nameZh: "故事与剧本", nameEn: "Story", maxScore: 40 },
      { key: "c2", nameZh: "团队", nameEn: "", maxScore: 30 },
    ]);
    expect(parseRubric(rubricToText(rubric))).toEqual(rubric);
  });

  it.each([
    ["no score at all", "故事"],
    ["a score over 100", "故事 | 101"],
    ["a fraction", "故事 | 9.5"],
    ["a zero", "故事 | 0"],
    ["nothing", ""],
  ])("refuses a rubric with %s", (_, rubric) => {
    const parsed = callSchema.safeParse({ kind: "call", titleZh: "t", descriptionZh: "d", deadlineDate: "2026-12-31", deadlineTime: "18:00", rubric });
    expect(parsed.success).toBe(false);
  });

  it("checks each score against its criterion and totals them", () => {
    const rubric = [
      { key: "c1", maxScore: 40 },
      { key: "c2", maxScore: 30 },
    ];
    expect(checkScores(rubric, [40, 0])).toEqual({ scores: { c1: 40, c2: 0 }, total: 40 });
    expect(checkScores(rubric, [41, 0])).toBeNull();
    expect(checkScores(rubric, [-1, 0])).toBeNull();
    expect(checkScores(rubric, [1.5, 0])).toBeNull();
    expect(checkScores(rubric, [10])).toBeNull();
    expect(checkScores(rubric, [10, 10, 10])).toBeNull();
  });

  it("names the required files still missing", () => {
    expect(missingAttachments(["proposal", "script"], ["script", "other"])).toEqual(["proposal"]);
    expect(missingAttachments([], ["other"])).toEqual([]);
  });
});
