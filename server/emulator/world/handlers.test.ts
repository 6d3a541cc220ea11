import { describe, expect, it } from "vitest";
import { operations, type OperationName } from "@/lib/ivs/operations";
import { samplePublicKeyPem } from "@/lib/ivs/samples";
import { manualClock } from "../clock";
import type { EmulatorConfig } from "../config";
import { createHandlers } from "./handlers";
import { joinParticipant, setPublishing } from "./live/participants";
import { ACCOUNT, REGION, START_MS, createEncoder, createStage, createStorage, must, setup } from "./test-kit";

const channelArn = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/Channel12345`;

describe("createHandlers", () => {
  it("accepts the emulator's clock and config and implements all 39 operations", async () => {
    const config: EmulatorConfig = {
      host: "127.0.0.1",
      port: 0,
      quotas: "realistic",
      world: "empty",
      seed: 1,
      speed: 1,
      allowedOrigins: [],
      credentials: [],
    };
    const handlers = createHandlers({ clock: manualClock(START_MS), config });
    const names = Object.keys(operations).sort();
    expect(names).toHaveLength(39);
    expect(Object.keys(handlers).sort()).toEqual(names);
    const output = await handlers.ListStages(
      {},
      { account: ACCOUNT, region: REGION, requestId: "r", operation: "ListStages" },
    );
    expect(output).toEqual({ stages: [] });
  });
});

describe("every operation", () => {
  it("succeeds once in one scenario, each output parsing with its output schema", async () => {
    const kit = setup();
    const storage = await createStorage(kit);
    const encoder = await createEncoder(kit);
    const stage = await createStage(kit, { name: "main", participantTokenConfigurations: [{ userId: "host" }] });
    const destination = await createStage(kit, { name: "mirror" });
    await kit.call("GetStage", { arn: stage.arn });
    await kit.call("ListStages", {});
    await kit.call("UpdateStage", {
      arn: stage.arn,
      autoParticipantRecordingConfiguration: { storageConfigurationArn: storage },
    });
    const token = must(
      (await kit.call("CreateParticipantToken", { stageArn: stage.arn, userId: "guest" })).participantToken,
    );

    const host = joinParticipant(kit.store(), stage.record, { userId: "host", protocol: "WHIP" });
    setPublishing(kit.store(), host, true);
    const guest = joinParticipant(kit.store(), stage.record, { participantId: token.participantId, userId: "guest" });
    const sessionId = host.sessionId;
    await kit.call("GetStageSession", { stageArn: stage.arn, sessionId });
    await kit.call("ListStageSessions", { stageArn: stage.arn });
    await kit.call("GetParticipant", { stageArn: stage.arn, sessionId, participantId: host.data.participantId });
    await kit.call("ListParticipants", { stageArn: stage.arn, sessionId });
    await kit.call("ListParticipantEvents", { stageArn: stage.arn, sessionId, participantId: host.data.participantId });

    const replication = {
      sourceStageArn: stage.arn,
      destinationStageArn: destination.arn,
      participantId: host.data.participantId,
    };
    await kit.call("StartParticipantReplication", { ...replication, reconnectWindowSeconds: 30 });
    await kit.call("ListParticipantReplicas", { sourceStageArn: stage.arn, participantId: host.data.participantId });
    await kit.call("StopParticipantReplication", replication);

    const { composition } = await kit.call("StartComposition", {
      stageArn: stage.arn,
      idempotencyToken: "abc",
      layout: { grid: { featuredParticipantAttribute: "featured" } },
      destinations: [
        { channel: { channelArn, encoderConfigurationArn: encoder } },
        { s3: { storageConfigurationArn: storage, encoderConfigurationArns: [encoder] } },
      ],
    });
    await kit.call("GetComposition", { arn: must(composition).arn });
    await kit.call("ListCompositions", { filterByStageArn: stage.arn });
    await kit.call("StopComposition", { arn: must(composition).arn });

    await kit.call("GetEncoderConfiguration", { arn: encoder });
    await kit.call("ListEncoderConfigurations", {});
    await kit.call("GetStorageConfiguration", { arn: storage });
    await kit.call("ListStorageConfigurations", {});

    const ingest = must(
      (
        await kit.call("CreateIngestConfiguration", {
          ingestProtocol: "RTMP",
          insecureIngest: true,
          stageArn: stage.arn,
          userId: "encoder",
          attributes: { cam: "1" },
        })
      ).ingestConfiguration,
    );
    await kit.call("GetIngestConfiguration", { arn: ingest.arn });
    await kit.call("ListIngestConfigurations", { filterByStageArn: stage.arn });
    await kit.call("UpdateIngestConfiguration", { arn: ingest.arn, redundantIngest: true });

    const key = must((await kit.call("ImportPublicKey", { publicKeyMaterial: samplePublicKeyPem })).publicKey);
    await kit.call("GetPublicKey", { arn: must(key.arn) });
    await kit.call("ListPublicKeys", {});

    await kit.call("TagResource", { resourceArn: stage.arn, tags: { env: "test" } });
    await kit.call("ListTagsForResource", { resourceArn: stage.arn });
    await kit.call("UntagResource", { resourceArn: stage.arn, tagKeys: ["env"] });

    await kit.call("DisconnectParticipant", {
      stageArn: stage.arn,
      participantId: guest.data.participantId,
      reason: "done",
    });
    await kit.call("DeletePublicKey", { arn: must(key.arn) });
    await kit.call("DeleteIngestConfiguration", { arn: ingest.arn });
    await kit.call("DeleteEncoderConfiguration", { arn: encoder });
    await kit.call("DeleteStage", { arn: stage.arn });
    await kit.call("DeleteStorageConfiguration", { arn: storage });

    const all = Object.keys(operations) as OperationName[];
    expect(all.filter((name) => !kit.called.has(name))).toEqual([]);
  });
});
