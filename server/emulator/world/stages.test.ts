import { describe, expect, it } from "vitest";
import { joinParticipant, setPublishing } from "./live/participants";
import { quotas } from "./quotas";
import { ACCOUNT, REGION, START_MS, createStage, createStorage, must, setup } from "./test-kit";
import { verifyParticipantToken } from "./tokens";

const defaultRecording = {
  storageConfigurationArn: "",
  mediaTypes: ["AUDIO_VIDEO"],
  thumbnailConfiguration: { targetIntervalSeconds: 60, storage: ["SEQUENTIAL"], recordingMode: "DISABLED" },
  recordingReconnectWindowSeconds: 0,
  hlsConfiguration: { targetSegmentDurationSeconds: 6 },
  recordParticipantReplicas: true,
};

describe("CreateStage / GetStage", () => {
  it("creates a stage with an ARN, 12-char id, defaults, endpoints and tags", async () => {
    const kit = setup();
    const { stage, participantTokens } = await kit.call("CreateStage", { name: "show", tags: { team: "news" } });
    const created = must(stage);
    expect(created.arn).toMatch(new RegExp(`^arn:aws:ivs:${REGION}:${ACCOUNT}:stage/[A-Za-z0-9]{12}$`));
    expect(created.name).toBe("show");
    expect(created.tags).toEqual({ team: "news" });
    expect(created.activeSessionId).toBeUndefined();
    expect(created.autoParticipantRecordingConfiguration).toEqual(defaultRecording);
    expect(participantTokens).toEqual([]);
    const endpoints = must(created.endpoints);
    expect(endpoints.events).toBe("wss://global.events.live-video.net");
    expect(endpoints.whip).toMatch(/^https:\/\/[a-z0-9]{12}\.global-bm\.whip\.live-video\.net$/);
    expect(endpoints.rtmp).toMatch(/^rtmp:\/\/[a-z0-9]{12}\.global-contribute\.live-video\.net\/app\/$/);
    expect(endpoints.rtmps).toMatch(/^rtmps:\/\/[a-z0-9]{12}\.global-contribute\.live-video\.net:443\/app\/$/);
    const { stage: fetched } = await kit.call("GetStage", { arn: created.arn });
    expect(fetched).toEqual(created);
  });

  it("defaults name to an empty string and tags to {}", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    expect(stage.name).toBe("");
    expect(stage.tags).toEqual({});
  });

  it("mints one token per participantTokenConfiguration, with defaults and a verifiable JWT", async () => {
    const kit = setup();
    const { stage, participantTokens } = await kit.call("CreateStage", {
      participantTokenConfigurations: [
        { userId: "alice", attributes: { role: "host" } },
        { duration: 60, capabilities: ["SUBSCRIBE"] },
      ],
    });
    const [first, second] = must(participantTokens);
    expect(must(first).userId).toBe("alice");
    expect(must(first).attributes).toEqual({ role: "host" });
    expect(must(first).duration).toBe(720);
    expect(must(first).capabilities).toEqual(["PUBLISH", "SUBSCRIBE"]);
    expect(must(first).expirationTime).toBe(new Date(START_MS + 720 * 60_000).toISOString());
    expect(must(second).capabilities).toEqual(["SUBSCRIBE"]);
    expect(must(second).userId).toBeUndefined();
    const verified = verifyParticipantToken(kit.world.secret, must(must(first).token), START_MS);
    expect(verified.ok && verified.claims.resource).toBe(must(stage).arn);
    expect(verified.ok && verified.claims.user_id).toBe("alice");
  });

  it("fills the auto-recording defaults around a given storage configuration", async () => {
    const kit = setup();
    const storage = await createStorage(kit);
    const stage = await createStage(kit, {
      autoParticipantRecordingConfiguration: { storageConfigurationArn: storage, mediaTypes: ["AUDIO_ONLY"] },
    });
    expect(stage.autoParticipantRecordingConfiguration).toEqual({
      ...defaultRecording,
      storageConfigurationArn: storage,
      mediaTypes: ["AUDIO_ONLY"],
    });
  });

  it("404s on an unknown recording storage configuration and an unknown stage", async () => {
    const kit = setup();
    const missing = `arn:aws:ivs:${REGION}:${ACCOUNT}:storage-configuration/AAAAAAAAAAAA`;
    await kit.fails(
      "CreateStage",
      { autoParticipantRecordingConfiguration: { storageConfigurationArn: missing } },
      "ResourceNotFoundException",
    );
    await kit.fails(
      "GetStage",
      { arn: `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AAAAAAAAAAAA` },
      "ResourceNotFoundException",
    );
  });

  it("shows activeSessionId only while a session is active", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    joinParticipant(kit.store(), stage.record);
    const sessionId = must(stage.record.activeSessionId);
    expect(must((await kit.call("GetStage", { arn: stage.arn })).stage).activeSessionId).toBe(sessionId);
    expect(must((await kit.call("ListStages", {})).stages[0]).activeSessionId).toBe(sessionId);
  });

  it("enforces the stage quota (402), and not with --quotas off", async () => {
    const kit = setup();
    for (let i = 0; i < quotas.stages; i++) await kit.call("CreateStage", {});
    await kit.fails("CreateStage", {}, "ServiceQuotaExceededException");
    const relaxed = setup({ quotas: "off" });
    for (let i = 0; i <= quotas.stages; i++) await relaxed.call("CreateStage", {});
  });
});

describe("UpdateStage", () => {
  it("renames and replaces the recording configuration; '' resets it to the defaults", async () => {
    const kit = setup();
    const storage = await createStorage(kit);
    const stage = await createStage(kit, { name: "a" });
    const enabled = await kit.call("UpdateStage", {
      arn: stage.arn,
      name: "b",
      autoParticipantRecordingConfiguration: { storageConfigurationArn: storage, recordingReconnectWindowSeconds: 30 },
    });
    expect(must(enabled.stage).name).toBe("b");
    expect(must(enabled.stage).autoParticipantRecordingConfiguration).toEqual({
      ...defaultRecording,
      storageConfigurationArn: storage,
      recordingReconnectWindowSeconds: 30,
    });
    const reset = await kit.call("UpdateStage", {
      arn: stage.arn,
      autoParticipantRecordingConfiguration: {
        storageConfigurationArn: "",
        recordingReconnectWindowSeconds: 60,
        mediaTypes: ["NONE"],
      },
    });
    expect(must(reset.stage).autoParticipantRecordingConfiguration).toEqual(defaultRecording);
    expect(must(reset.stage).name).toBe("b");
  });

  it("409s when changing the recording configuration while a participant is being recorded", async () => {
    const kit = setup();
    const storage = await createStorage(kit);
    const stage = await createStage(kit, {
      autoParticipantRecordingConfiguration: { storageConfigurationArn: storage },
    });
    const participant = joinParticipant(kit.store(), stage.record);
    setPublishing(kit.store(), participant, true);
    expect(participant.data.recordingState).toBe("ACTIVE");
    expect(participant.data.recordingS3BucketName).toBe("recordings");
    await kit.fails(
      "UpdateStage",
      { arn: stage.arn, autoParticipantRecordingConfiguration: { storageConfigurationArn: "" } },
      "ConflictException",
    );
    // the same configuration, or only a new name, is fine
    await kit.call("UpdateStage", {
      arn: stage.arn,
      name: "x",
      autoParticipantRecordingConfiguration: { storageConfigurationArn: storage },
    });
    setPublishing(kit.store(), participant, false);
    await kit.call("UpdateStage", {
      arn: stage.arn,
      autoParticipantRecordingConfiguration: { storageConfigurationArn: "" },
    });
  });

  it("404s for an unknown stage", async () => {
    const kit = setup();
    await kit.fails(
      "UpdateStage",
      { arn: `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AAAAAAAAAAAA`, name: "x" },
      "ResourceNotFoundException",
    );
  });
});

describe("ListStages", () => {
  it("lists in creation order with default page size 50 and the requested maxResults", async () => {
    const kit = setup();
    const arns: string[] = [];
    for (let i = 0; i < 55; i++) arns.push((await createStage(kit, { name: `s${i}` })).arn);
    const first = await kit.call("ListStages", {});
    expect(first.stages.map((s) => s.arn)).toEqual(arns.slice(0, 50));
    const second = await kit.call("ListStages", { nextToken: must(first.nextToken) });
    expect(second.stages.map((s) => s.arn)).toEqual(arns.slice(50));
    expect(second.nextToken).toBeUndefined();
    const small = await kit.call("ListStages", { maxResults: 7 });
    expect(small.stages).toHaveLength(7);
  });
});

describe("DeleteStage", () => {
  it("disconnects participants, ends the session, detaches ingest, revokes tokens, stops compositions", async () => {
    const kit = setup();
    const store = kit.store();
    const stage = await createStage(kit, { tags: { a: "1" } });
    const { participantToken } = await kit.call("CreateParticipantToken", { stageArn: stage.arn });
    const { ingestConfiguration } = await kit.call("CreateIngestConfiguration", {
      ingestProtocol: "RTMPS",
      stageArn: stage.arn,
    });
    const encoder = must((await kit.call("CreateEncoderConfiguration", {})).encoderConfiguration).arn;
    const channelArn = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/Channel12345`;
    const { composition } = await kit.call("StartComposition", {
      stageArn: stage.arn,
      destinations: [{ channel: { channelArn, encoderConfigurationArn: encoder } }],
    });
    const participant = joinParticipant(store, stage.record, { userId: "u" });
    const session = must(store.sessions.get(must(stage.record.activeSessionId)));

    await kit.call("DeleteStage", { arn: stage.arn });

    expect(participant.data.state).toBe("DISCONNECTED");
    expect(store.events.has(session.sessionId)).toBe(false); // forgotten with the stage
    expect(session.endTime).toBeDefined();
    expect(must(store.tokens.get(must(must(participantToken).participantId))).revoked).toBe(true);
    const ingest = await kit.call("GetIngestConfiguration", { arn: must(ingestConfiguration).arn });
    expect(must(ingest.ingestConfiguration).stageArn).toBe("");
    expect(must((await kit.call("GetComposition", { arn: must(composition).arn })).composition).state).toBe("STOPPED");
    await kit.fails("GetStage", { arn: stage.arn }, "ResourceNotFoundException");
    await kit.fails("ListTagsForResource", { resourceArn: stage.arn }, "ResourceNotFoundException");
    await kit.fails("DeleteStage", { arn: stage.arn }, "ResourceNotFoundException");
  });

  it("records a LEFT event for participants it disconnects", async () => {
    const kit = setup();
    const store = kit.store();
    const stage = await createStage(kit);
    const participant = joinParticipant(store, stage.record);
    const events = must(store.events.get(participant.sessionId));
    await kit.call("DeleteStage", { arn: stage.arn });
    expect(events.map((event) => event.data.name)).toEqual(["JOINED", "LEFT"]);
  });
});
