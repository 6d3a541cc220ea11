import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CreateIngestConfigurationInput,
  CreateParticipantTokenInput,
  CreateStageInput,
  CreateStageOutput,
  CreateEncoderConfigurationInput,
  GetCompositionOutput,
  GetParticipantOutput,
  ListIngestConfigurationsInput,
  ListParticipantEventsOutput,
  ListParticipantsInput,
  ListStageSessionsOutput,
  StartCompositionInput,
  UntagResourceInput,
  listOperationNames,
  operationNames,
  operations,
  type InputOf,
  type ListOperationName,
  type OperationName,
  type OutputOf,
} from "./operations";
import {
  CHANNEL_ARN,
  COMPOSITION_ARN,
  ENCODER_ARN,
  INGEST_ARN,
  PEM,
  PUBLIC_KEY_ARN,
  SESSION_ID,
  STAGE_ARN,
  STAGE_ARN_2,
  STORAGE_ARN,
  issuePaths,
} from "./test-helpers";

/** The smallest valid input of every operation (typed through InputOf, so this also checks the types). */
const minimalInputs: { [N in OperationName]: InputOf<N> } = {
  CreateStage: {},
  GetStage: { arn: STAGE_ARN },
  UpdateStage: { arn: STAGE_ARN },
  DeleteStage: { arn: STAGE_ARN },
  ListStages: {},
  CreateParticipantToken: { stageArn: STAGE_ARN },
  DisconnectParticipant: { stageArn: STAGE_ARN, participantId: "abCDEf12GHIj" },
  GetStageSession: { stageArn: STAGE_ARN, sessionId: SESSION_ID },
  ListStageSessions: { stageArn: STAGE_ARN },
  GetParticipant: { stageArn: STAGE_ARN, sessionId: SESSION_ID, participantId: "abCDEf12GHIj" },
  ListParticipants: { stageArn: STAGE_ARN, sessionId: SESSION_ID },
  ListParticipantEvents: { stageArn: STAGE_ARN, sessionId: SESSION_ID, participantId: "abCDEf12GHIj" },
  StartParticipantReplication: { sourceStageArn: STAGE_ARN, destinationStageArn: STAGE_ARN_2, participantId: "p1" },
  StopParticipantReplication: { sourceStageArn: STAGE_ARN, destinationStageArn: STAGE_ARN_2, participantId: "p1" },
  ListParticipantReplicas: { sourceStageArn: STAGE_ARN, participantId: "p1" },
  StartComposition: { stageArn: STAGE_ARN, destinations: [{ channel: { channelArn: CHANNEL_ARN } }] },
  GetComposition: { arn: COMPOSITION_ARN },
  StopComposition: { arn: COMPOSITION_ARN },
  ListCompositions: {},
  CreateEncoderConfiguration: {},
  GetEncoderConfiguration: { arn: ENCODER_ARN },
  DeleteEncoderConfiguration: { arn: ENCODER_ARN },
  ListEncoderConfigurations: {},
  CreateStorageConfiguration: { s3: { bucketName: "amzn-s3-demo-bucket" } },
  GetStorageConfiguration: { arn: STORAGE_ARN },
  DeleteStorageConfiguration: { arn: STORAGE_ARN },
  ListStorageConfigurations: {},
  CreateIngestConfiguration: { ingestProtocol: "RTMPS" },
  GetIngestConfiguration: { arn: INGEST_ARN },
  UpdateIngestConfiguration: { arn: INGEST_ARN },
  DeleteIngestConfiguration: { arn: INGEST_ARN },
  ListIngestConfigurations: {},
  ImportPublicKey: { publicKeyMaterial: PEM },
  GetPublicKey: { arn: PUBLIC_KEY_ARN },
  DeletePublicKey: { arn: PUBLIC_KEY_ARN },
  ListPublicKeys: {},
  ListTagsForResource: { resourceArn: STAGE_ARN },
  TagResource: { resourceArn: STAGE_ARN, tags: { env: "dev" } },
  UntagResource: { resourceArn: STAGE_ARN, tagKeys: ["env"] },
};

describe("operations table", () => {
  it("has 39 operations keyed by their own name", () => {
    expect(operationNames).toHaveLength(39);
    for (const name of operationNames) expect(operations[name].name).toBe(name);
  });

  it("routes 36 operations as POST /<Name> and the tag operations under /tags/{resourceArn}", () => {
    const plain = operationNames.filter((name) => operations[name].path === `/${name}`);
    expect(plain).toHaveLength(36);
    for (const name of plain) expect(operations[name].method).toBe("POST");
    expect(operations.ListTagsForResource).toMatchObject({ method: "GET", path: "/tags/{resourceArn}" });
    expect(operations.TagResource).toMatchObject({ method: "POST", path: "/tags/{resourceArn}" });
    expect(operations.UntagResource).toMatchObject({
      method: "DELETE",
      path: "/tags/{resourceArn}",
      query: ["tagKeys"],
    });
  });

  it("marks Create/Delete/Update/Start/Stop/Tag/Untag/Import/Disconnect as mutating", () => {
    const mutatingPrefix = /^(Create|Delete|Update|Start|Stop|Tag|Untag|Import|Disconnect)/;
    for (const name of operationNames)
      expect([name, operations[name].mutating]).toEqual([name, mutatingPrefix.test(name)]);
  });

  it("carries the documented TPS quotas, none for replication", () => {
    const tps = Object.fromEntries(operationNames.map((name) => [name, operations[name].tps]));
    expect(tps.CreateParticipantToken).toBe(50);
    expect(tps.CreateStage).toBe(5);
    expect(tps.ListPublicKeys).toBe(3);
    expect(tps.ImportPublicKey).toBe(3);
    expect(tps.TagResource).toBe(10);
    expect(tps.StartParticipantReplication).toBeUndefined();
    expect(tps.StopParticipantReplication).toBeUndefined();
    expect(tps.ListParticipantReplicas).toBeUndefined();
    const undocumented = operationNames.filter((name) => operations[name].tps === undefined);
    expect(undocumented.sort()).toEqual([
      "ListParticipantReplicas",
      "StartParticipantReplication",
      "StopParticipantReplication",
    ]);
  });

  it("lists the 10 paginated operations with their items member", () => {
    const expected: Record<ListOperationName, string> = {
      ListStages: "stages",
      ListStageSessions: "stageSessions",
      ListParticipants: "participants",
      ListParticipantEvents: "events",
      ListParticipantReplicas: "replicas",
      ListCompositions: "compositions",
      ListEncoderConfigurations: "encoderConfigurations",
      ListStorageConfigurations: "storageConfigurations",
      ListIngestConfigurations: "ingestConfigurations",
      ListPublicKeys: "publicKeys",
    };
    expect(Object.fromEntries(listOperationNames.map((name) => [name, operations[name].items]))).toEqual(expected);
  });
});

describe("inputs", () => {
  it.each(operationNames)("%s: a minimal input parses to exactly itself (no defaults added)", (name) => {
    const value = minimalInputs[name];
    expect(operations[name].input.parse(value)).toEqual(value);
  });

  it.each(operationNames)("%s: the input converts to JSON Schema", (name) => {
    expect(() => z.toJSONSchema(operations[name].input, { io: "input" })).not.toThrow();
  });

  it("reports missing required members", () => {
    expect(issuePaths(operations.GetParticipant.input, { stageArn: STAGE_ARN })).toEqual([
      "sessionId: Member is required",
      "participantId: Member is required",
    ]);
    expect(issuePaths(StartCompositionInput, { stageArn: STAGE_ARN })).toEqual(["destinations: Member is required"]);
    expect(issuePaths(UntagResourceInput, { resourceArn: STAGE_ARN })).toEqual(["tagKeys: Member is required"]);
  });

  it("strips unknown members rather than forwarding them", () => {
    expect(CreateStageInput.parse({ name: "s", bogus: 1 })).toEqual({ name: "s" });
  });

  it("UntagResource: tagKeys 0–50", () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);
    expect(issuePaths(UntagResourceInput, { resourceArn: STAGE_ARN, tagKeys: [] })).toEqual([]);
    expect(issuePaths(UntagResourceInput, { resourceArn: STAGE_ARN, tagKeys: keys(50) })).toEqual([]);
    expect(issuePaths(UntagResourceInput, { resourceArn: STAGE_ARN, tagKeys: keys(51) })).toEqual([
      "tagKeys: Member must have length less than or equal to 50",
    ]);
  });
});

describe("cross-field rules", () => {
  describe("CreateIngestConfiguration: RTMP requires insecureIngest: true", () => {
    it.each([
      [{ ingestProtocol: "RTMP", insecureIngest: true }, []],
      [{ ingestProtocol: "RTMPS" }, []],
      [{ ingestProtocol: "RTMPS", insecureIngest: false }, []],
      [{ ingestProtocol: "RTMP" }, ["insecureIngest: Member must be true when ingestProtocol is RTMP"]],
      [
        { ingestProtocol: "RTMP", insecureIngest: false },
        ["insecureIngest: Member must be true when ingestProtocol is RTMP"],
      ],
    ])("%j", (value, expected) => {
      expect(issuePaths(CreateIngestConfigurationInput, value)).toEqual(expected);
    });
  });

  describe("ListParticipants: at most one filter", () => {
    const base = { stageArn: STAGE_ARN, sessionId: SESSION_ID };
    it("accepts no filter or any single filter", () => {
      for (const filter of [
        {},
        { filterByUserId: "u" },
        { filterByPublished: true },
        { filterByState: "CONNECTED" },
        { filterByRecordingState: "ACTIVE" },
      ]) {
        expect(issuePaths(ListParticipantsInput, { ...base, ...filter })).toEqual([]);
      }
    });
    it("rejects two filters on the second, naming both and the rule", () => {
      expect(issuePaths(ListParticipantsInput, { ...base, filterByUserId: "u", filterByState: "CONNECTED" })).toEqual([
        "filterByState: Member must not be set together with filterByUserId: at most one of filterByUserId, filterByPublished, filterByState, filterByRecordingState may be set",
      ]);
    });
    it("counts filterByPublished: false as set", () => {
      expect(
        issuePaths(ListParticipantsInput, { ...base, filterByPublished: false, filterByRecordingState: "FAILED" }),
      ).toHaveLength(1);
    });
    it("reports each extra filter", () => {
      const all = {
        filterByUserId: "u",
        filterByPublished: true,
        filterByState: "CONNECTED",
        filterByRecordingState: "ACTIVE",
      };
      expect(issuePaths(ListParticipantsInput, { ...base, ...all }).map((p) => p.split(":")[0])).toEqual([
        "filterByPublished",
        "filterByState",
        "filterByRecordingState",
      ]);
    });
  });

  describe("ListIngestConfigurations: at most one filter", () => {
    it.each([
      [{}, 0],
      [{ filterByStageArn: STAGE_ARN }, 0],
      [{ filterByState: "ACTIVE" }, 0],
      [{ filterByStageArn: STAGE_ARN, filterByState: "ACTIVE" }, 1],
    ])("%j → %i issue(s)", (value, count) => {
      expect(issuePaths(ListIngestConfigurationsInput, value)).toHaveLength(count);
    });
    it("names the filters", () => {
      expect(
        issuePaths(ListIngestConfigurationsInput, { filterByStageArn: STAGE_ARN, filterByState: "ACTIVE" }),
      ).toEqual([
        "filterByState: Member must not be set together with filterByStageArn: at most one of filterByStageArn, filterByState may be set",
      ]);
    });
  });

  describe("Video: even sides and at most 2,073,600 pixels", () => {
    const video = (v: object) => issuePaths(CreateEncoderConfigurationInput, { video: v });
    it.each([
      [{ width: 1920, height: 1080 }],
      [{ width: 1080, height: 1920 }],
      [{ width: 1440, height: 1440 }], // 2,073,600 exactly
      [{ width: 1920 }], // height defaults to 720
      [{ height: 1080 }], // width defaults to 1280
      [{}],
    ])("accepts %j", (v) => expect(video(v)).toEqual([]));

    it("rejects more pixels, on the video member", () => {
      expect(video({ width: 1920, height: 1082 })).toEqual([
        "video: Member must have width × height less than or equal to 2073600 (got 1920 × 1082 = 2077440)",
      ]);
      expect(video({ width: 1442, height: 1440 })).toHaveLength(1);
      // Height 1920 with the default width 1280 is over budget too.
      expect(video({ height: 1920 })).toEqual([
        "video: Member must have width × height less than or equal to 2073600 (got 1280 × 1920 = 2457600)",
      ]);
    });

    it("rejects odd sides", () => {
      expect(video({ width: 1279, height: 719 })).toEqual([
        "video.width: Member must be an even number",
        "video.height: Member must be an even number",
      ]);
    });
  });

  describe("StartComposition destinations", () => {
    const channel = { channel: { channelArn: CHANNEL_ARN, encoderConfigurationArn: ENCODER_ARN } };
    const s3 = { s3: { storageConfigurationArn: STORAGE_ARN, encoderConfigurationArns: [ENCODER_ARN] } };
    const start = (destinations: unknown[]) => issuePaths(StartCompositionInput, { stageArn: STAGE_ARN, destinations });

    it("accepts one channel, one s3, or one of each", () => {
      expect(start([channel])).toEqual([]);
      expect(start([s3])).toEqual([]);
      expect(start([channel, s3])).toEqual([]);
      expect(
        start([
          { name: "rec", ...s3 },
          { name: "live", ...channel },
        ]),
      ).toEqual([]);
    });

    it("needs 1–2 destinations", () => {
      expect(start([])).toEqual(["destinations: Member must have length greater than or equal to 1"]);
      expect(start([channel, s3, s3])).toContain("destinations: Member must have length less than or equal to 2");
    });

    it("allows at most one channel and at most one s3 destination", () => {
      expect(start([channel, channel])).toEqual([
        "destinations.1.channel: Member must not be set: at most one channel destination is allowed (destination 0 already has one)",
      ]);
      expect(start([s3, s3])).toEqual([
        "destinations.1.s3: Member must not be set: at most one s3 destination is allowed (destination 0 already has one)",
      ]);
    });

    it("needs exactly one of channel or s3 in each destination", () => {
      expect(start([{ name: "x" }])).toEqual(["destinations.0: Member must set either channel or s3"]);
      expect(start([{ ...channel, ...s3 }])).toEqual([
        "destinations.0: Member must set only one of channel or s3, not both",
      ]);
    });

    it("s3: exactly one encoder configuration", () => {
      const withArns = (arns: string[]) => start([{ s3: { ...s3.s3, encoderConfigurationArns: arns } }]);
      expect(withArns([])).toEqual([
        "destinations.0.s3.encoderConfigurationArns: Member must have length greater than or equal to 1",
      ]);
      expect(withArns([ENCODER_ARN, ENCODER_ARN])).toEqual([
        "destinations.0.s3.encoderConfigurationArns: Member must have length less than or equal to 1",
      ]);
    });

    it("s3: 0–1 thumbnail configurations with 0–2 distinct storage types", () => {
      const withThumbs = (thumbnailConfigurations: unknown[]) => start([{ s3: { ...s3.s3, thumbnailConfigurations } }]);
      expect(withThumbs([])).toEqual([]);
      expect(withThumbs([{ targetIntervalSeconds: 10, storage: ["SEQUENTIAL", "LATEST"] }])).toEqual([]);
      expect(withThumbs([{}, {}])).toEqual([
        "destinations.0.s3.thumbnailConfigurations: Member must have length less than or equal to 1",
      ]);
      expect(withThumbs([{ storage: ["LATEST", "LATEST"] }])).toEqual([
        "destinations.0.s3.thumbnailConfigurations.0.storage: Member must have unique items",
      ]);
      expect(withThumbs([{ storage: ["LATEST", "SEQUENTIAL", "LATEST"] }])).toContain(
        "destinations.0.s3.thumbnailConfigurations.0.storage: Member must have length less than or equal to 2",
      );
    });
  });

  describe("CreateStage collections", () => {
    it("participantTokenConfigurations: 0–12", () => {
      const configs = (n: number) => Array.from({ length: n }, () => ({ capabilities: ["PUBLISH"] }));
      expect(issuePaths(CreateStageInput, { participantTokenConfigurations: configs(12) })).toEqual([]);
      expect(issuePaths(CreateStageInput, { participantTokenConfigurations: configs(13) })).toEqual([
        "participantTokenConfigurations: Member must have length less than or equal to 12",
      ]);
    });

    it("autoParticipantRecordingConfiguration: mediaTypes 0–1, storage unique, storage ARN required", () => {
      const recording = (config: object) =>
        issuePaths(CreateStageInput, { autoParticipantRecordingConfiguration: config });
      expect(recording({ storageConfigurationArn: "" })).toEqual([]);
      expect(recording({ storageConfigurationArn: STORAGE_ARN, mediaTypes: ["AUDIO_ONLY"] })).toEqual([]);
      expect(recording({ storageConfigurationArn: STORAGE_ARN, mediaTypes: ["AUDIO_ONLY", "NONE"] })).toEqual([
        "autoParticipantRecordingConfiguration.mediaTypes: Member must have length less than or equal to 1",
      ]);
      expect(
        recording({ storageConfigurationArn: "", thumbnailConfiguration: { storage: ["SEQUENTIAL", "SEQUENTIAL"] } }),
      ).toEqual([
        "autoParticipantRecordingConfiguration.thumbnailConfiguration.storage: Member must have unique items",
      ]);
      expect(recording({})).toEqual([
        "autoParticipantRecordingConfiguration.storageConfigurationArn: Member is required",
      ]);
    });
  });

  describe("CreateParticipantToken capabilities", () => {
    const token = (capabilities: unknown) =>
      issuePaths(CreateParticipantTokenInput, { stageArn: STAGE_ARN, capabilities });
    it("0–2 items from PUBLISH/SUBSCRIBE", () => {
      expect(token([])).toEqual([]);
      expect(token(["PUBLISH", "SUBSCRIBE"])).toEqual([]);
      expect(token(["PUBLISH", "SUBSCRIBE", "PUBLISH"])).toEqual([
        "capabilities: Member must have length less than or equal to 2",
      ]);
      expect(token(["ADMIN"])).toEqual(["capabilities.0: Member must satisfy enum value set: [PUBLISH, SUBSCRIBE]"]);
    });
  });
});

describe("outputs", () => {
  it("parses the documented CreateStage response and keeps server-filled values", () => {
    const body = {
      stage: {
        activeSessionId: SESSION_ID,
        arn: STAGE_ARN,
        autoParticipantRecordingConfiguration: {
          storageConfigurationArn: "",
          mediaTypes: ["AUDIO_VIDEO"],
          thumbnailConfiguration: { targetIntervalSeconds: 60, storage: ["SEQUENTIAL"], recordingMode: "DISABLED" },
          recordingReconnectWindowSeconds: 0,
          hlsConfiguration: { targetSegmentDurationSeconds: 6 },
          recordParticipantReplicas: true,
        },
        endpoints: {
          events: "wss://global.events.live-video.net",
          whip: "https://9x0y8z7s6t5u.global-bm.whip.live-video.net",
        },
        name: "stage1",
        tags: {},
      },
      participantTokens: [{ participantId: "ABCDEfghij01234KLMN5678", token: "a1b2c3d4567890ab", userId: "alice" }],
    };
    const parsed: OutputOf<"CreateStage"> = CreateStageOutput.parse(body);
    expect(parsed).toEqual(body);
  });

  it("accepts empty-string enums and normalises timestamps in a composition", () => {
    const body = {
      composition: {
        arn: COMPOSITION_ARN,
        stageArn: STAGE_ARN,
        state: "STARTING",
        layout: {
          grid: {
            featuredParticipantAttribute: "",
            gridGap: 2,
            omitStoppedVideo: false,
            videoAspectRatio: "VIDEO",
            videoFillMode: "",
          },
        },
        destinations: [
          {
            id: "AabBCcdDEefF",
            state: "STARTING",
            configuration: {
              name: "",
              s3: {
                storageConfigurationArn: STORAGE_ARN,
                encoderConfigurationArns: [ENCODER_ARN],
                recordingConfiguration: { format: "HLS", hlsConfiguration: { targetSegmentDurationSeconds: 2 } },
              },
            },
            detail: { s3: { recordingPrefix: "MNALAcH9j2EJ/s2AdaGUbvQgp/2pBRKrNgX1ff/composite" } },
            startTime: "2023-10-16T23:25:00.786512+00:00",
          },
        ],
        startTime: "2023-10-16T23:24:00+00:00",
        tags: {},
      },
    };
    const parsed = GetCompositionOutput.parse(body);
    expect(parsed.composition?.startTime).toBe("2023-10-16T23:24:00.000Z");
    expect(parsed.composition?.destinations[0]?.startTime).toBe("2023-10-16T23:25:00.786Z");
    expect(parsed.composition?.layout.grid?.videoFillMode).toBe("");
  });

  it("requires the members the model requires", () => {
    expect(
      issuePaths(GetCompositionOutput, { composition: { arn: COMPOSITION_ARN } }).map((p) => p.split(":")[0]),
    ).toEqual(["composition.stageArn", "composition.state", "composition.layout", "composition.destinations"]);
    expect(issuePaths(ListStageSessionsOutput, {})).toHaveLength(1);
  });

  it("strips unknown members and rejects malformed timestamps", () => {
    const participant = { participantId: "p", firstJoinTime: "2023-04-26T20:30:34+00:00", future: "x" };
    expect(GetParticipantOutput.parse({ participant })).toEqual({
      participant: { participantId: "p", firstJoinTime: "2023-04-26T20:30:34.000Z" },
    });
    expect(GetParticipantOutput.safeParse({ participant: { firstJoinTime: 1682541034 } }).success).toBe(false);
  });

  it("parses token-exchange events", () => {
    const events = [
      {
        name: "TOKEN_EXCHANGED",
        participantId: "p",
        eventTime: "2025-12-09T10:00:00Z",
        previousToken: {
          capabilities: ["PUBLISH"],
          attributes: { a: "1" },
          userId: "u",
          expirationTime: "2025-12-09T22:00:00Z",
        },
        newToken: { capabilities: ["PUBLISH", "SUBSCRIBE"], expirationTime: "2025-12-10T10:00:00.5+02:00" },
      },
    ];
    const parsed = ListParticipantEventsOutput.parse({ events });
    expect(parsed.events[0]?.newToken?.expirationTime).toBe("2025-12-10T08:00:00.500Z");
  });
});
