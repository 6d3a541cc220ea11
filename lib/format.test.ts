import { describe, expect, it } from "vitest";
import { arnId, formatDuration, formatTags, formatTime, parseTags } from "./format";

describe("format", () => {
  it("parses and prints tags", () => {
    expect(parseTags("team=news, show = morning\nempty=")).toEqual({
      ok: true,
      tags: { team: "news", show: "morning", empty: "" },
    });
    expect(parseTags("novalue")).toEqual({ ok: false, error: '"novalue" is not key=value.' });
    expect(parseTags("team=qa, team=ops")).toEqual({ ok: false, error: 'The key "team" is used twice.' });
    expect(formatTags({ b: "2", a: "1" })).toBe("a=1, b=2");
  });

  it("formats ids, durations and times", () => {
    expect(arnId("arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh")).toBe("abcdABCDefgh");
    expect(formatDuration("2026-11-25T10:00:00Z", "2026-11-25T10:00:42Z")).toBe("42 s");
    expect(formatDuration("2026-11-25T10:00:00Z", "2026-11-25T11:05:00Z")).toBe("1 h 5 min");
    expect(formatTime("2026-11-25T13:04:05.123Z")).toBe("2026-11-25 13:04:05 UTC");
    expect(formatTime("2026-11-25T13:04:05.123Z", "local")).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC[+-]\d\d:\d\d$/,
    );
    expect(formatTime(undefined)).toBe("—");
  });
});
