import { describe, expect, it } from "vitest";
import {
  getParticipant,
  join,
  must,
  names,
  newStage,
  refOf,
  refused,
  simSetup,
  timeline,
  type SimKit,
} from "./test-kit";

async function ingestConfig(
  kit: SimKit,
  input: { stageArn?: string; protocol?: "RTMP" | "RTMPS"; insecureIngest?: boolean; redundantIngest?: boolean } = {},
) {
  const { ingestConfiguration } = await kit.call("CreateIngestConfiguration", {
    ingestProtocol: input.protocol ?? "RTMPS",
    userId: "encoder-1",
    attributes: { source: "obs" },
    ...(input.stageArn === undefined ? {} : { stageArn: input.stageArn }),
    ...(input.insecureIngest === undefined ? {} : { insecureIngest: input.insecureIngest }),
    ...(input.redundantIngest === undefined ? {} : { redundantIngest: input.redundantIngest }),
  });
  return must(ingestConfiguration);
}

const stateOf = async (kit: SimKit, arn: string) =>
  must((await kit.call("GetIngestConfiguration", { arn })).ingestConfiguration).state;

describe("RTMP(S) ingest through a stream key", () => {
  it("publishes: configuration ACTIVE, participant with protocol, ingestConfigurationArn, user id and attributes; stop → INACTIVE", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const config = await ingestConfig(kit, { stageArn: stage.arn });
    const live = kit.sim.ingestPublish(kit.scope, { streamKey: must(config.streamKey), protocol: "RTMPS" });
    expect(names(live.events)).toEqual(["JOINED", "PUBLISH_STARTED"]);
    expect(await stateOf(kit, config.arn)).toBe("ACTIVE");
    expect(
      (await kit.call("ListIngestConfigurations", { filterByState: "ACTIVE" })).ingestConfigurations.map((c) => c.arn),
    ).toEqual([config.arn]);
    expect(await getParticipant(kit, live)).toMatchObject({
      participantId: config.participantId,
      userId: "encoder-1",
      attributes: { source: "obs" },
      protocol: "RTMPS",
      ingestConfigurationArn: config.arn,
      published: true,
      browserName: "",
    });
    await kit.fails("UpdateIngestConfiguration", { arn: config.arn, stageArn: "" }, "ConflictException");
    const stopped = kit.sim.ingestStop(kit.scope, { streamKey: must(config.streamKey) });
    expect(names(stopped.events)).toEqual(["PUBLISH_STOPPED", "LEFT"]);
    expect(await stateOf(kit, config.arn)).toBe("INACTIVE");
    refused(() => kit.sim.ingestStop(kit.scope, { streamKey: must(config.streamKey) }), "ConflictException");
  });

  it("RTMP works with insecureIngest", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const config = await ingestConfig(kit, { stageArn: stage.arn, protocol: "RTMP", insecureIngest: true });
    const live = kit.sim.ingestPublish(kit.scope, { streamKey: must(config.streamKey), protocol: "RTMP" });
    expect(live.participant.data.protocol).toBe("RTMP");
  });

  it("INVALID_STREAM_KEY for an unknown key or a configuration without a stage", async () => {
    const kit = simSetup();
    const detached = await ingestConfig(kit);
    refused(
      () => kit.sim.ingestPublish(kit.scope, { streamKey: "rt_nope", protocol: "RTMPS" }),
      "ResourceNotFoundException",
      "INVALID_STREAM_KEY",
    );
    refused(
      () => kit.sim.ingestPublish(kit.scope, { streamKey: must(detached.streamKey), protocol: "RTMPS" }),
      "ResourceNotFoundException",
      "INVALID_STREAM_KEY",
    );
    expect(await stateOf(kit, detached.arn)).toBe("INACTIVE");
  });

  it("INVALID_PROTOCOL for RTMP without insecureIngest (recorded once the participant is in the session)", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const config = await ingestConfig(kit, { stageArn: stage.arn });
    const streamKey = must(config.streamKey);
    refused(
      () => kit.sim.ingestPublish(kit.scope, { streamKey, protocol: "RTMP" }),
      "ValidationException",
      "INVALID_PROTOCOL",
    );
    expect(await stateOf(kit, config.arn)).toBe("INACTIVE");
    const live = kit.sim.ingestPublish(kit.scope, { streamKey, protocol: "RTMPS" });
    kit.sim.drop(kit.scope, refOf(live));
    const wrong = kit.sim.ingestPublish(kit.scope, { streamKey, protocol: "RTMP" });
    expect(wrong.events).toMatchObject([{ name: "PUBLISH_ERROR", errorCode: "INVALID_PROTOCOL" }]);
    expect(wrong.participant.data.state).toBe("DISCONNECTED");
  });

  it("REUSE_OF_STREAM_KEY when the key is live already (PUBLISH_ERROR on the live participant, which keeps streaming)", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const config = await ingestConfig(kit, { stageArn: stage.arn });
    const streamKey = must(config.streamKey);
    const live = kit.sim.ingestPublish(kit.scope, { streamKey, protocol: "RTMPS" });
    const second = kit.sim.ingestPublish(kit.scope, { streamKey, protocol: "RTMPS" });
    expect(second.events).toMatchObject([{ name: "PUBLISH_ERROR", errorCode: "REUSE_OF_STREAM_KEY" }]);
    expect(live.participant.publishing).toBe(true);
    expect(await stateOf(kit, config.arn)).toBe("ACTIVE");
  });

  it("redundant ingest: both paths can be live; the configuration stays ACTIVE until both stop", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const config = await ingestConfig(kit, { stageArn: stage.arn, redundantIngest: true });
    const [primary, backup] = must(config.redundantIngestCredentials);
    kit.sim.ingestPublish(kit.scope, { streamKey: must(primary?.streamKey), protocol: "RTMPS" });
    const second = kit.sim.ingestPublish(kit.scope, { streamKey: must(backup?.streamKey), protocol: "RTMPS" });
    expect(second.participant.data).toMatchObject({ participantId: backup?.participantId, redundantIngest: true });
    kit.sim.ingestStop(kit.scope, { streamKey: must(primary?.streamKey) });
    expect(await stateOf(kit, config.arn)).toBe("ACTIVE");
    kit.sim.ingestStop(kit.scope, { streamKey: must(backup?.streamKey) });
    expect(await stateOf(kit, config.arn)).toBe("INACTIVE");
  });

  it("DisconnectParticipant detaches the configuration: the encoder cannot reconnect (INVALID_STREAM_KEY)", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const config = await ingestConfig(kit, { stageArn: stage.arn });
    const live = kit.sim.ingestPublish(kit.scope, { streamKey: must(config.streamKey), protocol: "RTMPS" });
    await kit.call("DisconnectParticipant", { stageArn: stage.arn, participantId: must(config.participantId) });
    expect(names(await timeline(kit, live))).toEqual(["JOINED", "PUBLISH_STARTED", "LEFT"]);
    expect(await stateOf(kit, config.arn)).toBe("INACTIVE");
    refused(() => kit.sim.reconnect(kit.scope, refOf(live)), "ResourceNotFoundException", "INVALID_STREAM_KEY");
  });

  it("an encoder counts towards the 12 publishers: QUOTA_EXCEEDED ends its connection", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    for (let i = 0; i < 12; i++) join(kit, stage.arn, { publish: true });
    const config = await ingestConfig(kit, { stageArn: stage.arn });
    const refusedStream = kit.sim.ingestPublish(kit.scope, { streamKey: must(config.streamKey), protocol: "RTMPS" });
    expect(refusedStream.events).toMatchObject([
      { name: "JOINED" },
      { name: "PUBLISH_ERROR", errorCode: "QUOTA_EXCEEDED" },
      { name: "LEFT" },
    ]);
    expect(await stateOf(kit, config.arn)).toBe("INACTIVE");
  });
});
