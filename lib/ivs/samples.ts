import type { OperationName } from "./operations";

/**
 * A realistic input and response body for every operation, using as many members as possible.
 * Used by the wire-parity tests (our client vs the official SDK), the benchmark and documentation.
 * Response bodies are wire JSON (timestamps as ISO-8601 strings, some with offsets and fractions on purpose).
 */
const account = "123456789012";
const region = "us-west-2";
const arn = (kind: string, id: string) => `arn:aws:ivs:${region}:${account}:${kind}/${id}`;

export const sampleArns = {
  stage: arn("stage", "abcdABCDefgh"),
  stage2: arn("stage", "ABCDabcdefgh"),
  composition: arn("composition", "s2AdaGUbvQgp"),
  encoder: arn("encoder-configuration", "ABabCDcdEFef"),
  storage: arn("storage-configuration", "FEfeDCdcBAba"),
  ingest: arn("ingest-configuration", "AbCdEfGh1234"),
  publicKey: arn("public-key", "f99cde61-c2b0-4df3-8941-ca7d38acca1a"),
  channel: arn("channel", "UvWxYz123456"),
} as const;

const sessionId = "st-a1b2c3d4e5f6g";
const participantId = "abCDEf12GHIj";
/** A real EC P-384 public key (generated for these samples). */
export const samplePublicKeyPem =
  [
    "-----BEGIN PUBLIC KEY-----",
    "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEcz1XacpF6y8c6QWy6MEw1XPM3vPMwTP+",
    "bPNyTN4i6jl1ekyunqKFn8VPGz8qp2enr7QercIdGinO6eBZDHlelLVfWS5ngHLF",
    "8maRbyJbY2r5J4fYIArFrP0Mmo9Ej3SS",
    "-----END PUBLIC KEY-----",
  ].join("\n") + "\n";
const pem = samplePublicKeyPem;

const recording = {
  storageConfigurationArn: sampleArns.storage,
  mediaTypes: ["AUDIO_VIDEO"],
  thumbnailConfiguration: { targetIntervalSeconds: 30, storage: ["SEQUENTIAL", "LATEST"], recordingMode: "INTERVAL" },
  recordingReconnectWindowSeconds: 60,
  hlsConfiguration: { targetSegmentDurationSeconds: 6 },
  recordParticipantReplicas: true,
};
const stage = {
  arn: sampleArns.stage,
  name: "morning-show",
  activeSessionId: sessionId,
  tags: { team: "news" },
  autoParticipantRecordingConfiguration: recording,
  endpoints: {
    events: "wss://global.events.live-video.net",
    whip: "https://9x0y8z7s6t5u.global-bm.whip.live-video.net",
    rtmp: "rtmp://9x0y8z7s6t5u.global-contribute-staging.live-video.net/app/",
    rtmps: "rtmps://9x0y8z7s6t5u.global-contribute-staging.live-video.net:443/app/",
  },
};
const token = {
  participantId,
  token: "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.eyJqdGkiOiJhYkNERWYxMkdISWoifQ.c2lnbmF0dXJl",
  userId: "alice",
  attributes: { featured: "true" },
  duration: 720,
  capabilities: ["PUBLISH", "SUBSCRIBE"],
  expirationTime: "2026-11-26T01:25:37.123Z",
};
const video = { width: 1920, height: 1080, framerate: 30, bitrate: 3_500_000 };
const encoder = { arn: sampleArns.encoder, name: "program-1080p", video, tags: { tier: "gold" } };
const storage = { arn: sampleArns.storage, name: "archive", s3: { bucketName: "amzn-s3-demo-bucket" }, tags: {} };
const ingest = {
  arn: sampleArns.ingest,
  name: "studio-encoder",
  ingestProtocol: "RTMPS",
  streamKey: "rt_123456789012_us-west-2_AbCdEfGh1234_abcd1234efgh5678ijkl9012MNOP34",
  stageArn: sampleArns.stage,
  participantId: "xyZ654abC321",
  state: "INACTIVE",
  userId: "studio",
  redundantIngest: true,
  redundantIngestCredentials: [
    { participantId: "rdZ654abC321", streamKey: "rt_123456789012_us-west-2_AbCdEfGh1234_zyxw" },
  ],
  attributes: { camera: "A" },
  tags: { site: "hq" },
};
const layout = {
  grid: {
    featuredParticipantAttribute: "featured",
    omitStoppedVideo: true,
    videoAspectRatio: "VIDEO",
    videoFillMode: "COVER",
    gridGap: 4,
    participantOrderAttribute: "order",
  },
};
const destinationsIn = [
  { name: "to-channel", channel: { channelArn: sampleArns.channel, encoderConfigurationArn: sampleArns.encoder } },
  {
    name: "to-s3",
    s3: {
      storageConfigurationArn: sampleArns.storage,
      encoderConfigurationArns: [sampleArns.encoder],
      recordingConfiguration: { format: "HLS", hlsConfiguration: { targetSegmentDurationSeconds: 4 } },
      thumbnailConfigurations: [{ targetIntervalSeconds: 60, storage: ["LATEST"] }],
    },
  },
];
const composition = {
  arn: sampleArns.composition,
  stageArn: sampleArns.stage,
  state: "ACTIVE",
  layout,
  destinations: [
    { id: "AbCdEfGhIjKl", state: "ACTIVE", configuration: destinationsIn[0], startTime: "2026-11-25T13:00:01+00:00" },
    {
      id: "MnOpQrStUvWx",
      state: "RECONNECTING",
      configuration: destinationsIn[1],
      startTime: "2026-11-25T13:00:02.500Z",
      detail: { s3: { recordingPrefix: "MNALAcH9j2EJ/s2AdaGUbvQgp/MnOpQrStUvWx/composite" } },
    },
  ],
  tags: { show: "morning" },
  startTime: "2026-11-25T13:00:00.602000+00:00",
};
const participant = {
  participantId,
  userId: "alice",
  state: "CONNECTED",
  firstJoinTime: "2026-11-25T12:59:34+00:00",
  attributes: { featured: "true" },
  published: true,
  ispName: "Comcast",
  osName: "Microsoft Windows 10 Pro",
  osVersion: "10.0.19044",
  browserName: "Google Chrome",
  browserVersion: "116",
  sdkVersion: "1.20.0",
  recordingS3BucketName: "amzn-s3-demo-bucket",
  recordingS3Prefix: `abcdABCDefgh/${sessionId}/${participantId}/1234567890`,
  recordingState: "ACTIVE",
  protocol: "WHIP",
  replicationType: "SOURCE",
  replicationState: "ACTIVE",
  sourceStageArn: sampleArns.stage2,
  sourceSessionId: "st-b1c2d3e4f5g6a",
  redundantIngest: false,
  ingestConfigurationArn: sampleArns.ingest,
};
const exchanged = {
  capabilities: ["SUBSCRIBE"],
  attributes: { role: "guest" },
  userId: "alice",
  expirationTime: "2026-11-26T00:00:00Z",
};

type Sample = { readonly input: Record<string, unknown>; readonly response: Record<string, unknown> };

export const operationSamples: Record<OperationName, Sample> = {
  CreateEncoderConfiguration: {
    input: { name: "program-1080p", video, tags: { tier: "gold" } },
    response: { encoderConfiguration: encoder },
  },
  CreateIngestConfiguration: {
    input: {
      name: "studio-encoder",
      stageArn: sampleArns.stage,
      userId: "studio",
      attributes: { camera: "A" },
      ingestProtocol: "RTMPS",
      insecureIngest: false,
      redundantIngest: true,
      tags: { site: "hq" },
    },
    response: { ingestConfiguration: ingest },
  },
  CreateParticipantToken: {
    input: {
      stageArn: sampleArns.stage,
      duration: 720,
      userId: "alice",
      attributes: { featured: "true" },
      capabilities: ["PUBLISH", "SUBSCRIBE"],
    },
    response: { participantToken: token },
  },
  CreateStage: {
    input: {
      name: "morning-show",
      participantTokenConfigurations: [
        { duration: 60, userId: "bob", attributes: { a: "1" }, capabilities: ["SUBSCRIBE"] },
      ],
      tags: { team: "news" },
      autoParticipantRecordingConfiguration: recording,
    },
    response: { stage, participantTokens: [token] },
  },
  CreateStorageConfiguration: {
    input: { name: "archive", s3: { bucketName: "amzn-s3-demo-bucket" }, tags: {} },
    response: { storageConfiguration: storage },
  },
  DeleteEncoderConfiguration: { input: { arn: sampleArns.encoder }, response: {} },
  DeleteIngestConfiguration: { input: { arn: sampleArns.ingest, force: true }, response: {} },
  DeletePublicKey: { input: { arn: sampleArns.publicKey }, response: {} },
  DeleteStage: { input: { arn: sampleArns.stage }, response: {} },
  DeleteStorageConfiguration: { input: { arn: sampleArns.storage }, response: {} },
  DisconnectParticipant: { input: { stageArn: sampleArns.stage, participantId, reason: "Off-topic" }, response: {} },
  GetComposition: { input: { arn: sampleArns.composition }, response: { composition } },
  GetEncoderConfiguration: { input: { arn: sampleArns.encoder }, response: { encoderConfiguration: encoder } },
  GetIngestConfiguration: { input: { arn: sampleArns.ingest }, response: { ingestConfiguration: ingest } },
  GetParticipant: { input: { stageArn: sampleArns.stage, sessionId, participantId }, response: { participant } },
  GetPublicKey: {
    input: { arn: sampleArns.publicKey },
    response: {
      publicKey: {
        arn: sampleArns.publicKey,
        name: "signer",
        publicKeyMaterial: pem,
        fingerprint: "98:0d:1a:a0:19:96:1e:ea:0a:0a:2c:9a:42:19:2b:e7",
        tags: {},
      },
    },
  },
  GetStage: { input: { arn: sampleArns.stage }, response: { stage } },
  GetStageSession: {
    input: { stageArn: sampleArns.stage, sessionId },
    response: { stageSession: { sessionId, startTime: "2026-11-25T12:59:30Z", endTime: "2026-11-25T14:00:00.5Z" } },
  },
  GetStorageConfiguration: { input: { arn: sampleArns.storage }, response: { storageConfiguration: storage } },
  ImportPublicKey: {
    input: { publicKeyMaterial: pem, name: "signer", tags: { owner: "ops" } },
    response: {
      publicKey: {
        arn: sampleArns.publicKey,
        name: "signer",
        publicKeyMaterial: pem,
        fingerprint: "98:0d:1a:a0:19:96:1e:ea:0a:0a:2c:9a:42:19:2b:e7",
        tags: { owner: "ops" },
      },
    },
  },
  ListCompositions: {
    input: {
      filterByStageArn: sampleArns.stage,
      filterByEncoderConfigurationArn: sampleArns.encoder,
      nextToken: "abc",
      maxResults: 10,
    },
    response: {
      compositions: [
        {
          arn: composition.arn,
          stageArn: composition.stageArn,
          state: "STOPPED",
          tags: {},
          startTime: composition.startTime,
          endTime: "2026-11-25T14:00:00Z",
          destinations: [
            {
              id: "AbCdEfGhIjKl",
              state: "STOPPED",
              startTime: "2026-11-25T13:00:01Z",
              endTime: "2026-11-25T14:00:00Z",
            },
          ],
        },
      ],
      nextToken: "def",
    },
  },
  ListEncoderConfigurations: {
    input: { nextToken: "abc", maxResults: 100 },
    response: { encoderConfigurations: [{ arn: encoder.arn, name: encoder.name, tags: encoder.tags }], nextToken: "x" },
  },
  ListIngestConfigurations: {
    input: { filterByState: "ACTIVE", nextToken: "abc", maxResults: 50 },
    response: {
      ingestConfigurations: [
        {
          arn: ingest.arn,
          name: ingest.name,
          ingestProtocol: "RTMP",
          stageArn: "",
          participantId: ingest.participantId,
          state: "ACTIVE",
          userId: "",
          redundantIngest: false,
        },
      ],
    },
  },
  ListParticipantEvents: {
    input: { stageArn: sampleArns.stage, sessionId, participantId, nextToken: "abc", maxResults: 100 },
    response: {
      events: [
        { name: "LEFT", participantId, eventTime: "2026-11-25T13:10:00Z" },
        {
          name: "SUBSCRIBE_STARTED",
          participantId,
          eventTime: "2026-11-25T13:01:00.123Z",
          remoteParticipantId: "pubPUB123456",
          replica: true,
        },
        { name: "PUBLISH_ERROR", participantId, eventTime: "2026-11-25T13:00:30+01:00", errorCode: "BITRATE_EXCEEDED" },
        {
          name: "REPLICATION_STARTED",
          participantId,
          eventTime: "2026-11-25T13:00:20Z",
          destinationStageArn: sampleArns.stage2,
          destinationSessionId: "st-b1c2d3e4f5g6a",
        },
        {
          name: "TOKEN_EXCHANGED",
          participantId,
          eventTime: "2026-11-25T13:00:10Z",
          previousToken: exchanged,
          newToken: { ...exchanged, capabilities: ["PUBLISH", "SUBSCRIBE"] },
        },
        { name: "JOINED", participantId, eventTime: "2026-11-25T12:59:34Z" },
      ],
      nextToken: "more",
    },
  },
  ListParticipantReplicas: {
    input: { sourceStageArn: sampleArns.stage, participantId, nextToken: "abc", maxResults: 50 },
    response: {
      replicas: [
        {
          sourceStageArn: sampleArns.stage,
          participantId,
          sourceSessionId: sessionId,
          destinationStageArn: sampleArns.stage2,
          destinationSessionId: "st-b1c2d3e4f5g6a",
          replicationState: "ACTIVE",
        },
      ],
    },
  },
  ListParticipants: {
    input: { stageArn: sampleArns.stage, sessionId, filterByPublished: true, nextToken: "abc", maxResults: 100 },
    response: {
      participants: [
        {
          participantId,
          userId: "alice",
          state: "CONNECTED",
          firstJoinTime: "2026-11-25T12:59:34Z",
          published: true,
          recordingState: "DISABLED",
          replicationType: "NONE",
          redundantIngest: false,
        },
      ],
      nextToken: "n",
    },
  },
  ListPublicKeys: {
    input: { maxResults: 3 },
    response: { publicKeys: [{ arn: sampleArns.publicKey, name: "signer", tags: {} }] },
  },
  ListStageSessions: {
    input: { stageArn: sampleArns.stage, maxResults: 20 },
    response: {
      stageSessions: [
        { sessionId, startTime: "2026-11-25T12:59:30Z" },
        { sessionId: "st-z9y8x7w6v5u4t", startTime: "2026-11-24T10:00:00Z", endTime: "2026-11-24T11:00:00.999Z" },
      ],
    },
  },
  ListStages: {
    input: { nextToken: "abc", maxResults: 100 },
    response: {
      stages: [{ arn: stage.arn, name: stage.name, activeSessionId: sessionId, tags: stage.tags }],
      nextToken: "more",
    },
  },
  ListStorageConfigurations: { input: { maxResults: 5 }, response: { storageConfigurations: [storage] } },
  ListTagsForResource: { input: { resourceArn: sampleArns.stage }, response: { tags: { team: "news", "a b": "c/d" } } },
  StartComposition: {
    input: {
      stageArn: sampleArns.stage,
      idempotencyToken: "b2b8d6a6-3c5e-4f0a-9a43-7f7c5c2f3a11",
      layout,
      destinations: destinationsIn,
      tags: { show: "morning" },
    },
    response: { composition },
  },
  StartParticipantReplication: {
    input: {
      sourceStageArn: sampleArns.stage,
      destinationStageArn: sampleArns.stage2,
      participantId,
      reconnectWindowSeconds: 30,
      attributes: { side: "left" },
    },
    response: {},
  },
  StopComposition: { input: { arn: sampleArns.composition }, response: {} },
  StopParticipantReplication: {
    input: { sourceStageArn: sampleArns.stage, destinationStageArn: sampleArns.stage2, participantId },
    response: {},
  },
  TagResource: {
    input: { resourceArn: sampleArns.composition, tags: { show: "evening", "x:y": "z w" } },
    response: {},
  },
  UntagResource: { input: { resourceArn: sampleArns.ingest, tagKeys: ["show", "x:y", "a&b"] }, response: {} },
  UpdateIngestConfiguration: {
    input: { arn: sampleArns.ingest, stageArn: "", redundantIngest: false },
    response: { ingestConfiguration: { ...ingest, stageArn: "" } },
  },
  UpdateStage: {
    input: {
      arn: sampleArns.stage,
      name: "evening-show",
      autoParticipantRecordingConfiguration: { storageConfigurationArn: "" },
    },
    response: { stage: { ...stage, name: "evening-show" } },
  },
};
