import { describe, expect, it } from "vitest";
import { createStorage } from "../world/test-kit";
import { defaultTiming as t } from "./timing";
import { getParticipant, join, newStage, refOf, simSetup, type SimKit } from "./test-kit";

async function recordedStage(kit: SimKit, recordingReconnectWindowSeconds = 0) {
  const storageConfigurationArn = await createStorage(kit);
  return newStage(kit, {
    autoParticipantRecordingConfiguration: { storageConfigurationArn, recordingReconnectWindowSeconds },
  });
}

describe("individual participant recording on the clock", () => {
  it("STOPPED until publishing; STARTING → ACTIVE shortly after; STOPPING → STOPPED after unpublishing", async () => {
    const kit = simSetup();
    const stage = await recordedStage(kit);
    const host = join(kit, stage.arn);
    expect((await getParticipant(kit, host)).recordingState).toBe("STOPPED");
    kit.clock.advance(55_000);
    kit.sim.publish(kit.scope, refOf(host));
    const starting = await getParticipant(kit, host);
    expect(starting).toMatchObject({
      recordingState: "STARTING",
      recordingS3BucketName: "recordings",
      recordingS3Prefix: `${stage.record.id}/${host.participant.sessionId}/${host.participant.data.participantId}/2026-01-01T00-00-55Z`,
    });
    kit.clock.advance(t.recordingStartDelayMs);
    expect((await getParticipant(kit, host)).recordingState).toBe("ACTIVE");
    const { participants } = await kit.call("ListParticipants", {
      stageArn: stage.arn,
      sessionId: host.participant.sessionId,
      filterByRecordingState: "ACTIVE",
    });
    expect(participants).toHaveLength(1);
    kit.sim.unpublish(kit.scope, refOf(host));
    expect((await getParticipant(kit, host)).recordingState).toBe("STOPPING");
    kit.clock.advance(t.recordingStopDelayMs);
    expect((await getParticipant(kit, host)).recordingState).toBe("STOPPED");
  });

  it("STOPPED is delayed by recordingReconnectWindowSeconds; rejoining within the window keeps the prefix", async () => {
    const kit = simSetup();
    const stage = await recordedStage(kit, 30);
    const host = join(kit, stage.arn, { publish: true });
    join(kit, stage.arn); // keeps the session
    kit.clock.advance(t.recordingStartDelayMs);
    const prefix = host.participant.data.recordingS3Prefix;
    kit.clock.advance(8_000);
    kit.sim.drop(kit.scope, refOf(host));
    kit.clock.advance(20_000);
    expect(host.participant.data.recordingState).toBe("STOPPING");
    kit.sim.reconnect(kit.scope, refOf(host));
    expect(host.participant.data.recordingState).toBe("ACTIVE");
    expect(host.participant.data.recordingS3Prefix).toBe(prefix);

    kit.sim.leave(kit.scope, refOf(host));
    kit.clock.advance(30_000 + t.recordingStopDelayMs - 1);
    expect(host.participant.data.recordingState).toBe("STOPPING");
    kit.clock.advance(1);
    expect(host.participant.data.recordingState).toBe("STOPPED");
    kit.sim.reconnect(kit.scope, refOf(host));
    kit.sim.publish(kit.scope, refOf(host));
    expect(host.participant.data.recordingState).toBe("STARTING");
    expect(host.participant.data.recordingS3Prefix).not.toBe(prefix);
  });

  it("without a storage configuration recording is DISABLED", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const host = join(kit, stage.arn, { publish: true });
    kit.clock.advance(10_000);
    expect((await getParticipant(kit, host)).recordingState).toBe("DISABLED");
  });

  it("UpdateStage is refused while a recording is STARTING or ACTIVE", async () => {
    const kit = simSetup();
    const stage = await recordedStage(kit);
    join(kit, stage.arn, { publish: true });
    await kit.fails(
      "UpdateStage",
      { arn: stage.arn, autoParticipantRecordingConfiguration: { storageConfigurationArn: "" } },
      "ConflictException",
    );
  });
});
