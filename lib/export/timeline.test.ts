import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/timeline/diagnosis";
import { buildTimeline } from "@/lib/timeline/model";
import { buildSwimlane } from "@/lib/timeline/swimlane";
import { ev, newestFirst, t0 } from "@/lib/timeline/test-events";
import { parseCsv } from "./csv";
import {
  eventCsvHeader,
  exportFileName,
  participantTimelineCsv,
  participantTimelineJson,
  swimlaneCsv,
  swimlaneJson,
} from "./timeline";

const scope = { region: "us-east-1", stageArn: "arn:aws:ivs:us-east-1:123456789012:stage/abc", sessionId: "st-1" };

describe("exports", () => {
  const events = [
    ev("JOINED", 0),
    ev("PUBLISH_ERROR", 1, { code: "BITRATE_EXCEEDED" }),
    ev("PUBLISH_STARTED", 2),
    ev("LEFT", 9),
  ];
  const timeline = buildTimeline(newestFirst(events), { now: t0 + 60_000 });

  it("participant JSON carries events with meaning, intervals and findings", () => {
    const json = participantTimelineJson(scope, timeline, diagnose(timeline), { events: timeline.events });
    const parsed = JSON.parse(JSON.stringify(json)) as typeof json;
    expect(parsed.kind).toBe("ivs-participant-timeline");
    expect(parsed.events).toHaveLength(4);
    expect(parsed.events[1]).toMatchObject({
      name: "PUBLISH_ERROR",
      errorCode: "BITRATE_EXCEEDED",
      meaning: expect.stringMatching(/bitrate/),
    });
    expect(parsed.findings[0]?.rule).toBe("bitrate");
  });

  it("participant CSV has a header and one row per event", () => {
    const rows = parseCsv(participantTimelineCsv(timeline.events, 'guest, "one"'));
    expect(rows[0]).toEqual([...eventCsvHeader]);
    expect(rows).toHaveLength(5);
    expect(rows[2]?.[5]).toBe("BITRATE_EXCEEDED");
    expect(rows[1]?.[3]).toBe('guest, "one"');
  });

  it("swimlane JSON and CSV cover every lane and edge within the window", () => {
    const swimlane = buildSwimlane(
      [
        { participantId: "pub", userId: "alice" },
        { participantId: "sub", userId: "bob" },
      ],
      new Map([
        [
          "pub",
          newestFirst([ev("JOINED", 0, { participantId: "pub" }), ev("PUBLISH_STARTED", 1, { participantId: "pub" })]),
        ],
        [
          "sub",
          newestFirst([
            ev("JOINED", 2, { participantId: "sub" }),
            ev("SUBSCRIBE_STARTED", 3, { participantId: "sub", remote: "pub" }),
          ]),
        ],
      ]),
      { now: t0 + 60_000 },
    );
    const json = swimlaneJson(scope, swimlane);
    expect(json.lanes.map((l) => l.userId)).toEqual(["alice", "bob"]);
    expect(json.edges).toEqual([expect.objectContaining({ subscriber: "sub", publisher: "pub", open: true })]);
    const rows = parseCsv(swimlaneCsv(swimlane, { from: t0 + 1500, to: t0 + 10_000 }));
    expect(rows.slice(1).map((r) => r[1])).toEqual(["JOINED", "SUBSCRIBE_STARTED"]);
  });

  it("names files safely", () => {
    expect(exportFileName("participant", "a/b c", "csv", Date.parse("2026-03-01T12:34:56Z"))).toBe(
      "participant-a_b_c-20260301T123456.csv",
    );
  });
});
