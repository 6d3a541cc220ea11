import { describe, expect, it } from "vitest";
import { ACCOUNT, REGION, createEncoder, createStorage } from "../world/test-kit";
import { defaultTiming as t } from "./timing";
import { join, must, newStage, refOf, simSetup, type SimKit } from "./test-kit";

const channelArn = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/Channel12345`;

async function startComposition(
  kit: SimKit,
  stageArn: string,
  options: { s3?: boolean; idempotencyToken?: string } = {},
) {
  const encoder = await createEncoder(kit);
  const destinations = [
    { channel: { channelArn, encoderConfigurationArn: encoder } },
    ...(options.s3
      ? [{ s3: { storageConfigurationArn: await createStorage(kit), encoderConfigurationArns: [encoder] } }]
      : []),
  ];
  const request = {
    stageArn,
    destinations,
    ...(options.idempotencyToken ? { idempotencyToken: options.idempotencyToken } : {}),
  };
  const composition = must((await kit.call("StartComposition", request)).composition);
  return { arn: composition.arn, request, composition };
}

async function get(kit: SimKit, arn: string) {
  return must((await kit.call("GetComposition", { arn })).composition);
}

/** A stage with a publisher, so compositions do not stop for lack of media. */
async function liveStage(kit: SimKit) {
  const stage = await newStage(kit);
  const host = join(kit, stage.arn, { publish: true });
  return { stage, host };
}

describe("composition lifecycle on the clock", () => {
  it("STARTING → ACTIVE after 3 s, destinations ACTIVE with startTime; S3 keeps its recordingPrefix", async () => {
    const kit = simSetup();
    const { stage } = await liveStage(kit);
    const { arn, composition } = await startComposition(kit, stage.arn, { s3: true });
    expect(composition.state).toBe("STARTING");
    const prefix = must(composition.destinations[1]?.detail?.s3?.recordingPrefix);
    kit.clock.advance(t.compositionStartDelayMs - 1);
    expect((await get(kit, arn)).state).toBe("STARTING");
    kit.clock.advance(1);
    const active = await get(kit, arn);
    expect(active.state).toBe("ACTIVE");
    expect(active.destinations.map((d) => [d.state, d.startTime])).toEqual([
      ["ACTIVE", "2026-01-01T00:00:03.000Z"],
      ["ACTIVE", "2026-01-01T00:00:03.000Z"],
    ]);
    expect(active.destinations[1]?.detail?.s3?.recordingPrefix).toBe(prefix);
  });

  it("StopComposition: STOPPING, STOPPED 2 s later with endTime; deleted 5 minutes later with its idempotency token", async () => {
    const kit = simSetup();
    const { stage } = await liveStage(kit);
    const { arn, request } = await startComposition(kit, stage.arn, { s3: true, idempotencyToken: "tok-1" });
    kit.clock.advance(10_000);
    await kit.call("StopComposition", { arn });
    const stopping = await get(kit, arn);
    expect(stopping.state).toBe("STOPPING");
    expect(stopping.destinations.map((d) => d.state)).toEqual(["STOPPING", "STOPPING"]);
    kit.clock.advance(t.compositionStopDelayMs);
    const stopped = await get(kit, arn);
    expect(stopped.state).toBe("STOPPED");
    expect(stopped.endTime).toBe("2026-01-01T00:00:12.000Z");
    expect(stopped.destinations.map((d) => [d.state, d.endTime])).toEqual([
      ["STOPPED", "2026-01-01T00:00:12.000Z"],
      ["STOPPED", "2026-01-01T00:00:12.000Z"],
    ]);
    expect(must(stopped.destinations[1]?.detail?.s3?.recordingPrefix)).toMatch(/\/composite$/);
    // a replay before deletion returns the same (stopped) composition
    expect(must((await kit.call("StartComposition", request)).composition).arn).toBe(arn);

    kit.clock.advance(t.compositionRemovalDelayMs - 1);
    expect((await kit.call("ListCompositions", {})).compositions.map((c) => c.arn)).toEqual([arn]);
    kit.clock.advance(1);
    await kit.fails("GetComposition", { arn }, "ResourceNotFoundException");
    expect((await kit.call("ListCompositions", {})).compositions).toEqual([]);
    const again = must((await kit.call("StartComposition", request)).composition);
    expect(again.arn).not.toBe(arn);
  });

  it("stops by itself 60 s after the last publisher stopped, and a publisher in time keeps it", async () => {
    const kit = simSetup();
    const { stage, host } = await liveStage(kit);
    const { arn } = await startComposition(kit, stage.arn);
    kit.clock.advance(5_000);
    kit.sim.unpublish(kit.scope, refOf(host));
    kit.clock.advance(t.compositionIdleStopMs - 1_000);
    kit.sim.publish(kit.scope, refOf(host));
    kit.clock.advance(10 * t.compositionIdleStopMs);
    expect((await get(kit, arn)).state).toBe("ACTIVE");
    kit.sim.leave(kit.scope, refOf(host));
    kit.clock.advance(t.compositionIdleStopMs - 1);
    expect((await get(kit, arn)).state).toBe("ACTIVE");
    kit.clock.advance(1);
    expect((await get(kit, arn)).state).toBe("STOPPING");
    kit.clock.advance(t.compositionStopDelayMs);
    expect((await get(kit, arn)).state).toBe("STOPPED");
  });

  it("stops 60 s after starting on a stage nobody publishes on", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    join(kit, stage.arn); // a subscriber-only audience does not count
    const { arn } = await startComposition(kit, stage.arn);
    kit.clock.advance(t.compositionIdleStopMs + t.compositionStopDelayMs);
    const stopped = await get(kit, arn);
    expect(stopped.state).toBe("STOPPED");
    expect(stopped.endTime).toBe("2026-01-01T00:01:02.000Z");
  });

  it("stops at the 24 h maximum even with publishers", async () => {
    const kit = simSetup();
    const { stage } = await liveStage(kit);
    const { arn } = await startComposition(kit, stage.arn);
    kit.clock.advance(t.compositionMaxDurationMs - 1);
    expect((await get(kit, arn)).state).toBe("ACTIVE");
    kit.clock.advance(1 + t.compositionStopDelayMs);
    expect((await get(kit, arn)).state).toBe("STOPPED");
  });

  it("destination failure: RECONNECTING → FAILED; the composition FAILS once no destination is left, then is deleted", async () => {
    const kit = simSetup();
    const { stage } = await liveStage(kit);
    const { arn, composition } = await startComposition(kit, stage.arn, { s3: true });
    const [channel, s3] = composition.destinations.map((d) => d.id);
    kit.clock.advance(t.compositionStartDelayMs);
    kit.sim.failDestination(kit.scope, arn, must(channel));
    expect((await get(kit, arn)).destinations.map((d) => d.state)).toEqual(["RECONNECTING", "ACTIVE"]);
    kit.clock.advance(t.destinationReconnectMs);
    const oneLeft = await get(kit, arn);
    expect(oneLeft.state).toBe("ACTIVE");
    expect(oneLeft.destinations.map((d) => [d.state, d.endTime])).toEqual([
      ["FAILED", "2026-01-01T00:00:13.000Z"],
      ["ACTIVE", undefined],
    ]);
    kit.sim.failDestination(kit.scope, arn, must(s3));
    kit.clock.advance(t.destinationReconnectMs);
    const failed = await get(kit, arn);
    expect(failed.state).toBe("FAILED");
    expect(failed.endTime).toBe("2026-01-01T00:00:23.000Z");
    expect(failed.destinations.map((d) => d.state)).toEqual(["FAILED", "FAILED"]);
    // StopComposition on a FAILED composition changes nothing
    await kit.call("StopComposition", { arn });
    expect((await get(kit, arn)).state).toBe("FAILED");
    kit.clock.advance(t.compositionRemovalDelayMs);
    await kit.fails("GetComposition", { arn }, "ResourceNotFoundException");
  });

  it("a reconnecting destination may recover; stopping keeps a FAILED destination FAILED", async () => {
    const kit = simSetup();
    const { stage } = await liveStage(kit);
    const { arn, composition } = await startComposition(kit, stage.arn, { s3: true });
    const [channel, s3] = composition.destinations.map((d) => must(d.id));
    kit.clock.advance(t.compositionStartDelayMs);
    kit.sim.failDestination(kit.scope, arn, must(channel), { recover: true });
    kit.clock.advance(t.destinationReconnectMs);
    expect((await get(kit, arn)).destinations.map((d) => d.state)).toEqual(["ACTIVE", "ACTIVE"]);
    kit.sim.failDestination(kit.scope, arn, must(s3));
    kit.clock.advance(t.destinationReconnectMs);
    await kit.call("StopComposition", { arn });
    kit.clock.advance(t.compositionStopDelayMs);
    expect((await get(kit, arn)).destinations.map((d) => d.state)).toEqual(["STOPPED", "FAILED"]);
    expect(() => kit.sim.failDestination(kit.scope, arn, must(channel))).toThrow(/STOPPED/);
  });

  it("an initialisation failure FAILS the composition at once", async () => {
    const kit = simSetup();
    const { stage } = await liveStage(kit);
    const { arn } = await startComposition(kit, stage.arn);
    kit.sim.failComposition(kit.scope, arn);
    const failed = await get(kit, arn);
    expect(failed.state).toBe("FAILED");
    expect(failed.destinations.map((d) => d.state)).toEqual(["FAILED"]);
    // no longer counts towards quotas
    expect(() => kit.sim.failComposition(kit.scope, arn)).toThrow(/FAILED/);
  });

  it("DeleteStage stops running compositions (STOPPING → STOPPED on the clock)", async () => {
    const kit = simSetup();
    const { stage } = await liveStage(kit);
    const { arn } = await startComposition(kit, stage.arn);
    kit.clock.advance(t.compositionStartDelayMs);
    await kit.call("DeleteStage", { arn: stage.arn });
    expect((await get(kit, arn)).state).toBe("STOPPING");
    kit.clock.advance(t.compositionStopDelayMs);
    expect((await get(kit, arn)).state).toBe("STOPPED");
  });
});
