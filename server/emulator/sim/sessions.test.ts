import { describe, expect, it } from "vitest";
import { defaultTiming } from "./timing";
import { getStage, join, must, newStage, refOf, simSetup } from "./test-kit";

const twoMinutes = defaultTiming.sessionEndDelayMs;

describe("stage sessions with the simulation", () => {
  it("opens on the first join and ends 2 minutes (virtual) after the last participant left", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    expect((await getStage(kit, stage.arn)).activeSessionId).toBeUndefined();
    const alice = join(kit, stage.arn);
    const sessionId = alice.participant.sessionId;
    expect(sessionId).toMatch(/^st-[A-Za-z0-9]{13}$/);
    expect((await getStage(kit, stage.arn)).activeSessionId).toBe(sessionId);

    kit.clock.advance(30_000);
    kit.sim.leave(kit.scope, refOf(alice));
    kit.clock.advance(twoMinutes - 1);
    expect((await getStage(kit, stage.arn)).activeSessionId).toBe(sessionId);
    kit.clock.advance(1);
    expect((await getStage(kit, stage.arn)).activeSessionId).toBeUndefined();
    const { stageSession } = await kit.call("GetStageSession", { stageArn: stage.arn, sessionId });
    expect(stageSession).toEqual({
      sessionId,
      startTime: "2026-01-01T00:00:00.000Z",
      endTime: "2026-01-01T00:02:30.000Z",
    });
  });

  it("keeps the session while anyone is connected, and when someone rejoins before it ends", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const alice = join(kit, stage.arn);
    const bob = join(kit, stage.arn);
    const sessionId = alice.participant.sessionId;
    kit.sim.leave(kit.scope, refOf(alice));
    kit.clock.advance(10 * twoMinutes);
    expect((await getStage(kit, stage.arn)).activeSessionId).toBe(sessionId);
    kit.sim.drop(kit.scope, refOf(bob));
    kit.clock.advance(twoMinutes - 1000);
    const again = kit.sim.reconnect(kit.scope, refOf(bob));
    expect(again.participant.sessionId).toBe(sessionId);
    kit.clock.advance(10 * twoMinutes);
    expect((await getStage(kit, stage.arn)).activeSessionId).toBe(sessionId);
  });

  it("counts sessions across join/leave cycles; a join after the end opens a new session", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const ids: string[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      const someone = join(kit, stage.arn);
      ids.push(someone.participant.sessionId);
      kit.clock.advance(60_000);
      kit.sim.leave(kit.scope, refOf(someone));
      kit.clock.advance(twoMinutes);
    }
    expect(new Set(ids).size).toBe(3);
    const { stageSessions } = await kit.call("ListStageSessions", { stageArn: stage.arn });
    expect(stageSessions.map((s) => s.sessionId)).toEqual([...ids].reverse());
    expect(stageSessions.every((s) => s.endTime !== undefined)).toBe(true);
    expect((await getStage(kit, stage.arn)).activeSessionId).toBeUndefined();
  });

  it("a participant that reconnects after the session ended joins a new session with the same id", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const alice = join(kit, stage.arn);
    kit.sim.drop(kit.scope, refOf(alice));
    kit.clock.advance(twoMinutes);
    const back = kit.sim.reconnect(kit.scope, refOf(alice));
    expect(back.participant.sessionId).not.toBe(alice.participant.sessionId);
    expect(back.participant.data.participantId).toBe(alice.participant.data.participantId);
    expect(back.participant.data.firstJoinTime).toBe("2026-01-01T00:02:00.000Z");
  });

  it("takes the delay from the timing (--session-end-delay)", async () => {
    const kit = simSetup({ timing: { sessionEndDelayMs: 5_000 } });
    const stage = await newStage(kit);
    const alice = join(kit, stage.arn);
    kit.sim.leave(kit.scope, refOf(alice));
    kit.clock.advance(5_000);
    expect(
      must(
        (await kit.call("GetStageSession", { stageArn: stage.arn, sessionId: alice.participant.sessionId }))
          .stageSession,
      ).endTime,
    ).toBe("2026-01-01T00:00:05.000Z");
  });
});
