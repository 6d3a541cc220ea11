import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase } from "@/server/db/testing";
import { createObservationStore, eventKeys, type ParticipantEvent } from "./store";

const scope = { region: "us-east-1", profile: "" };
const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl";
const session = { stageArn, sessionId: "st-aaaaaaaaaaaa" };
const p1 = { ...session, participantId: "p1" };

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

describe.each(testEngines)("observation store on %s", (engine) => {
  const handles: TestDatabase[] = [];
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
  });
  async function fresh() {
    const handle = await openTestDatabase(engine);
    handles.push(handle);
    return createObservationStore(async () => handle);
  }

  describe("observation store: identity and de-duplication", () => {
    it("stores overlapping reads of a participant's events once, newest first, in the API's order", async () => {
      const store = await fresh();
      await store.recordParticipants(
        scope,
        session,
        [{ participantId: "p1", userId: "alice", state: "CONNECTED" }],
        0,
        1,
      );
      const first = [ev("PUBLISH_STARTED", 2), ev("JOINED", 1)];
      expect(await store.recordEvents(scope, p1, first, 1, 2)).toEqual({ added: 2, settled: true });
      // The next read overlaps the first completely and adds one newer event.
      const second = [ev("PUBLISH_STOPPED", 3), ...first];
      expect(await store.recordEvents(scope, p1, second, 3, 4)).toEqual({ added: 1, settled: false });
      expect(await store.recordEvents(scope, p1, second, 5, 6)).toEqual({ added: 0, settled: false });
      expect((await store.events(scope, p1)).map((e) => e.name)).toEqual([
        "PUBLISH_STOPPED",
        "PUBLISH_STARTED",
        "JOINED",
      ]);
    });

    it("keeps two identical events as two (an occurrence count is part of the identity)", async () => {
      const store = await fresh();
      const twice = [
        ev("SUBSCRIBE_ERROR", 5, { errorCode: "PUBLISHER_NOT_FOUND", remoteParticipantId: "p2" }),
        ev("SUBSCRIBE_ERROR", 5, { errorCode: "PUBLISHER_NOT_FOUND", remoteParticipantId: "p2" }),
      ];
      const keys = eventKeys(twice);
      expect(keys[0]).not.toBe(keys[1]);
      expect(keys[0]?.split("#")[0]).toBe(keys[1]?.split("#")[0]);
      await store.recordEvents(scope, p1, twice, 0, 1);
      await store.recordEvents(scope, p1, twice, 2, 3);
      expect(await store.events(scope, p1)).toHaveLength(2);
    });

    it("does not depend on the order of an event's members", async () => {
      const a = eventKeys([{ name: "JOINED", participantId: "p1", eventTime: "2026-12-07T10:00:00.000Z" }]);
      const b = eventKeys([{ eventTime: "2026-12-07T10:00:00.000Z", participantId: "p1", name: "JOINED" }]);
      expect(a).toEqual(b);
    });

    it("marks a participant for an events read when its summary changes, and only then", async () => {
      const store = await fresh();
      expect(
        await store.recordParticipants(scope, session, [{ participantId: "p1", state: "CONNECTED" }], 0, 1),
      ).toEqual(["p1"]);
      await store.recordEvents(scope, p1, [ev("JOINED", 1)], 1, 2);
      expect((await store.participantWork(scope)).find((w) => w.participantId === "p1")?.eventsWanted).toBe(false);
      expect(
        await store.recordParticipants(scope, session, [{ participantId: "p1", state: "CONNECTED" }], 3, 4),
      ).toEqual([]);
      expect(
        await store.recordParticipants(scope, session, [{ participantId: "p1", state: "DISCONNECTED" }], 5, 6),
      ).toEqual(["p1"]);
      expect((await store.participantWork(scope)).find((w) => w.participantId === "p1")?.eventsWanted).toBe(true);
    });

    it("keeps the 'wanted' mark when the participant changed again while its events were being read", async () => {
      const store = await fresh();
      await store.recordParticipants(scope, session, [{ participantId: "p1", state: "CONNECTED" }], 0, 1);
      await store.recordEvents(scope, p1, [ev("JOINED", 1)], 10, 11);
      await store.wantParticipant(scope, p1, 20);
      // A read that started before the change does not clear it.
      await store.recordEvents(scope, p1, [ev("JOINED", 1)], 15, 25);
      expect((await store.participantWork(scope)).find((w) => w.participantId === "p1")?.eventsWanted).toBe(true);
      await store.recordEvents(scope, p1, [ev("JOINED", 1)], 30, 31);
      expect((await store.participantWork(scope)).find((w) => w.participantId === "p1")?.eventsWanted).toBe(false);
    });
  });

  describe("observation store: sessions, coverage, history", () => {
    it("reports sessions that start and end between two stage lists, including stages that disappeared", async () => {
      const store = await fresh();
      const other = "arn:aws:ivs:us-east-1:123456789012:stage/ZzZzZzZzZzZz";
      expect(
        await store.recordStages(
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
      expect(await store.recordStages(scope, [{ arn: stageArn }], 2)).toEqual([
        { kind: "ended", stageArn, sessionId: "st-aaaaaaaaaaaa" },
        { kind: "ended", stageArn: other, sessionId: "st-bbbbbbbbbbbb" },
      ]);
      expect((await store.stages(scope)).map((s) => s.arn)).toEqual([stageArn]);
    });

    it("says a session is complete only when every participant's events were read after its last change", async () => {
      const store = await fresh();
      await store.recordStages(scope, [{ arn: stageArn, activeSessionId: session.sessionId }], 1);
      expect((await store.coverage(scope, session)).observed).toBe(false);
      await store.recordParticipants(
        scope,
        session,
        [
          { participantId: "p1", state: "CONNECTED" },
          { participantId: "p2", state: "DISCONNECTED" },
        ],
        2,
        3,
      );
      expect(await store.coverage(scope, session)).toMatchObject({ observed: true, pending: 2, total: 2 });
      await store.recordEvents(scope, p1, [ev("JOINED", 1)], 4, 5);
      await store.recordEvents(scope, { ...session, participantId: "p2" }, [], 4, 6);
      expect(await store.coverage(scope, session)).toEqual({ observed: true, pending: 0, total: 2, asOf: 3 });
    });

    it("finds user ids by exact value, prefix and substring, exact first, with LIKE wildcards taken literally", async () => {
      const store = await fresh();
      await store.recordParticipants(
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
      expect((await store.findUser(scope, "guest")).map((r) => r.userId)).toEqual(["guest", "my-guest_x", "guest-1"]);
      expect((await store.findUser(scope, "gue")).map((r) => r.participantId).sort()).toEqual(["a", "b", "c"]);
      expect((await store.findUser(scope, "_x")).map((r) => r.participantId)).toEqual(["c"]);
      expect(await store.findUser(scope, "%")).toEqual([]);
      // Case does not matter; a user id renamed between lists is found by its new name only.
      expect((await store.findUser(scope, "GUEST-1")).map((r) => r.participantId)).toEqual(["a"]);
      await store.recordParticipants(
        scope,
        session,
        [{ participantId: "d", userId: "renamed-host", firstJoinTime: "2026-12-07T12:00:00.000Z" }],
        2,
        3,
      );
      expect((await store.findUser(scope, "renamed")).map((r) => r.participantId)).toEqual(["d"]);
      expect(await store.findUser({ region: "us-west-2", profile: "" }, "guest")).toEqual([]);
    });

    it("forgets sessions that ended before the retention cut-off, with their participants and events", async () => {
      const store = await fresh();
      await store.recordSession(
        scope,
        stageArn,
        { sessionId: "st-old", startTime: "2026-10-01T00:00:00.000Z", endTime: "2026-10-01T01:00:00.000Z" },
        1,
      );
      await store.recordSession(
        scope,
        stageArn,
        { sessionId: "st-new", startTime: "2026-12-01T00:00:00.000Z", endTime: "2026-12-01T01:00:00.000Z" },
        1,
      );
      await store.recordParticipants(
        scope,
        { stageArn, sessionId: "st-old" },
        [{ participantId: "x", userId: "gone" }],
        1,
        2,
      );
      await store.recordEvents(scope, { stageArn, sessionId: "st-old", participantId: "x" }, [ev("JOINED", 1)], 2, 3);
      expect(await store.purge("2026-11-07T00:00:00.000Z", 0)).toBe(1);
      expect((await store.sessionsOf(scope, stageArn)).map((s) => s.sessionId)).toEqual(["st-new"]);
      expect(await store.findUser(scope, "gone")).toEqual([]);
      expect(await store.events(scope, { stageArn, sessionId: "st-old", participantId: "x" })).toEqual([]);
    });

    it("records an EventBridge event once per id", async () => {
      const store = await fresh();
      const record = {
        id: "e1",
        region: "us-east-1",
        detailType: "IVS Stage Update",
        eventName: "Participant Published",
        resource: stageArn,
        eventTime: "2026-12-07T10:00:00Z",
        data: {},
      };
      expect(await store.recordPushed(record, 1)).toBe(true);
      expect(await store.recordPushed(record, 2)).toBe(false);
      expect(await store.pushedCount()).toBe(1);
    });
  });
});
