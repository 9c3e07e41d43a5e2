import { describe, expect, it } from "vitest";
import { slowDownSeconds } from "~/modules/identity/login-throttle.server";

describe("how long a client that keeps failing waits", () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1],
    [6, 2],
    [8, 8],
    [10, 32],
    [11, 60],
    [299, 60],
  ])("after %i failures in the hour: %i s", (failures, seconds) => {
    expect(slowDownSeconds(failures)).toBe(seconds);
  });
});
