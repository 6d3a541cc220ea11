import { describe, expect, it } from "vitest";
import { buildTimeline, detectOrder, eventKey, eventsInWindow, outOfOrderIndices, summarize } from "./model";
import { busyParticipant, ev, newestFirst, t0 } from "./test-events";

const now = t0 + 3600_000;

describe("timeline model", () => {
  it("derives connected, publishing and one subscription bar per remote participant", () => {
    const events = [
      ev("JOINED", 0),
      ev("PUBLISH_STARTED", 1),
      ev("SUBSCRIBE_STARTED", 2, { remote: "alice" }),
      ev("SUBSCRIBE_STARTED", 3, { remote: "bob" }),
      ev("SUBSCRIBE_STOPPED", 10, { remote: "alice" }),
      ev("SUBSCRIBE_STARTED", 12, { remote: "alice" }),
      ev("PUBLISH_STOPPED", 20),
      ev("SUBSCRIBE_STOPPED", 21, { remote: "bob" }),
      ev("SUBSCRIBE_STOPPED", 22, { remote: "alice" }),
      ev("LEFT", 30),
    ];
    const timeline = buildTimeline(newestFirst(events), { now, participantState: "DISCONNECTED" });
    expect(timeline.apiOrder).toBe("newest-first");
    expect(timeline.events.map((e) => e.name)).toEqual(events.map((e) => e.name));
    expect(timeline.remotes).toEqual(["alice", "bob"]);
    const byKind = (kind: string) =>
      timeline.intervals
        .filter((i) => i.kind === kind)
        .map((i) => [(i.start - t0) / 1000, (i.end - t0) / 1000, i.remoteParticipantId ?? ""]);
    expect(byKind("connected")).toEqual([[0, 30, ""]]);
    expect(byKind("publishing")).toEqual([[1, 20, ""]]);
    expect(byKind("subscribed")).toEqual([
      [2, 10, "alice"],
      [3, 21, "bob"],
      [12, 22, "alice"],
    ]);
    expect(timeline.issues).toEqual([]);
    expect(timeline.span).toEqual([t0, t0 + 30_000]);
  });

  it("keeps same-millisecond events in the API's sequence (JOINED before PUBLISH_STARTED)", () => {
    const events = [
      ev("JOINED", 5),
      ev("PUBLISH_STARTED", 5),
      ev("SUBSCRIBE_STOPPED", 9, { remote: "x" }),
      ev("PUBLISH_STOPPED", 9),
      ev("LEFT", 9),
    ];
    const timeline = buildTimeline(newestFirst(events), { now });
    expect(timeline.events.map((e) => e.name)).toEqual([
      "JOINED",
      "PUBLISH_STARTED",
      "SUBSCRIBE_STOPPED",
      "PUBLISH_STOPPED",
      "LEFT",
    ]);
    const ids = timeline.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts, draws and flags out-of-order events", () => {
    // API order newest first, but one old event arrives late (at the head) and one new event arrives early.
    const api = [
      ev("PUBLISH_ERROR", 2, { code: "BITRATE_EXCEEDED" }),
      ev("LEFT", 30),
      ev("PUBLISH_STOPPED", 20),
      ev("PUBLISH_STARTED", 10),
      ev("JOINED", 0),
    ];
    const timeline = buildTimeline(api, { now });
    expect(timeline.apiOrder).toBe("newest-first");
    expect(timeline.events.map((e) => (e.time - t0) / 1000)).toEqual([0, 2, 10, 20, 30]);
    const late = timeline.events.filter((e) => e.outOfOrder).map((e) => e.name);
    expect(late).toEqual(["PUBLISH_ERROR"]);
    expect(timeline.issues.map((i) => i.kind)).toContain("out-of-order");
    expect(timeline.issues.find((i) => i.kind === "out-of-order")?.eventIds).toHaveLength(1);
  });

  it("handles oldest-first lists the same way", () => {
    const events = [ev("JOINED", 0), ev("PUBLISH_STARTED", 1), ev("LEFT", 9)];
    const a = buildTimeline(events, { now });
    const b = buildTimeline(newestFirst(events), { now });
    expect(a.apiOrder).toBe("oldest-first");
    expect(a.events.map((e) => e.id)).toEqual(b.events.map((e) => e.id));
    expect(a.intervals).toEqual(b.intervals);
  });

  it("leaves a missing LEFT open to the session's end and flags it", () => {
    const events = [ev("JOINED", 0), ev("PUBLISH_STARTED", 1)];
    const end = t0 + 120_000;
    const timeline = buildTimeline(newestFirst(events), { now, sessionEnd: end, participantState: "DISCONNECTED" });
    const connected = timeline.intervals.find((i) => i.kind === "connected");
    expect(connected).toMatchObject({ start: t0, end, open: "missing" });
    expect(timeline.intervals.find((i) => i.kind === "publishing")).toMatchObject({ end, open: "missing" });
    const issue = timeline.issues.find((i) => i.kind === "missing-end");
    expect(issue?.eventIds).toHaveLength(2);
    expect(timeline.span?.[1]).toBe(end);
  });

  it("draws a connected participant of a live session as ongoing to now (not flagged)", () => {
    const timeline = buildTimeline([ev("PUBLISH_STARTED", 1), ev("JOINED", 0)], { now, participantState: "CONNECTED" });
    expect(timeline.intervals.map((i) => [i.kind, i.end, i.open])).toEqual([
      ["connected", now, "ongoing"],
      ["publishing", now, "ongoing"],
    ]);
    expect(timeline.issues).toEqual([]);
  });

  it("flags a participant the API says is gone but whose LEFT never came (live session)", () => {
    const timeline = buildTimeline([ev("JOINED", 0)], { now, participantState: "DISCONNECTED" });
    expect(timeline.intervals[0]).toMatchObject({ open: "missing", end: now });
    expect(timeline.issues.map((i) => i.kind)).toEqual(["missing-end"]);
  });

  it("reconnects: one connected bar per JOINED…LEFT; a LEFT ends publishing and subscriptions (drop)", () => {
    const events = [
      ev("JOINED", 0),
      ev("PUBLISH_STARTED", 1),
      ev("SUBSCRIBE_STARTED", 2, { remote: "alice" }),
      ev("LEFT", 5), // dropped: LEFT only
      ev("JOINED", 7),
      ev("PUBLISH_STARTED", 7),
      ev("LEFT", 12),
      ev("JOINED", 14),
    ];
    const timeline = buildTimeline(newestFirst(events), { now, participantState: "CONNECTED" });
    const connected = timeline.intervals.filter((i) => i.kind === "connected");
    expect(connected.map((i) => [(i.start - t0) / 1000, i.open ? "open" : (i.end - t0) / 1000])).toEqual([
      [0, 5],
      [7, 12],
      [14, "open"],
    ]);
    const sub = timeline.intervals.find((i) => i.kind === "subscribed");
    expect(sub).toMatchObject({ remoteParticipantId: "alice", end: t0 + 5000, inferredEnd: "left" });
    expect(timeline.intervals.filter((i) => i.kind === "publishing").every((i) => i.inferredEnd === "left")).toBe(true);
    expect(summarize(timeline)).toMatchObject({ joins: 3, leaves: 2, publishes: 2 });
    expect(timeline.issues).toEqual([]);
  });

  it("a second JOINED without LEFT closes the first connection and flags the missing LEFT", () => {
    const timeline = buildTimeline(
      newestFirst([ev("JOINED", 0), ev("PUBLISH_STARTED", 1), ev("JOINED", 10), ev("LEFT", 20)]),
      { now },
    );
    const connected = timeline.intervals.filter((i) => i.kind === "connected");
    expect(connected[0]).toMatchObject({ end: t0 + 10_000, inferredEnd: "rejoined" });
    expect(timeline.intervals.find((i) => i.kind === "publishing")).toMatchObject({
      end: t0 + 10_000,
      inferredEnd: "rejoined",
    });
    expect(timeline.issues.map((i) => i.kind)).toEqual(["missing-end"]);
  });

  it("draws a closing event without its opening event from the timeline's start (flagged)", () => {
    const timeline = buildTimeline(
      newestFirst([ev("PUBLISH_STARTED", 3), ev("SUBSCRIBE_STOPPED", 8, { remote: "bob" }), ev("LEFT", 9)]),
      { now },
    );
    expect(timeline.intervals.find((i) => i.kind === "subscribed")).toMatchObject({
      start: t0 + 3000,
      end: t0 + 8000,
      missingStart: true,
    });
    expect(timeline.intervals.find((i) => i.kind === "connected")).toMatchObject({ missingStart: true });
    expect(timeline.issues.find((i) => i.kind === "missing-start")?.eventIds).toHaveLength(2);
  });

  it("lists events without a time but does not draw them", () => {
    const timeline = buildTimeline([{ name: "JOINED", participantId: "p1" }, ev("LEFT", 4), ev("JOINED", 1)], { now });
    expect(timeline.undated).toHaveLength(1);
    expect(timeline.events).toHaveLength(2);
    expect(timeline.issues.map((i) => i.kind)).toContain("undated");
  });

  it("handles an empty list", () => {
    const timeline = buildTimeline([], { now, participantId: "p9" });
    expect(timeline).toMatchObject({ participantId: "p9", events: [], intervals: [], issues: [] });
    expect(timeline.span).toBeUndefined();
  });

  it("keeps event ids stable when newer events arrive", () => {
    const first = [
      ev("JOINED", 0),
      ev("PUBLISH_ERROR", 1, { code: "BITRATE_EXCEEDED" }),
      ev("PUBLISH_ERROR", 1, { code: "BITRATE_EXCEEDED" }),
    ];
    const a = buildTimeline(newestFirst(first), { now });
    const b = buildTimeline(newestFirst([...first, ev("PUBLISH_STARTED", 3)]), { now });
    expect(b.events.slice(0, 3).map((e) => e.id)).toEqual(a.events.map((e) => e.id));
    expect(new Set(a.events.map((e) => e.id)).size).toBe(3);
  });

  it("builds 10,000 events (speed is measured by the timeline benchmark)", () => {
    const events = newestFirst(busyParticipant("p1", 10_000, { remotes: ["a", "b", "c"] }));
    const timeline = buildTimeline(events, { now });
    expect(timeline.events).toHaveLength(10_000);
    expect(timeline.issues).toEqual([]);
  });
});

describe("ordering helpers", () => {
  it("detects the API's order by majority", () => {
    expect(detectOrder([3, 2, 1])).toBe("newest-first");
    expect(detectOrder([1, 2, 3, 2])).toBe("oldest-first");
    expect(detectOrder([1, 1])).toBe("unknown");
  });

  it("flags the fewest events that break the order", () => {
    expect([...outOfOrderIndices([1, 2, 9, 3, 4, 5])]).toEqual([2]);
    expect([...outOfOrderIndices([1, 2, 3])]).toEqual([]);
    expect([...outOfOrderIndices([5, 1, 2, 3])]).toEqual([0]);
    expect([...outOfOrderIndices([1, 1, 1])]).toEqual([]);
  });

  it("finds events in a window by binary search", () => {
    const items = [1, 2, 2, 3, 5, 8].map((time) => ({ time }));
    expect(eventsInWindow(items, 2, 5).map((i) => i.time)).toEqual([2, 2, 3, 5]);
    expect(eventsInWindow(items, 9, 10)).toEqual([]);
  });

  it("keys events by every distinguishing member", () => {
    expect(eventKey(ev("SUBSCRIBE_STARTED", 1, { remote: "a" }))).not.toBe(
      eventKey(ev("SUBSCRIBE_STARTED", 1, { remote: "b" })),
    );
  });
});
