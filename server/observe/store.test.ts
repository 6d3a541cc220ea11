import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createObservationStore, eventKeys, type ParticipantEvent } from "./store";

const scope = { region: "us-east-1", profile: "" };
const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl";
const session = { stageArn, sessionId: "st-aaaaaaaaaaaa" };
const p1 = { ...session, participantId: "p1" };

function fresh() {
  return createObservationStore(new Database(":memory:"));
}

const ev = (
  name: ParticipantEvent["name"],
  second: number,
  extra: Partial<ParticipantEvent> = {},
): ParticipantEvent => ({
  name,
  participantId: "p1",
  eventTime: `2026-12-07T10:00:${String(second).padStart(2, "0")}.000Z`,
  ...extra,
});

describe("observation store: identity and de-duplication", () => {
  it("stores overlapping reads of a participant's events once, newest first, in the API's order", () => {
    const store = fresh();
    store.recordParticipants(scope, session, [{ participantId: "p1", userId: "alice", state: "CONNECTED" }], 0, 1);
    const first = [ev("PUBLISH_STARTED", 2), ev("JOINED", 1)];
    expect(store.recordEvents(scope, p1, first, 1, 2)).toEqual({ added: 2, settled: true });
    // The next read overlaps the first completely and adds one newer event.
    const second = [ev("PUBLISH_STOPPED", 3), ...first];
    expect(store.recordEvents(scope, p1, second, 3, 4)).toEqual({ added: 1, settled: false });
    expect(store.recordEvents(scope, p1, second, 5, 6)).toEqual({ added: 0, settled: false });
    expect(store.events(scope, p1).map((e) => e.name)).toEqual(["PUBLISH_STOPPED", "PUBLISH_STARTED", "JOINED"]);
  });

  it("keeps two identical events as two (an occurrence count is part of the identity)", () => {
    const store = fresh();
    const twice = [
      ev("SUBSCRIBE_ERROR", 5, { errorCode: "PUBLISHER_NOT_FOUND", remoteParticipantId: "p2" }),
      ev("SUBSCRIBE_ERROR", 5, { errorCode: "PUBLISHER_NOT_FOUND", remoteParticipantId: "p2" }),
    ];
    const keys = eventKeys(twice);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[0]?.split("#")[0]).toBe(keys[1]?.split("#")[0]);
    store.recordEvents(scope, p1, twice, 0, 1);
    store.recordEvents(scope, p1, twice, 2, 3);
    expect(store.events(scope, p1)).toHaveLength(2);
  });

  it("does not depend on the order of an event's members", () => {
    const a = eventKeys([{ name: "JOINED", participantId: "p1", eventTime: "2026-12-07T10:00:00.000Z" }]);
    const b = eventKeys([{ eventTime: "2026-12-07T10:00:00.000Z", participantId: "p1", name: "JOINED" }]);
    expect(a).toEqual(b);
  });

  it("marks a participant for an events read when its summary changes, and only then", () => {
    const store = fresh();
    expect(store.recordParticipants(scope, session, [{ participantId: "p1", state: "CONNECTED" }], 0, 1)).toEqual([
      "p1",
    ]);
    store.recordEvents(scope, p1, [ev("JOINED", 1)], 1, 2);
    expect(store.participantWork(scope).find((w) => w.participantId === "p1")?.eventsWanted).toBe(false);
    expect(store.recordParticipants(scope, session, [{ participantId: "p1", state: "CONNECTED" }], 3, 4)).toEqual([]);
    expect(store.recordParticipants(scope, session, [{ participantId: "p1", state: "DISCONNECTED" }], 5, 6)).toEqual([
      "p1",
    ]);
    expect(store.participantWork(scope).find((w) => w.participantId === "p1")?.eventsWanted).toBe(true);
  });

  it("keeps the 'wanted' mark when the participant changed again while its events were being read", () => {
    const store = fresh();
    store.recordParticipants(scope, session, [{ participantId: "p1", state: "CONNECTED" }], 0, 1);
    store.recordEvents(scope, p1, [ev("JOINED", 1)], 10, 11);
    store.wantParticipant(scope, p1, 20);
    // A read that started before the change does not clear it.
    store.recordEvents(scope, p1, [ev("JOINED", 1)], 15, 25);
    expect(store.participantWork(scope).find((w) => w.participantId === "p1")?.eventsWanted).toBe(true);
    store.recordEvents(scope, p1, [ev("JOINED", 1)], 30, 31);
    expect(store.participantWork(scope).find((w) => w.participantId === "p1")?.eventsWanted).toBe(false);
  });
});

describe("observation store: sessions, coverage, history", () => {
  it("reports sessions that start and end between two stage lists, including stages that disappeared", () => {
    const store = fresh();
    const other = "arn:aws:ivs:us-east-1:123456789012:stage/ZzZzZzZzZzZz";
    expect(
      store.recordStages(
        scope,
        [
          { arn: stageArn, activeSessionId: "st-aaaaaaaaaaaa" },
          { arn: other, activeSessionId: "st-bbbbbbbbbbbb" },
        ],
        1,
      ),
    ).toEqual([
      { kind: "started", stageArn, sessionId: "st-aaaaaaaaaaaa" },
      { kind: "started", stageArn: other, sessionId: "st-bbbbbbbbbbbb" },
    ]);
    expect(store.recordStages(scope, [{ arn: stageArn }], 2)).toEqual([
      { kind: "ended", stageArn, sessionId: "st-aaaaaaaaaaaa" },
      { kind: "ended", stageArn: other, sessionId: "st-bbbbbbbbbbbb" },
    ]);
    expect(store.stages(scope).map((s) => s.arn)).toEqual([stageArn]);
  });

  it("says a session is complete only when every participant's events were read after its last change", () => {
    const store = fresh();
    store.recordStages(scope, [{ arn: stageArn, activeSessionId: session.sessionId }], 1);
    expect(store.coverage(scope, session).observed).toBe(false);
    store.recordParticipants(
      scope,
      session,
      [
        { participantId: "p1", state: "CONNECTED" },
        { participantId: "p2", state: "DISCONNECTED" },
      ],
      2,
      3,
    );
    expect(store.coverage(scope, session)).toMatchObject({ observed: true, pending: 2, total: 2 });
    store.recordEvents(scope, p1, [ev("JOINED", 1)], 4, 5);
    store.recordEvents(scope, { ...session, participantId: "p2" }, [], 4, 6);
    expect(store.coverage(scope, session)).toEqual({ observed: true, pending: 0, total: 2, asOf: 3 });
  });

  it("finds user ids by exact value, prefix and substring, exact first, with LIKE wildcards taken literally", () => {
    const store = fresh();
    store.recordParticipants(
      scope,
      session,
      [
        { participantId: "a", userId: "guest-1", firstJoinTime: "2026-12-07T10:00:00.000Z" },
        { participantId: "b", userId: "guest", firstJoinTime: "2026-12-07T09:00:00.000Z" },
        { participantId: "c", userId: "my-guest_x", firstJoinTime: "2026-12-07T11:00:00.000Z" },
        { participantId: "d", userId: "host", firstJoinTime: "2026-12-07T12:00:00.000Z" },
        { participantId: "e", userId: "ax", firstJoinTime: "2026-12-07T12:00:00.000Z" },
      ],
      0,
      1,
    );
    expect(store.findUser(scope, "guest").map((r) => r.userId)).toEqual(["guest", "my-guest_x", "guest-1"]);
    expect(
      store
        .findUser(scope, "gue")
        .map((r) => r.participantId)
        .sort(),
    ).toEqual(["a", "b", "c"]);
    expect(store.findUser(scope, "_x").map((r) => r.participantId)).toEqual(["c"]);
    expect(store.findUser(scope, "%")).toEqual([]);
    // Case does not matter; a user id renamed between lists is found by its new name only.
    expect(store.findUser(scope, "GUEST-1").map((r) => r.participantId)).toEqual(["a"]);
    store.recordParticipants(
      scope,
      session,
      [{ participantId: "d", userId: "renamed-host", firstJoinTime: "2026-12-07T12:00:00.000Z" }],
      2,
      3,
    );
    expect(store.findUser(scope, "renamed").map((r) => r.participantId)).toEqual(["d"]);
    expect(store.findUser({ region: "us-west-2", profile: "" }, "guest")).toEqual([]);
  });

  it("forgets sessions that ended before the retention cut-off, with their participants and events", () => {
    const store = fresh();
    store.recordSession(
      scope,
      stageArn,
      { sessionId: "st-old", startTime: "2026-10-01T00:00:00.000Z", endTime: "2026-10-01T01:00:00.000Z" },
      1,
    );
    store.recordSession(
      scope,
      stageArn,
      { sessionId: "st-new", startTime: "2026-12-01T00:00:00.000Z", endTime: "2026-12-01T01:00:00.000Z" },
      1,
    );
    store.recordParticipants(scope, { stageArn, sessionId: "st-old" }, [{ participantId: "x", userId: "gone" }], 1, 2);
    store.recordEvents(scope, { stageArn, sessionId: "st-old", participantId: "x" }, [ev("JOINED", 1)], 2, 3);
    expect(store.purge("2026-11-07T00:00:00.000Z", 0)).toBe(1);
    expect(store.sessionsOf(scope, stageArn).map((s) => s.sessionId)).toEqual(["st-new"]);
    expect(store.findUser(scope, "gone")).toEqual([]);
    expect(store.events(scope, { stageArn, sessionId: "st-old", participantId: "x" })).toEqual([]);
  });

  it("records an EventBridge event once per id", () => {
    const store = fresh();
    const record = {
      id: "e1",
      region: "us-east-1",
      detailType: "IVS Stage Update",
      eventName: "Participant Published",
      resource: stageArn,
      eventTime: "2026-12-07T10:00:00Z",
      data: {},
    };
    expect(store.recordPushed(record, 1)).toBe(true);
    expect(store.recordPushed(record, 2)).toBe(false);
    expect(store.pushedCount()).toBe(1);
  });
});
