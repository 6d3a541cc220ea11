import { describe, expect, it } from "vitest";
import { diagnose } from "./diagnosis";
import { outcomeOf, recentSessions } from "./find-user";
import { buildTimeline } from "./model";
import { ev, newestFirst, t0 } from "./test-events";

describe("find a user", () => {
  it("summarizes an appearance: joined, published, errors and the headline finding", () => {
    const timeline = buildTimeline(
      newestFirst([
        ev("JOINED", 0),
        ev("PUBLISH_ERROR", 1, { code: "BITRATE_EXCEEDED" }),
        ev("PUBLISH_ERROR", 2, { code: "BITRATE_EXCEEDED" }),
        ev("LEFT", 3),
      ]),
      { now: t0 + 10_000 },
    );
    const outcome = outcomeOf(
      { participantId: "p1", firstJoinTime: new Date(t0).toISOString(), published: false },
      timeline,
      diagnose(timeline),
    );
    expect(outcome).toEqual({
      joined: true,
      published: false,
      errors: 2,
      codes: ["BITRATE_EXCEEDED"],
      worst: "critical",
      headline: "Publishing failed 2 times: bitrate above 8.5 Mbps",
    });
  });

  it("says so when the events are not loaded", () => {
    expect(outcomeOf({ participantId: "p1", published: true }, undefined, [])).toMatchObject({
      joined: false,
      published: true,
      errors: 0,
      worst: "ok",
      headline: "Events not loaded",
    });
  });

  it("keeps the newest sessions first", () => {
    const sessions = [
      { startTime: "2026-01-01T00:00:00.000Z" },
      { startTime: "2026-03-01T00:00:00.000Z" },
      { startTime: "2026-02-01T00:00:00.000Z" },
    ];
    expect(recentSessions(sessions, 2).map((s) => s.startTime.slice(5, 7))).toEqual(["03", "02"]);
    expect(recentSessions(sessions)).toHaveLength(3);
  });
});
