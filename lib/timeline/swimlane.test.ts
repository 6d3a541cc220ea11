import { describe, expect, it } from "vitest";
import type { Event } from "@/lib/ivs/structures";
import {
  adaptiveLaneHeight,
  autoAllEdges,
  buildSwimlane,
  concurrency,
  edgesToDraw,
  groupRows,
  laneLinks,
  laneRole,
} from "./swimlane";
import { busyParticipant, ev, newestFirst, t0 } from "./test-events";

describe("swimlane", () => {
  it("draws subscribe edges from subscriber to publisher and counts dangling ones", () => {
    const swimlane = buildSwimlane(
      [
        { participantId: "sub", userId: "viewer", state: "CONNECTED" },
        { participantId: "pub", userId: "host", state: "CONNECTED" },
      ],
      new Map<string, Event[]>([
        [
          "pub",
          newestFirst([ev("JOINED", 0, { participantId: "pub" }), ev("PUBLISH_STARTED", 1, { participantId: "pub" })]),
        ],
        [
          "sub",
          newestFirst([
            ev("JOINED", 2, { participantId: "sub" }),
            ev("SUBSCRIBE_STARTED", 3, { participantId: "sub", remote: "pub" }),
            ev("SUBSCRIBE_STARTED", 4, { participantId: "sub", remote: "elsewhere" }),
          ]),
        ],
      ]),
      { now: t0 + 60_000 },
    );
    expect(swimlane.lanes.map((l) => l.participantId)).toEqual(["pub", "sub"]);
    expect(swimlane.edges).toEqual([
      { from: "sub", to: "pub", start: t0 + 3000, end: t0 + 60_000, open: true, replica: false },
    ]);
    expect(swimlane.danglingEdges).toBe(1);
    expect(swimlane.publishersAt(t0 + 5000)).toBe(1);
    expect(swimlane.lanes.every((l) => l.worst === "ok")).toBe(true);
  });

  it("marks lanes without loaded events and diagnoses loaded ones with session context", () => {
    const swimlane = buildSwimlane(
      [{ participantId: "a" }, { participantId: "b" }],
      new Map([["a", [ev("PUBLISH_ERROR", 1, { participantId: "a", code: "QUOTA_EXCEEDED" })]]]),
      { now: t0 + 60_000 },
    );
    const a = swimlane.lanes.find((l) => l.participantId === "a");
    expect(a).toMatchObject({ loaded: true, worst: "critical", errorCount: 1 });
    expect(swimlane.lanes.find((l) => l.participantId === "b")).toMatchObject({ loaded: false, findings: [] });
  });

  it("counts concurrent publishers", () => {
    const at = concurrency([
      { start: 0, end: 10 },
      { start: 5, end: 15 },
      { start: 10, end: 20 },
    ]);
    expect([at(-1), at(0), at(5), at(10), at(15), at(20)]).toEqual([0, 1, 2, 2, 1, 0]);
  });

  // Speed is measured by `npm run bench -- timeline`, not asserted here (a busy machine would fail it).
  it("builds 100 participants × 100 events with every lane, event and edge", () => {
    const ids = Array.from({ length: 100 }, (_, i) => `p${i}`);
    const events = new Map(
      ids.map((id, i) => [
        id,
        newestFirst(busyParticipant(id, 100, { start: t0 + i * 500, remotes: ids.slice(0, 12) })),
      ]),
    );
    const swimlane = buildSwimlane(
      ids.map((participantId) => ({ participantId, state: "DISCONNECTED" })),
      events,
      { now: t0 + 3600_000 },
    );
    expect(swimlane.lanes).toHaveLength(100);
    expect(swimlane.totalEvents).toBe(10_000);
    expect(swimlane.edges.length).toBeGreaterThan(100);
  });
});

describe("swimlane cache", () => {
  it("rebuilds only lanes whose events changed", async () => {
    const { timelineCache } = await import("./swimlane");
    const cache = timelineCache();
    const a = newestFirst([ev("JOINED", 0, { participantId: "a" })]);
    const b = newestFirst([ev("JOINED", 1, { participantId: "b" })]);
    const participants = [{ participantId: "a" }, { participantId: "b" }];
    const first = buildSwimlane(
      participants,
      new Map([
        ["a", a],
        ["b", b],
      ]),
      { now: t0 + 10_000, cache, nowOf: () => t0 + 5000 },
    );
    const b2 = newestFirst([ev("JOINED", 1, { participantId: "b" }), ev("LEFT", 3, { participantId: "b" })]);
    const second = buildSwimlane(
      participants,
      new Map([
        ["a", a],
        ["b", b2],
      ]),
      { now: t0 + 20_000, cache, nowOf: () => t0 + 5000 },
    );
    expect(second.lanes[0]?.timeline).toBe(first.lanes[0]?.timeline);
    expect(second.lanes[1]?.timeline).not.toBe(first.lanes[1]?.timeline);
    expect(second.lanes[1]?.timeline.events).toHaveLength(2);
  });
});

describe("swimlane at scale", () => {
  const lanes = buildSwimlane(
    [
      { participantId: "h", userId: "caster-maya", state: "CONNECTED", published: true },
      { participantId: "g", userId: "analyst-tom", state: "CONNECTED", published: true },
      { participantId: "v1", userId: "fan-1", state: "CONNECTED" },
      { participantId: "v2", userId: "fan-2", state: "CONNECTED" },
    ],
    new Map<string, Event[]>([
      ["h", newestFirst([ev("JOINED", 0, { participantId: "h" }), ev("PUBLISH_STARTED", 1, { participantId: "h" })])],
      [
        "g",
        newestFirst([
          ev("JOINED", 0, { participantId: "g" }),
          ev("PUBLISH_STARTED", 1, { participantId: "g" }),
          ev("SUBSCRIBE_STARTED", 2, { participantId: "g", remote: "h" }),
        ]),
      ],
      [
        "v1",
        newestFirst([
          ev("JOINED", 1, { participantId: "v1" }),
          ev("SUBSCRIBE_STARTED", 2, { participantId: "v1", remote: "h" }),
          ev("SUBSCRIBE_STARTED", 3, { participantId: "v1", remote: "g" }),
        ]),
      ],
      [
        "v2",
        newestFirst([
          ev("JOINED", 1, { participantId: "v2" }),
          ev("SUBSCRIBE_STARTED", 2, { participantId: "v2", remote: "h" }),
        ]),
      ],
    ]),
    { now: t0 + 60_000 },
  );

  it("groups lanes by role, attributes first", () => {
    const role = (id: string) => laneRole(lanes.lanes.find((l) => l.participantId === id)!);
    expect(["h", "g", "v1", "v2"].map(role)).toEqual(["host", "guest", "viewer", "viewer"]);
    expect(
      laneRole(
        lanes.lanes.find((l) => l.participantId === "v1")!,
        { role: "presenter" },
      ),
    ).toBe("host");
    const { rows, rowOf } = groupRows(lanes.lanes, (l) => laneRole(l), new Set(["viewer"]));
    expect(rows.map((r) => (r.kind === "group" ? `[${r.role} ${r.count}]` : r.lane.participantId))).toEqual([
      "[host 1]",
      "h",
      "[guest 1]",
      "g",
      "[viewer 2]",
    ]);
    expect(rowOf.get("v2")).toBe(4);
  });

  it("counts distinct links per lane and draws only the focused lane's edges above the threshold", () => {
    const links = laneLinks(lanes.edges);
    expect(links.get("h")).toEqual({ subscribesTo: 0, subscribers: 3 });
    expect(links.get("v1")).toEqual({ subscribesTo: 2, subscribers: 0 });
    expect(edgesToDraw(lanes.edges, { mode: "auto", subscribeShown: true }).edges).toHaveLength(4);
    expect(edgesToDraw(lanes.edges, { mode: "focus", subscribeShown: true }).edges).toHaveLength(0);
    expect(edgesToDraw(lanes.edges, { mode: "focus", focus: "g", subscribeShown: true }).edges).toHaveLength(2);
    expect(edgesToDraw(lanes.edges, { mode: "all", subscribeShown: false }).edges).toHaveLength(0);
    const many = Array.from({ length: autoAllEdges + 1 }, (_, i) => ({ from: `s${i}`, to: "h" }));
    expect(edgesToDraw(many, { mode: "auto", subscribeShown: true }).edges).toHaveLength(0);
    expect(adaptiveLaneHeight(3, 560)).toBe(30);
    expect(adaptiveLaneHeight(100, 640)).toBe(18);
  });
});
