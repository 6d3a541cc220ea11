/**
 * One scenario table for both clients (the official SDK and our transport): a success path for each of the
 * 39 operations, asserting the documented defaults, id/ARN shapes and timestamps, and every error the
 * emulator produces (404, 400, 409, 402, 403, 429) with its code, HTTP status and message.
 */
import { expect } from "vitest";
import { samplePublicKeyPem } from "@/lib/ivs/samples";
import { closeSession, leaveParticipant, setPublishing } from "@/server/emulator/world/live/participants";
import { quotas } from "@/server/emulator/world/quotas";
import { must, publicKeyPem } from "@/server/emulator/world/test-kit";
import { otherCredentials, testCredentials, arnPattern, home, id12, REGION, sessionIdPattern } from "./harness";
import {
  expectError,
  get,
  list,
  refused,
  scenario,
  text,
  WORLD_START,
  type Fixture,
  type Scenario,
} from "./scenario-kit";

const minute = 60_000;
const channelArn = `arn:aws:ivs:${REGION}:${home.account}:channel/Channel12345`;
const otherChannelArn = `arn:aws:ivs:${REGION}:${home.account}:channel/Channel67890`;
const missing = (kind: string, id = "NoSuchThing1") => `arn:aws:ivs:${REGION}:${home.account}:${kind}/${id}`;
const jwt = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const fingerprint = /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/;
const notAValidSession = "st-NoSuchSession";

/** Extra P-384 keys (quota scenarios need four distinct ones). */
const extraKeys = [publicKeyPem(), publicKeyPem(), publicKeyPem()];
const p256Key = publicKeyPem("prime256v1");

const defaultRecording = (storageConfigurationArn: string) => ({
  storageConfigurationArn,
  mediaTypes: ["AUDIO_VIDEO"],
  thumbnailConfiguration: { targetIntervalSeconds: 60, storage: ["SEQUENTIAL"], recordingMode: "DISABLED" },
  recordingReconnectWindowSeconds: 0,
  hlsConfiguration: { targetSegmentDurationSeconds: 6 },
  recordParticipantReplicas: true,
});

const gridDefaults = {
  featuredParticipantAttribute: "",
  gridGap: 2,
  omitStoppedVideo: false,
  participantOrderAttribute: "",
  videoAspectRatio: "VIDEO",
  videoFillMode: "",
};

const pipDefaults = {
  featuredParticipantAttribute: "",
  gridGap: 0,
  omitStoppedVideo: false,
  participantOrderAttribute: "",
  pipBehavior: "STATIC",
  pipOffset: 0,
  pipParticipantAttribute: "",
  pipPosition: "BOTTOM_RIGHT",
  videoFillMode: "COVER",
};

const stageEndpoints = {
  events: "wss://global.events.live-video.net",
  whip: expect.stringMatching(/^https:\/\/[a-z0-9]{12}\.global-bm\.whip\.live-video\.net$/),
  rtmp: expect.stringMatching(/^rtmp:\/\/[a-z0-9]{12}\.global-contribute\.live-video\.net\/app\/$/),
  rtmps: expect.stringMatching(/^rtmps:\/\/[a-z0-9]{12}\.global-contribute\.live-video\.net:443\/app\/$/),
};

const headerMembers = {
  accessControlAllowOrigin: "*",
  cacheControl: "no-store, no-cache",
  contentSecurityPolicy: "default-src 'self'; upgrade-insecure-requests;",
  strictTransportSecurity: "max-age:47304000; includeSubDomains",
  xContentTypeOptions: "nosniff",
  xFrameOptions: "DENY",
};

const streamKey = (ingestArn: string) =>
  new RegExp(`^rt_${home.account}_${home.region}_${ingestArn.split("/")[1] ?? ""}_[A-Za-z0-9]{32}$`);

/** A stage with one participant in its active session (joined at WORLD_START). */
async function stageWithParticipant(f: Fixture, spec: Parameters<Fixture["join"]>[1] = {}) {
  const stage = await f.stage({ name: "live" });
  const participant = f.join(stage, spec);
  return { stage, participant, sessionId: participant.sessionId, participantId: participant.data.participantId };
}

/** Source stage with a participant, plus a destination stage, and (optionally) an active replication. */
async function replicationSetup(f: Fixture, start: boolean) {
  const source = await stageWithParticipant(f, { userId: "guest", attributes: { role: "guest" } });
  const destination = await f.stage({ name: "mirror" });
  if (start) {
    await f.call("StartParticipantReplication", {
      sourceStageArn: source.stage.arn,
      destinationStageArn: destination.arn,
      participantId: source.participantId,
    });
  }
  return { ...source, destination };
}

// =========================================================================================================
// Success paths: all 39 operations

const successScenarios: Scenario[] = [
  // ---- stages
  scenario({
    name: "CreateStage with no input echoes the recording defaults, endpoints and a 12-char stage id",
    op: "CreateStage",
    input: () => ({}),
    expect: {
      ok: true,
      check: (o) => {
        expect(o).toEqual({
          stage: {
            arn: expect.stringMatching(arnPattern("stage")),
            name: "",
            tags: {},
            autoParticipantRecordingConfiguration: defaultRecording(""),
            endpoints: stageEndpoints,
          },
          participantTokens: [],
        });
        expect(get(o, "stage", "activeSessionId")).toBeUndefined();
      },
    },
  }),
  scenario({
    name: "CreateStage with recording and tokens: recording defaults, token duration 720 and both capabilities",
    op: "CreateStage",
    setup: (f) => f.storage(),
    input: (storage) => ({
      name: "morning-show",
      tags: { team: "news" },
      autoParticipantRecordingConfiguration: { storageConfigurationArn: storage },
      participantTokenConfigurations: [
        { userId: "alice", attributes: { role: "host" } },
        { duration: 60, capabilities: ["SUBSCRIBE"] },
      ],
    }),
    expect: {
      ok: true,
      check: (o, storage, t) => {
        expect(o).toEqual({
          stage: {
            arn: expect.stringMatching(arnPattern("stage")),
            name: "morning-show",
            tags: { team: "news" },
            autoParticipantRecordingConfiguration: defaultRecording(storage),
            endpoints: stageEndpoints,
          },
          participantTokens: [
            {
              participantId: expect.stringMatching(id12),
              token: expect.stringMatching(jwt),
              userId: "alice",
              attributes: { role: "host" },
              duration: 720,
              capabilities: ["PUBLISH", "SUBSCRIBE"],
              expirationTime: t.time(WORLD_START + 720 * minute),
            },
            {
              participantId: expect.stringMatching(id12),
              token: expect.stringMatching(jwt),
              duration: 60,
              capabilities: ["SUBSCRIBE"],
              expirationTime: t.time(WORLD_START + 60 * minute),
            },
          ],
        });
      },
    },
  }),
  scenario({
    name: "GetStage shows the active session id while a participant is connected",
    op: "GetStage",
    setup: (f) => stageWithParticipant(f),
    input: ({ stage }) => ({ arn: stage.arn }),
    expect: {
      ok: true,
      check: (o, { stage, sessionId }) => {
        expect(sessionId).toMatch(sessionIdPattern);
        expect(o).toEqual({
          stage: {
            arn: stage.arn,
            name: "live",
            activeSessionId: sessionId,
            tags: {},
            autoParticipantRecordingConfiguration: defaultRecording(""),
            endpoints: stage.endpoints,
          },
        });
      },
    },
  }),
  scenario({
    name: 'UpdateStage renames and resets recording with storageConfigurationArn ""',
    op: "UpdateStage",
    setup: async (f) =>
      f.stage({
        autoParticipantRecordingConfiguration: {
          storageConfigurationArn: await f.storage(),
          mediaTypes: ["AUDIO_ONLY"],
        },
      }),
    input: (stage) => ({
      arn: stage.arn,
      name: "renamed",
      autoParticipantRecordingConfiguration: { storageConfigurationArn: "" },
    }),
    expect: {
      ok: true,
      check: (o, stage) =>
        expect(o).toMatchObject({
          stage: { arn: stage.arn, name: "renamed", autoParticipantRecordingConfiguration: defaultRecording("") },
        }),
    },
  }),
  scenario({
    name: "DeleteStage answers {} and the stage is gone",
    op: "DeleteStage",
    setup: (f) => f.stage(),
    input: (stage) => ({ arn: stage.arn }),
    expect: {
      ok: true,
      check: async (o, stage, t) => {
        expect(o).toEqual({});
        expectError(await t.call("GetStage", { arn: stage.arn }), "ResourceNotFoundException", 404);
      },
    },
  }),
  scenario({
    name: "ListStages pages with maxResults and nextToken (creation order)",
    op: "ListStages",
    setup: async (f) => [
      await f.stage({ name: "a", tags: { k: "v" } }),
      await f.stage({ name: "b" }),
      await f.stage({ name: "c" }),
    ],
    input: () => ({ maxResults: 2 }),
    expect: {
      ok: true,
      check: async (o, stages, t) => {
        expect(o).toEqual({
          stages: [
            { arn: stages[0]?.arn, name: "a", tags: { k: "v" } },
            { arn: stages[1]?.arn, name: "b", tags: {} },
          ],
          nextToken: expect.any(String),
        });
        const next = await t.ok("ListStages", { maxResults: 2, nextToken: text(o, "nextToken") });
        expect(next).toEqual({ stages: [{ arn: stages[2]?.arn, name: "c", tags: {} }] });
      },
    },
  }),

  // ---- tokens, sessions, participants, events
  scenario({
    name: "CreateParticipantToken defaults: 720 minutes, PUBLISH + SUBSCRIBE, expirationTime = now + 12 h",
    op: "CreateParticipantToken",
    setup: (f) => f.stage(),
    input: (stage) => ({ stageArn: stage.arn }),
    expect: {
      ok: true,
      check: (o, _stage, t) =>
        expect(o).toEqual({
          participantToken: {
            participantId: expect.stringMatching(id12),
            token: expect.stringMatching(jwt),
            duration: 720,
            capabilities: ["PUBLISH", "SUBSCRIBE"],
            expirationTime: t.time(WORLD_START + 720 * minute),
          },
        }),
    },
  }),
  scenario({
    name: "DisconnectParticipant disconnects a connected participant",
    op: "DisconnectParticipant",
    setup: (f) => stageWithParticipant(f),
    input: ({ stage, participantId }) => ({ stageArn: stage.arn, participantId, reason: "Off-topic" }),
    expect: {
      ok: true,
      check: async (o, { stage, sessionId, participantId }, t) => {
        expect(o).toEqual({});
        const after = await t.ok("GetParticipant", { stageArn: stage.arn, sessionId, participantId });
        expect(get(after, "participant", "state")).toBe("DISCONNECTED");
      },
    },
  }),
  scenario({
    name: "GetStageSession of an active session: st- id, startTime, no endTime",
    op: "GetStageSession",
    setup: (f) => stageWithParticipant(f),
    input: ({ stage, sessionId }) => ({ stageArn: stage.arn, sessionId }),
    expect: {
      ok: true,
      check: (o, { sessionId }, t) =>
        expect(o).toEqual({ stageSession: { sessionId, startTime: t.time(WORLD_START) } }),
    },
  }),
  scenario({
    name: "GetStageSession of an ended session has endTime",
    op: "GetStageSession",
    setup: async (f) => {
      const live = await stageWithParticipant(f);
      f.clock.advance(90_000);
      closeSession(f.store(), live.stage);
      return live;
    },
    input: ({ stage, sessionId }) => ({ stageArn: stage.arn, sessionId }),
    expect: {
      ok: true,
      check: (o, { sessionId }, t) =>
        expect(o).toEqual({
          stageSession: { sessionId, startTime: t.time(WORLD_START), endTime: t.time(WORLD_START + 90_000) },
        }),
    },
  }),
  scenario({
    name: "ListStageSessions lists the current session first",
    op: "ListStageSessions",
    setup: async (f) => {
      const first = await stageWithParticipant(f);
      f.clock.advance(minute);
      closeSession(f.store(), first.stage);
      f.clock.advance(minute);
      const second = f.join(first.stage);
      return { stage: first.stage, first: first.sessionId, second: second.sessionId };
    },
    input: ({ stage }) => ({ stageArn: stage.arn }),
    expect: {
      ok: true,
      check: (o, { first, second }, t) =>
        expect(o).toEqual({
          stageSessions: [
            { sessionId: second, startTime: t.time(WORLD_START + 2 * minute) },
            { sessionId: first, startTime: t.time(WORLD_START), endTime: t.time(WORLD_START + minute) },
          ],
        }),
    },
  }),
  scenario({
    name: "GetParticipant returns the simulated participant with its client facts",
    op: "GetParticipant",
    setup: async (f) => {
      const live = await stageWithParticipant(f, {
        userId: "alice",
        attributes: { role: "host" },
        protocol: "WHIP",
        client: {
          browserName: "Google Chrome",
          browserVersion: "116",
          osName: "Linux",
          osVersion: "6.1",
          ispName: "Comcast",
          sdkVersion: "1.20.0",
        },
      });
      f.clock.advance(5_000);
      setPublishing(f.store(), live.participant, true);
      return live;
    },
    input: ({ stage, sessionId, participantId }) => ({ stageArn: stage.arn, sessionId, participantId }),
    expect: {
      ok: true,
      check: (o, { participantId }, t) =>
        expect(o).toEqual({
          participant: {
            participantId,
            userId: "alice",
            state: "CONNECTED",
            firstJoinTime: t.time(WORLD_START),
            attributes: { role: "host" },
            published: true,
            ispName: "Comcast",
            osName: "Linux",
            osVersion: "6.1",
            browserName: "Google Chrome",
            browserVersion: "116",
            sdkVersion: "1.20.0",
            recordingS3BucketName: "",
            recordingS3Prefix: "",
            recordingState: "DISABLED",
            protocol: "WHIP",
            replicationType: "NONE",
            redundantIngest: false,
          },
        }),
    },
  }),
  scenario({
    name: "ListParticipants with filterByPublished: true lists only publishers",
    op: "ListParticipants",
    setup: async (f) => {
      const live = await stageWithParticipant(f, { userId: "pub" });
      f.join(live.stage, { userId: "viewer" });
      setPublishing(f.store(), live.participant, true);
      return live;
    },
    input: ({ stage, sessionId }) => ({ stageArn: stage.arn, sessionId, filterByPublished: true }),
    expect: {
      ok: true,
      check: (o, { participantId }, t) =>
        expect(o).toEqual({
          participants: [
            {
              participantId,
              userId: "pub",
              state: "CONNECTED",
              firstJoinTime: t.time(WORLD_START),
              published: true,
              recordingState: "DISABLED",
              replicationType: "NONE",
              redundantIngest: false,
            },
          ],
        }),
    },
  }),
  scenario({
    name: "ListParticipantEvents lists events newest first with Date/ISO event times",
    op: "ListParticipantEvents",
    setup: async (f) => {
      const live = await stageWithParticipant(f);
      f.clock.advance(2_000);
      setPublishing(f.store(), live.participant, true);
      f.clock.advance(3_000);
      leaveParticipant(f.store(), live.participant);
      return live;
    },
    input: ({ stage, sessionId, participantId }) => ({ stageArn: stage.arn, sessionId, participantId }),
    expect: {
      ok: true,
      check: (o, { participantId }, t) =>
        expect(o).toEqual({
          events: [
            { name: "LEFT", participantId, eventTime: t.time(WORLD_START + 5_000) },
            { name: "PUBLISH_STARTED", participantId, eventTime: t.time(WORLD_START + 2_000) },
            { name: "JOINED", participantId, eventTime: t.time(WORLD_START) },
          ],
        }),
    },
  }),

  // ---- replication
  scenario({
    name: "StartParticipantReplication: {} body, the modeled header members, a REPLICA in the destination",
    op: "StartParticipantReplication",
    setup: (f) => replicationSetup(f, false),
    input: ({ stage, destination, participantId }) => ({
      sourceStageArn: stage.arn,
      destinationStageArn: destination.arn,
      participantId,
      reconnectWindowSeconds: 30,
      attributes: { side: "left" },
    }),
    expect: {
      ok: true,
      check: async (o, { stage, sessionId, destination, participantId }, t) => {
        expect(o).toMatchObject(headerMembers);
        const destinationSession = must(t.f.store().stages.get(destination.arn)?.activeSessionId);
        const replica = await t.ok("GetParticipant", {
          stageArn: destination.arn,
          sessionId: destinationSession,
          participantId,
        });
        expect(get(replica, "participant")).toMatchObject({
          participantId,
          userId: "guest",
          attributes: { role: "guest", side: "left" },
          replicationType: "REPLICA",
          replicationState: "ACTIVE",
          sourceStageArn: stage.arn,
          sourceSessionId: sessionId,
        });
      },
    },
  }),
  scenario({
    name: "StopParticipantReplication stops it (ListParticipantReplicas shows STOPPED)",
    op: "StopParticipantReplication",
    setup: (f) => replicationSetup(f, true),
    input: ({ stage, destination, participantId }) => ({
      sourceStageArn: stage.arn,
      destinationStageArn: destination.arn,
      participantId,
    }),
    expect: {
      ok: true,
      check: async (o, { stage, participantId }, t) => {
        expect(o).toMatchObject(headerMembers);
        const replicas = await t.ok("ListParticipantReplicas", { sourceStageArn: stage.arn, participantId });
        expect(list(replicas, "replicas").map((r) => get(r, "replicationState"))).toEqual(["STOPPED"]);
      },
    },
  }),
  scenario({
    name: "ListParticipantReplicas lists an active replication with both session ids",
    op: "ListParticipantReplicas",
    setup: (f) => replicationSetup(f, true),
    input: ({ stage, participantId }) => ({ sourceStageArn: stage.arn, participantId }),
    expect: {
      ok: true,
      check: (o, { stage, sessionId, destination, participantId }, t) =>
        expect(o).toEqual({
          replicas: [
            {
              sourceStageArn: stage.arn,
              participantId,
              sourceSessionId: sessionId,
              destinationStageArn: destination.arn,
              destinationSessionId: must(t.f.store().stages.get(destination.arn)?.activeSessionId),
              replicationState: "ACTIVE",
            },
          ],
        }),
    },
  }),

  // ---- compositions
  scenario({
    name: 'StartComposition with no layout: grid defaults, destination name "", STARTING, 12-char ids',
    op: "StartComposition",
    setup: (f) => f.stage(),
    input: (stage) => ({ stageArn: stage.arn, destinations: [{ channel: { channelArn } }] }),
    expect: {
      ok: true,
      check: (o, stage, t) =>
        expect(o).toEqual({
          composition: {
            arn: expect.stringMatching(arnPattern("composition")),
            stageArn: stage.arn,
            state: "STARTING",
            layout: { grid: gridDefaults },
            destinations: [
              {
                id: expect.stringMatching(id12),
                state: "STARTING",
                configuration: { name: "", channel: { channelArn } },
              },
            ],
            tags: {},
            startTime: t.time(WORLD_START),
          },
        }),
    },
  }),
  scenario({
    name: "StartComposition with PiP and an S3 destination: PiP and S3 HLS/thumbnail defaults, recordingPrefix",
    op: "StartComposition",
    setup: async (f) => ({ stage: await f.stage(), storage: await f.storage(), encoder: await f.encoder() }),
    input: ({ stage, storage, encoder }) => ({
      stageArn: stage.arn,
      layout: { pip: {} },
      destinations: [
        { name: "program", channel: { channelArn, encoderConfigurationArn: encoder } },
        { s3: { storageConfigurationArn: storage, encoderConfigurationArns: [encoder] } },
      ],
      tags: { show: "late" },
    }),
    expect: {
      ok: true,
      check: (o, { storage, encoder }) => {
        const arn = text(o, "composition", "arn");
        const s3Destination = text(o, "composition", "destinations", 1, "id");
        expect(o).toMatchObject({
          composition: {
            layout: { pip: pipDefaults },
            tags: { show: "late" },
            destinations: [
              {
                state: "STARTING",
                configuration: { name: "program", channel: { channelArn, encoderConfigurationArn: encoder } },
              },
              {
                state: "STARTING",
                configuration: {
                  name: "",
                  s3: {
                    storageConfigurationArn: storage,
                    encoderConfigurationArns: [encoder],
                    recordingConfiguration: { format: "HLS", hlsConfiguration: { targetSegmentDurationSeconds: 2 } },
                    thumbnailConfigurations: [{ targetIntervalSeconds: 60, storage: ["SEQUENTIAL"] }],
                  },
                },
                detail: {
                  s3: {
                    recordingPrefix: expect.stringMatching(
                      new RegExp(`^[A-Za-z0-9]{12}/${arn.split("/")[1] ?? ""}/${s3Destination}/composite$`),
                    ),
                  },
                },
              },
            ],
          },
        });
        expect(get(o, "composition", "layout", "grid")).toBeUndefined();
      },
    },
  }),
  scenario({
    name: "StartComposition replayed with the same idempotencyToken and input returns the same composition",
    op: "StartComposition",
    setup: async (f) => {
      const stage = await f.stage();
      const input = {
        stageArn: stage.arn,
        idempotencyToken: "replay-token-1",
        destinations: [{ channel: { channelArn } }],
      };
      const first = must((await f.call("StartComposition", input)).composition).arn;
      return { input, first };
    },
    input: ({ input }) => input,
    expect: { ok: true, check: (o, { first }) => expect(text(o, "composition", "arn")).toBe(first) },
  }),
  scenario({
    name: "GetComposition returns the composition",
    op: "GetComposition",
    setup: async (f) => {
      const stage = await f.stage();
      return { stage, arn: await f.composition(stage.arn) };
    },
    input: ({ arn }) => ({ arn }),
    expect: {
      ok: true,
      check: (o, { stage, arn }, t) =>
        expect(o).toMatchObject({
          composition: { arn, stageArn: stage.arn, state: "STARTING", startTime: t.time(WORLD_START) },
        }),
    },
  }),
  scenario({
    name: "StopComposition: STOPPED with endTime on the composition and its destinations",
    op: "StopComposition",
    setup: async (f) => {
      const arn = await f.composition((await f.stage()).arn);
      f.clock.advance(10_000);
      return arn;
    },
    input: (arn) => ({ arn }),
    expect: {
      ok: true,
      check: async (o, arn, t) => {
        expect(o).toEqual({});
        const after = await t.ok("GetComposition", { arn });
        expect(after).toMatchObject({
          composition: {
            state: "STOPPED",
            startTime: t.time(WORLD_START),
            endTime: t.time(WORLD_START + 10_000),
            destinations: [{ state: "STOPPED", endTime: t.time(WORLD_START + 10_000) }],
          },
        });
      },
    },
  }),
  scenario({
    name: "ListCompositions filtered by stage lists summaries",
    op: "ListCompositions",
    setup: async (f) => {
      const stage = await f.stage();
      const other = await f.stage();
      const arn = await f.composition(stage.arn);
      await f.composition(other.arn, "Channel67890");
      return { stage, arn };
    },
    input: ({ stage }) => ({ filterByStageArn: stage.arn }),
    expect: {
      ok: true,
      check: (o, { stage, arn }, t) =>
        expect(o).toEqual({
          compositions: [
            {
              arn,
              stageArn: stage.arn,
              state: "STARTING",
              destinations: [{ id: expect.stringMatching(id12), state: "STARTING" }],
              tags: {},
              startTime: t.time(WORLD_START),
            },
          ],
        }),
    },
  }),

  // ---- encoder configurations
  scenario({
    name: "CreateEncoderConfiguration with no input: 1280×720, 2.5 Mbps, 30 fps",
    op: "CreateEncoderConfiguration",
    input: () => ({}),
    expect: {
      ok: true,
      check: (o) =>
        expect(o).toEqual({
          encoderConfiguration: {
            arn: expect.stringMatching(arnPattern("encoder-configuration")),
            name: "",
            tags: {},
            video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
          },
        }),
    },
  }),
  scenario({
    name: "CreateEncoderConfiguration with a partial video fills the missing members",
    op: "CreateEncoderConfiguration",
    input: () => ({ name: "portrait", video: { width: 1080, height: 1920 }, tags: { tier: "gold" } }),
    expect: {
      ok: true,
      check: (o) =>
        expect(o).toMatchObject({
          encoderConfiguration: {
            name: "portrait",
            tags: { tier: "gold" },
            video: { width: 1080, height: 1920, framerate: 30, bitrate: 2_500_000 },
          },
        }),
    },
  }),
  scenario({
    name: "GetEncoderConfiguration returns it",
    op: "GetEncoderConfiguration",
    setup: (f) => f.encoder({ name: "hd", video: { framerate: 60 } }),
    input: (arn) => ({ arn }),
    expect: {
      ok: true,
      check: (o, arn) =>
        expect(o).toEqual({
          encoderConfiguration: {
            arn,
            name: "hd",
            tags: {},
            video: { width: 1280, height: 720, framerate: 60, bitrate: 2_500_000 },
          },
        }),
    },
  }),
  scenario({
    name: "ListEncoderConfigurations lists summaries",
    op: "ListEncoderConfigurations",
    setup: (f) => f.encoder({ name: "hd" }),
    input: () => ({}),
    expect: {
      ok: true,
      check: (o, arn) => expect(o).toEqual({ encoderConfigurations: [{ arn, name: "hd", tags: {} }] }),
    },
  }),
  scenario({
    name: "DeleteEncoderConfiguration deletes an unused configuration",
    op: "DeleteEncoderConfiguration",
    setup: (f) => f.encoder(),
    input: (arn) => ({ arn }),
    expect: {
      ok: true,
      check: async (o, arn, t) => {
        expect(o).toEqual({});
        expectError(await t.call("GetEncoderConfiguration", { arn }), "ResourceNotFoundException", 404);
      },
    },
  }),

  // ---- storage configurations
  scenario({
    name: 'CreateStorageConfiguration echoes the bucket with name "" and tags {}',
    op: "CreateStorageConfiguration",
    input: () => ({ s3: { bucketName: "amzn-s3-demo-bucket" } }),
    expect: {
      ok: true,
      check: (o) =>
        expect(o).toEqual({
          storageConfiguration: {
            arn: expect.stringMatching(arnPattern("storage-configuration")),
            name: "",
            s3: { bucketName: "amzn-s3-demo-bucket" },
            tags: {},
          },
        }),
    },
  }),
  scenario({
    name: "GetStorageConfiguration returns it",
    op: "GetStorageConfiguration",
    setup: (f) => f.storage("archive-bucket"),
    input: (arn) => ({ arn }),
    expect: {
      ok: true,
      check: (o, arn) =>
        expect(o).toEqual({ storageConfiguration: { arn, name: "", s3: { bucketName: "archive-bucket" }, tags: {} } }),
    },
  }),
  scenario({
    name: "ListStorageConfigurations lists them",
    op: "ListStorageConfigurations",
    setup: async (f) => [await f.storage("bucket-one"), await f.storage("bucket-two")],
    input: () => ({}),
    expect: {
      ok: true,
      check: (o, arns) => expect(list(o, "storageConfigurations").map((c) => get(c, "arn"))).toEqual(arns),
    },
  }),
  scenario({
    name: "DeleteStorageConfiguration deletes an unused configuration",
    op: "DeleteStorageConfiguration",
    setup: (f) => f.storage(),
    input: (arn) => ({ arn }),
    expect: { ok: true, check: (o) => expect(o).toEqual({}) },
  }),

  // ---- ingest configurations
  scenario({
    name: 'CreateIngestConfiguration defaults: detached, INACTIVE, userId "", a stream key of the documented form',
    op: "CreateIngestConfiguration",
    input: () => ({ ingestProtocol: "RTMPS" }),
    expect: {
      ok: true,
      check: (o) => {
        const arn = text(o, "ingestConfiguration", "arn");
        expect(arn).toMatch(arnPattern("ingest-configuration"));
        expect(o).toEqual({
          ingestConfiguration: {
            arn,
            name: "",
            ingestProtocol: "RTMPS",
            streamKey: expect.stringMatching(streamKey(arn)),
            stageArn: "",
            participantId: expect.stringMatching(id12),
            state: "INACTIVE",
            userId: "",
            redundantIngest: false,
            attributes: {},
            tags: {},
          },
        });
      },
    },
  }),
  scenario({
    name: "CreateIngestConfiguration RTMP (insecure) with redundant ingest has two credentials",
    op: "CreateIngestConfiguration",
    setup: (f) => f.stage(),
    input: (stage) => ({
      ingestProtocol: "RTMP",
      insecureIngest: true,
      redundantIngest: true,
      stageArn: stage.arn,
      userId: "studio",
      attributes: { camera: "A" },
    }),
    expect: {
      ok: true,
      check: (o, stage) => {
        expect(o).toMatchObject({
          ingestConfiguration: {
            ingestProtocol: "RTMP",
            stageArn: stage.arn,
            userId: "studio",
            attributes: { camera: "A" },
            redundantIngest: true,
          },
        });
        const credentials = list(o, "ingestConfiguration", "redundantIngestCredentials");
        expect(credentials).toHaveLength(2);
        expect(get(credentials, 0, "participantId")).toBe(get(o, "ingestConfiguration", "participantId"));
      },
    },
  }),
  scenario({
    name: "GetIngestConfiguration returns it",
    op: "GetIngestConfiguration",
    setup: (f) => f.ingest({ ingestProtocol: "RTMPS", name: "studio" }),
    input: (arn) => ({ arn }),
    expect: {
      ok: true,
      check: (o, arn) => expect(o).toMatchObject({ ingestConfiguration: { arn, name: "studio", state: "INACTIVE" } }),
    },
  }),
  scenario({
    name: "ListIngestConfigurations filtered by state",
    op: "ListIngestConfigurations",
    setup: async (f) => {
      const stage = await f.stage();
      const active = await f.ingest({ ingestProtocol: "RTMPS", stageArn: stage.arn });
      await f.ingest({ ingestProtocol: "RTMPS" });
      f.join(stage, { ingestConfigurationArn: active, protocol: "RTMPS" });
      return { active, stage };
    },
    input: () => ({ filterByState: "ACTIVE" }),
    expect: {
      ok: true,
      check: (o, { active, stage }) =>
        expect(o).toEqual({
          ingestConfigurations: [
            {
              arn: active,
              name: "",
              ingestProtocol: "RTMPS",
              stageArn: stage.arn,
              participantId: expect.stringMatching(id12),
              state: "ACTIVE",
              userId: "",
              redundantIngest: false,
            },
          ],
        }),
    },
  }),
  scenario({
    name: "UpdateIngestConfiguration attaches a stage and turns on redundant ingest",
    op: "UpdateIngestConfiguration",
    setup: async (f) => ({ stage: await f.stage(), arn: await f.ingest() }),
    input: ({ stage, arn }) => ({ arn, stageArn: stage.arn, redundantIngest: true }),
    expect: {
      ok: true,
      check: (o, { stage, arn }) => {
        expect(o).toMatchObject({ ingestConfiguration: { arn, stageArn: stage.arn, redundantIngest: true } });
        expect(list(o, "ingestConfiguration", "redundantIngestCredentials")).toHaveLength(2);
      },
    },
  }),
  scenario({
    name: "DeleteIngestConfiguration with force deletes an ACTIVE configuration",
    op: "DeleteIngestConfiguration",
    setup: async (f) => {
      const stage = await f.stage();
      const arn = await f.ingest({ ingestProtocol: "RTMPS", stageArn: stage.arn });
      f.join(stage, { ingestConfigurationArn: arn, protocol: "RTMPS" });
      return arn;
    },
    input: (arn) => ({ arn, force: true }),
    expect: {
      ok: true,
      check: async (o, arn, t) => {
        expect(o).toEqual({});
        expectError(await t.call("GetIngestConfiguration", { arn }), "ResourceNotFoundException", 404);
      },
    },
  }),

  // ---- public keys
  scenario({
    name: "ImportPublicKey echoes the PEM with an MD5-style fingerprint",
    op: "ImportPublicKey",
    input: () => ({ publicKeyMaterial: samplePublicKeyPem, name: "signer", tags: { owner: "ops" } }),
    expect: {
      ok: true,
      check: (o) =>
        expect(o).toEqual({
          publicKey: {
            arn: expect.stringMatching(arnPattern("public-key")),
            name: "signer",
            publicKeyMaterial: samplePublicKeyPem,
            fingerprint: expect.stringMatching(fingerprint),
            tags: { owner: "ops" },
          },
        }),
    },
  }),
  scenario({
    name: "GetPublicKey returns it",
    op: "GetPublicKey",
    setup: (f) => f.publicKey(samplePublicKeyPem),
    input: (arn) => ({ arn }),
    expect: {
      ok: true,
      check: (o, arn) =>
        expect(o).toEqual({
          publicKey: {
            arn,
            name: "",
            publicKeyMaterial: samplePublicKeyPem,
            fingerprint: expect.stringMatching(fingerprint),
            tags: {},
          },
        }),
    },
  }),
  scenario({
    name: "ListPublicKeys lists them",
    op: "ListPublicKeys",
    setup: (f) => f.publicKey(samplePublicKeyPem),
    input: () => ({}),
    expect: { ok: true, check: (o, arn) => expect(o).toEqual({ publicKeys: [{ arn, name: "", tags: {} }] }) },
  }),
  scenario({
    name: "DeletePublicKey deletes it",
    op: "DeletePublicKey",
    setup: (f) => f.publicKey(samplePublicKeyPem),
    input: (arn) => ({ arn }),
    expect: {
      ok: true,
      check: async (o, arn, t) => {
        expect(o).toEqual({});
        expect(await t.ok("ListPublicKeys", {})).toEqual({ publicKeys: [] });
        expectError(await t.call("GetPublicKey", { arn }), "ResourceNotFoundException", 404);
      },
    },
  }),

  // ---- tags
  scenario({
    name: "TagResource merges tags (keys with spaces and colons survive the path encoding)",
    op: "TagResource",
    setup: (f) => f.stage({ tags: { team: "news" } }),
    input: (stage) => ({ resourceArn: stage.arn, tags: { "x:y": "z w", team: "sports" } }),
    expect: {
      ok: true,
      check: async (o, stage, t) => {
        expect(o).toEqual({});
        expect(await t.ok("ListTagsForResource", { resourceArn: stage.arn })).toEqual({
          tags: { team: "sports", "x:y": "z w" },
        });
      },
    },
  }),
  scenario({
    name: "UntagResource removes the given keys (repeated query parameters) and ignores unknown ones",
    op: "UntagResource",
    setup: async (f) => f.encoder({ tags: { a: "1", "b:c": "2", "d&e": "3", "f/g": "4" } }),
    input: (arn) => ({ resourceArn: arn, tagKeys: ["b:c", "d&e", "f/g", "absent"] }),
    expect: {
      ok: true,
      check: async (o, arn, t) => {
        expect(o).toEqual({});
        expect(await t.ok("ListTagsForResource", { resourceArn: arn })).toEqual({ tags: { a: "1" } });
      },
    },
  }),
  scenario({
    name: "UntagResource with a space in a tag key (sent as %20 in the query)",
    op: "UntagResource",
    setup: async (f) => f.encoder({ tags: { a: "1", "b c": "2" } }),
    input: (arn) => ({ resourceArn: arn, tagKeys: ["b c"] }),
    expect: {
      ok: true,
      check: async (o, arn, t) => {
        expect(o).toEqual({});
        expect(await t.ok("ListTagsForResource", { resourceArn: arn })).toEqual({ tags: { a: "1" } });
      },
    },
  }),
  scenario({
    name: "ListTagsForResource on a composition",
    op: "ListTagsForResource",
    setup: async (f) => {
      const stage = await f.stage();
      const { composition } = await f.call("StartComposition", {
        stageArn: stage.arn,
        destinations: [{ channel: { channelArn } }],
        tags: { show: "x" },
      });
      return must(composition).arn;
    },
    input: (arn) => ({ resourceArn: arn }),
    expect: { ok: true, check: (o) => expect(o).toEqual({ tags: { show: "x" } }) },
  }),
];

// =========================================================================================================
// 404: unknown resources of each kind

const notFoundScenarios: Scenario[] = [
  ...(
    [
      ["GetStage", "stage", (arn: string) => ({ arn }), "Stage"],
      ["UpdateStage", "stage", (arn: string) => ({ arn, name: "x" }), "Stage"],
      ["DeleteStage", "stage", (arn: string) => ({ arn }), "Stage"],
      ["CreateParticipantToken", "stage", (arn: string) => ({ stageArn: arn }), "Stage"],
      ["ListTagsForResource", "stage", (arn: string) => ({ resourceArn: arn }), "Resource"],
      ["GetComposition", "composition", (arn: string) => ({ arn }), "Composition"],
      ["StopComposition", "composition", (arn: string) => ({ arn }), "Composition"],
      ["GetEncoderConfiguration", "encoder-configuration", (arn: string) => ({ arn }), "EncoderConfiguration"],
      ["DeleteEncoderConfiguration", "encoder-configuration", (arn: string) => ({ arn }), "EncoderConfiguration"],
      ["GetStorageConfiguration", "storage-configuration", (arn: string) => ({ arn }), "StorageConfiguration"],
      ["DeleteStorageConfiguration", "storage-configuration", (arn: string) => ({ arn }), "StorageConfiguration"],
      ["GetIngestConfiguration", "ingest-configuration", (arn: string) => ({ arn }), "IngestConfiguration"],
      [
        "UpdateIngestConfiguration",
        "ingest-configuration",
        (arn: string) => ({ arn, redundantIngest: true }),
        "IngestConfiguration",
      ],
      ["DeleteIngestConfiguration", "ingest-configuration", (arn: string) => ({ arn }), "IngestConfiguration"],
      ["GetPublicKey", "public-key", (arn: string) => ({ arn }), "PublicKey"],
      ["DeletePublicKey", "public-key", (arn: string) => ({ arn }), "PublicKey"],
      ["TagResource", "encoder-configuration", (arn: string) => ({ resourceArn: arn, tags: { a: "b" } }), "Resource"],
      ["UntagResource", "public-key", (arn: string) => ({ resourceArn: arn, tagKeys: ["a"] }), "Resource"],
    ] as const
  ).map(([op, kind, input, what]) =>
    scenario({
      name: `${op} of an unknown ${kind}`,
      op,
      input: () => input(missing(kind)),
      expect: refused.notFound(`${what} not found: ${missing(kind)}`),
    }),
  ),
  scenario({
    name: "GetStageSession of an unknown session on a known stage",
    op: "GetStageSession",
    setup: (f) => f.stage(),
    input: (stage) => ({ stageArn: stage.arn, sessionId: notAValidSession }),
    expect: refused.notFound(`Stage session not found: ${notAValidSession}`),
  }),
  scenario({
    name: "GetStageSession on an unknown stage",
    op: "GetStageSession",
    input: () => ({ stageArn: missing("stage"), sessionId: notAValidSession }),
    expect: refused.notFound(`Stage not found: ${missing("stage")}`),
  }),
  scenario({
    name: "GetParticipant of an unknown participant",
    op: "GetParticipant",
    setup: (f) => stageWithParticipant(f),
    input: ({ stage, sessionId }) => ({ stageArn: stage.arn, sessionId, participantId: "nobody123456" }),
    expect: refused.notFound("Participant not found: nobody123456"),
  }),
  scenario({
    name: "DisconnectParticipant of an unknown participant",
    op: "DisconnectParticipant",
    setup: (f) => f.stage(),
    input: (stage) => ({ stageArn: stage.arn, participantId: "nobody123456" }),
    expect: (stage) => refused.notFound(`Participant not found: nobody123456 on stage ${stage.arn}`),
  }),
  scenario({
    name: "StartComposition on an unknown stage",
    op: "StartComposition",
    input: () => ({ stageArn: missing("stage"), destinations: [{ channel: { channelArn } }] }),
    expect: refused.notFound(`Stage not found: ${missing("stage")}`),
  }),
  scenario({
    name: "StartComposition with an unknown encoder configuration",
    op: "StartComposition",
    setup: (f) => f.stage(),
    input: (stage) => ({
      stageArn: stage.arn,
      destinations: [{ channel: { channelArn, encoderConfigurationArn: missing("encoder-configuration") } }],
    }),
    expect: refused.notFound(`EncoderConfiguration not found: ${missing("encoder-configuration")}`),
  }),
  scenario({
    name: "StartComposition with an unknown storage configuration",
    op: "StartComposition",
    setup: async (f) => ({ stage: await f.stage(), encoder: await f.encoder() }),
    input: ({ stage, encoder }) => ({
      stageArn: stage.arn,
      destinations: [
        { s3: { storageConfigurationArn: missing("storage-configuration"), encoderConfigurationArns: [encoder] } },
      ],
    }),
    expect: refused.notFound(`StorageConfiguration not found: ${missing("storage-configuration")}`),
  }),
  scenario({
    name: "CreateStage with an unknown recording storage configuration",
    op: "CreateStage",
    input: () => ({
      autoParticipantRecordingConfiguration: { storageConfigurationArn: missing("storage-configuration") },
    }),
    expect: refused.notFound(`StorageConfiguration not found: ${missing("storage-configuration")}`),
  }),
  scenario({
    name: "UpdateStage with an unknown recording storage configuration",
    op: "UpdateStage",
    setup: (f) => f.stage(),
    input: (stage) => ({
      arn: stage.arn,
      autoParticipantRecordingConfiguration: { storageConfigurationArn: missing("storage-configuration") },
    }),
    expect: refused.notFound(`StorageConfiguration not found: ${missing("storage-configuration")}`),
  }),
  scenario({
    name: "CreateIngestConfiguration with an unknown stage",
    op: "CreateIngestConfiguration",
    input: () => ({ ingestProtocol: "RTMPS", stageArn: missing("stage") }),
    expect: refused.notFound(`Stage not found: ${missing("stage")}`),
  }),
  scenario({
    name: "StartParticipantReplication of a participant not in the source session",
    op: "StartParticipantReplication",
    setup: async (f) => ({ source: await f.stage(), destination: await f.stage() }),
    input: ({ source, destination }) => ({
      sourceStageArn: source.arn,
      destinationStageArn: destination.arn,
      participantId: "nobody123456",
    }),
    expect: ({ source }) =>
      refused.notFound(`Participant nobody123456 is not in an active session of stage ${source.arn}.`),
  }),
  scenario({
    name: "StartParticipantReplication to an unknown destination stage",
    op: "StartParticipantReplication",
    setup: (f) => stageWithParticipant(f),
    input: ({ stage, participantId }) => ({
      sourceStageArn: stage.arn,
      destinationStageArn: missing("stage"),
      participantId,
    }),
    expect: refused.notFound(`Stage not found: ${missing("stage")}`),
  }),
  scenario({
    name: "StopParticipantReplication without an active replication",
    op: "StopParticipantReplication",
    setup: (f) => replicationSetup(f, false),
    input: ({ stage, destination, participantId }) => ({
      sourceStageArn: stage.arn,
      destinationStageArn: destination.arn,
      participantId,
    }),
    expect: ({ destination, participantId }) =>
      refused.notFound(`No active replication of ${participantId} to ${destination.arn}.`),
  }),
];

// =========================================================================================================
// 400: validation, cross-field rules, bad nextToken

const validation = (pointer: string, constraint: string) =>
  new RegExp(
    `^1 validation error detected\\. Value at '${pointer}' failed to satisfy constraint: ${constraint.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
  );

const badRequestScenarios: Scenario[] = [
  scenario({
    name: "CreateStage with a name outside the pattern",
    op: "CreateStage",
    input: () => ({ name: "bad name!" }),
    expect: refused.validation(validation("/name", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$")),
  }),
  scenario({
    name: "GetStage with a channel ARN",
    op: "GetStage",
    input: () => ({ arn: channelArn }),
    expect: refused.validation(validation("/arn", "Member must satisfy regular expression pattern")),
  }),
  scenario({
    name: "CreateParticipantToken with duration 20161 (max + 1)",
    op: "CreateParticipantToken",
    setup: (f) => f.stage(),
    input: (stage) => ({ stageArn: stage.arn, duration: 20_161 }),
    expect: refused.validation(validation("/duration", "Member must be less than or equal to 20160")),
  }),
  scenario({
    name: "CreateEncoderConfiguration with an odd width",
    op: "CreateEncoderConfiguration",
    input: () => ({ video: { width: 1279 } }),
    expect: refused.validation(validation("/video/width", "Member must be an even number")),
  }),
  scenario({
    name: "CreateEncoderConfiguration beyond the pixel budget (cross-field: width × height)",
    op: "CreateEncoderConfiguration",
    input: () => ({ video: { width: 1920, height: 1920 } }),
    expect: refused.validation(validation("/video", "Member must have width × height less than or equal to 2073600")),
  }),
  scenario({
    name: "CreateStorageConfiguration with a 2-character bucket name",
    op: "CreateStorageConfiguration",
    input: () => ({ s3: { bucketName: "ab" } }),
    expect: refused.validation(validation("/s3/bucketName", "Member must have length greater than or equal to 3")),
  }),
  scenario({
    name: "CreateIngestConfiguration RTMP without insecureIngest (cross-field)",
    op: "CreateIngestConfiguration",
    input: () => ({ ingestProtocol: "RTMP" }),
    expect: refused.validation(validation("/insecureIngest", "Member must be true when ingestProtocol is RTMP")),
  }),
  scenario({
    name: "ListParticipants with two filters (cross-field)",
    op: "ListParticipants",
    setup: (f) => stageWithParticipant(f),
    input: ({ stage, sessionId }) => ({
      stageArn: stage.arn,
      sessionId,
      filterByUserId: "a",
      filterByState: "CONNECTED",
    }),
    expect: refused.validation(validation("/filterByState", "Member must not be set together with filterByUserId")),
  }),
  scenario({
    name: "ListIngestConfigurations with two filters (cross-field)",
    op: "ListIngestConfigurations",
    input: () => ({ filterByStageArn: missing("stage"), filterByState: "ACTIVE" }),
    expect: refused.validation(validation("/filterByState", "Member must not be set together with filterByStageArn")),
  }),
  scenario({
    name: "StartComposition with a destination carrying both channel and s3 (cross-field)",
    op: "StartComposition",
    setup: async (f) => ({ stage: await f.stage(), storage: await f.storage(), encoder: await f.encoder() }),
    input: ({ stage, storage, encoder }) => ({
      stageArn: stage.arn,
      destinations: [
        { channel: { channelArn }, s3: { storageConfigurationArn: storage, encoderConfigurationArns: [encoder] } },
      ],
    }),
    expect: refused.validation(validation("/destinations/0", "Member must set only one of channel or s3, not both")),
  }),
  scenario({
    name: "StartComposition with two channel destinations (cross-field)",
    op: "StartComposition",
    setup: (f) => f.stage(),
    input: (stage) => ({
      stageArn: stage.arn,
      destinations: [{ channel: { channelArn } }, { channel: { channelArn: otherChannelArn } }],
    }),
    expect: refused.validation(
      validation("/destinations/1/channel", "Member must not be set: at most one channel destination is allowed"),
    ),
  }),
  scenario({
    name: "StartComposition with no destination",
    op: "StartComposition",
    setup: (f) => f.stage(),
    input: (stage) => ({ stageArn: stage.arn, destinations: [] }),
    expect: refused.validation(validation("/destinations", "Member must have length greater than or equal to 1")),
  }),
  scenario({
    name: "StartParticipantReplication with the same source and destination stage",
    op: "StartParticipantReplication",
    setup: (f) => stageWithParticipant(f),
    input: ({ stage, participantId }) => ({ sourceStageArn: stage.arn, destinationStageArn: stage.arn, participantId }),
    expect: refused.validation("sourceStageArn and destinationStageArn must be different stages."),
  }),
  scenario({
    name: "ImportPublicKey with text that is not a PEM public key",
    op: "ImportPublicKey",
    input: () => ({ publicKeyMaterial: "not a key" }),
    expect: refused.validation(validation("/publicKeyMaterial", "Member must satisfy regular expression pattern")),
  }),
  scenario({
    name: "ImportPublicKey with a P-256 key (must be P-384)",
    op: "ImportPublicKey",
    input: () => ({ publicKeyMaterial: p256Key }),
    expect: refused.validation("publicKeyMaterial must be an ECDSA public key on curve P-384 (secp384r1)."),
  }),
  scenario({
    name: "TagResource with 51 tags",
    op: "TagResource",
    setup: (f) => f.stage(),
    input: (stage) => ({
      resourceArn: stage.arn,
      tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])),
    }),
    expect: refused.validation(validation("/tags", "Member must have length less than or equal to 50")),
  }),
  scenario({
    name: "TagResource that would leave 51 tags after the merge",
    op: "TagResource",
    setup: (f) => f.stage({ tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) }),
    input: (stage) => ({ resourceArn: stage.arn, tags: { extra: "1" } }),
    expect: refused.validation("A resource can have at most 50 tags; this request would leave 51."),
  }),
  scenario({
    name: "UntagResource with an empty tag key",
    op: "UntagResource",
    setup: (f) => f.stage(),
    input: (stage) => ({ resourceArn: stage.arn, tagKeys: [""] }),
    expect: refused.validation(validation("/tagKeys/0", "Member must have length greater than or equal to 1")),
  }),
  scenario({
    name: "ListStages with a garbage nextToken",
    op: "ListStages",
    input: () => ({ nextToken: "garbage" }),
    expect: refused.validation("The provided nextToken is invalid or does not belong to this request."),
  }),
  scenario({
    name: "ListEncoderConfigurations with a ListStages nextToken",
    op: "ListEncoderConfigurations",
    setup: async (f) => {
      for (let i = 0; i < 3; i++) await f.stage();
      return text(await f.call("ListStages", { maxResults: 1 }), "nextToken");
    },
    input: (nextToken) => ({ nextToken }),
    expect: refused.validation("The provided nextToken is invalid or does not belong to this request."),
  }),
  scenario({
    name: "ListCompositions with a nextToken issued for another filter",
    op: "ListCompositions",
    setup: async (f) => {
      const stage = await f.stage();
      await f.composition(stage.arn);
      await f.composition(stage.arn, "Channel67890");
      return {
        stage,
        nextToken: text(await f.call("ListCompositions", { filterByStageArn: stage.arn, maxResults: 1 }), "nextToken"),
      };
    },
    input: ({ nextToken }) => ({ nextToken }),
    expect: refused.validation("The provided nextToken is invalid or does not belong to this request."),
  }),
];

// =========================================================================================================
// 409: conflicts

const conflictScenarios: Scenario[] = [
  scenario({
    name: "DeleteEncoderConfiguration while a running composition uses it",
    op: "DeleteEncoderConfiguration",
    setup: async (f) => {
      const stage = await f.stage();
      const encoder = await f.encoder();
      const { composition } = await f.call("StartComposition", {
        stageArn: stage.arn,
        destinations: [{ channel: { channelArn, encoderConfigurationArn: encoder } }],
      });
      return { encoder, composition: must(composition).arn };
    },
    input: ({ encoder }) => ({ arn: encoder }),
    expect: ({ encoder, composition }) =>
      refused.conflict(`EncoderConfiguration ${encoder} is used by composition ${composition}.`),
  }),
  scenario({
    name: "DeleteStorageConfiguration while a running composition records to it",
    op: "DeleteStorageConfiguration",
    setup: async (f) => {
      const stage = await f.stage();
      const storage = await f.storage();
      const encoder = await f.encoder();
      const { composition } = await f.call("StartComposition", {
        stageArn: stage.arn,
        destinations: [{ s3: { storageConfigurationArn: storage, encoderConfigurationArns: [encoder] } }],
      });
      return { storage, composition: must(composition).arn };
    },
    input: ({ storage }) => ({ arn: storage }),
    expect: ({ storage, composition }) =>
      refused.conflict(`StorageConfiguration ${storage} is used by composition ${composition}.`),
  }),
  scenario({
    name: "DeleteStorageConfiguration while a stage records participants to it",
    op: "DeleteStorageConfiguration",
    setup: async (f) => {
      const storage = await f.storage();
      const stage = await f.stage({ autoParticipantRecordingConfiguration: { storageConfigurationArn: storage } });
      return { storage, stage };
    },
    input: ({ storage }) => ({ arn: storage }),
    expect: ({ storage, stage }) =>
      refused.conflict(`StorageConfiguration ${storage} is used for participant recording by stage ${stage.arn}.`),
  }),
  scenario({
    name: "DeleteIngestConfiguration of an ACTIVE configuration without force",
    op: "DeleteIngestConfiguration",
    setup: async (f) => {
      const stage = await f.stage();
      const arn = await f.ingest({ ingestProtocol: "RTMPS", stageArn: stage.arn });
      f.join(stage, { ingestConfigurationArn: arn, protocol: "RTMPS" });
      return arn;
    },
    input: (arn) => ({ arn }),
    expect: (arn) => refused.conflict(`IngestConfiguration ${arn} is ACTIVE; stop the stream or delete with force.`),
  }),
  scenario({
    name: "UpdateIngestConfiguration of an ACTIVE configuration",
    op: "UpdateIngestConfiguration",
    setup: async (f) => {
      const stage = await f.stage();
      const arn = await f.ingest({ ingestProtocol: "RTMPS", stageArn: stage.arn });
      f.join(stage, { ingestConfigurationArn: arn, protocol: "RTMPS" });
      return arn;
    },
    input: (arn) => ({ arn, redundantIngest: true }),
    expect: (arn) => refused.conflict(`IngestConfiguration ${arn} is ACTIVE and cannot be updated.`),
  }),
  scenario({
    name: "StartComposition reusing an idempotencyToken with a different input",
    op: "StartComposition",
    setup: async (f) => {
      const stage = await f.stage();
      await f.call("StartComposition", {
        stageArn: stage.arn,
        idempotencyToken: "token-1",
        destinations: [{ channel: { channelArn } }],
      });
      return stage;
    },
    input: (stage) => ({
      stageArn: stage.arn,
      idempotencyToken: "token-1",
      destinations: [{ channel: { channelArn: otherChannelArn } }],
    }),
    expect: refused.conflict("idempotencyToken was already used with a different StartComposition request."),
  }),
  scenario({
    name: "ImportPublicKey of a key that is already imported",
    op: "ImportPublicKey",
    setup: (f) => f.publicKey(samplePublicKeyPem),
    input: () => ({ publicKeyMaterial: samplePublicKeyPem.replace(/\n/g, "\r\n") }),
    expect: (arn) => refused.conflict(`This public key is already imported as ${arn}.`),
  }),
  scenario({
    name: "UpdateStage changing the recording configuration while a participant is recorded",
    op: "UpdateStage",
    setup: async (f) => {
      const storage = await f.storage();
      const stage = await f.stage({ autoParticipantRecordingConfiguration: { storageConfigurationArn: storage } });
      setPublishing(f.store(), f.join(stage), true);
      return stage;
    },
    input: (stage) => ({ arn: stage.arn, autoParticipantRecordingConfiguration: { storageConfigurationArn: "" } }),
    expect: refused.conflict(
      "autoParticipantRecordingConfiguration cannot be changed while a participant recording is active.",
    ),
  }),
  scenario({
    name: "StartParticipantReplication of a participant already replicated to that stage",
    op: "StartParticipantReplication",
    setup: (f) => replicationSetup(f, true),
    input: ({ stage, destination, participantId }) => ({
      sourceStageArn: stage.arn,
      destinationStageArn: destination.arn,
      participantId,
    }),
    expect: ({ destination, participantId }) =>
      refused.conflict(`Participant ${participantId} is already replicated to ${destination.arn}.`),
  }),
  scenario({
    name: "StartParticipantReplication of a disconnected participant",
    op: "StartParticipantReplication",
    setup: async (f) => {
      const setup = await replicationSetup(f, false);
      f.join(setup.stage); // keeps the session open
      leaveParticipant(f.store(), setup.participant);
      return setup;
    },
    input: ({ stage, destination, participantId }) => ({
      sourceStageArn: stage.arn,
      destinationStageArn: destination.arn,
      participantId,
    }),
    expect: ({ participantId }) => refused.conflict(`Participant ${participantId} is not connected.`),
  }),
  scenario({
    name: "StartParticipantReplication of a replica",
    op: "StartParticipantReplication",
    setup: async (f) => {
      const setup = await replicationSetup(f, true);
      const third = await f.stage();
      return { ...setup, third };
    },
    input: ({ destination, third, participantId }) => ({
      sourceStageArn: destination.arn,
      destinationStageArn: third.arn,
      participantId,
    }),
    expect: ({ participantId }) => refused.conflict(`Participant ${participantId} is itself a replica.`),
  }),
];

// =========================================================================================================
// 402: every resource quota (filled directly up to the limit minus one; the last allowed call goes through
// the client under test and must succeed, the next one is refused)

async function lastAllowed(f: Fixture, op: Parameters<Fixture["client"]["call"]>[0], input: object): Promise<void> {
  const outcome = await f.client.call(op, input);
  if (!outcome.ok) throw new Error(`the last call within the quota failed: ${outcome.code} ${outcome.message}`);
}

const quotaMessage = (name: string, limit: number) => `Service quota exceeded: ${name} (limit ${limit}) in ${REGION}.`;

const quotaScenarios: Scenario[] = [
  scenario({
    name: `CreateStage beyond ${quotas.stages} stages`,
    op: "CreateStage",
    setup: async (f) => {
      for (let i = 0; i < quotas.stages - 1; i++) await f.call("CreateStage", {});
      await lastAllowed(f, "CreateStage", {});
    },
    input: () => ({}),
    expect: refused.quota(quotaMessage("stages", quotas.stages)),
  }),
  scenario({
    name: `StartComposition beyond ${quotas.compositionsPerStage} compositions on one stage`,
    op: "StartComposition",
    setup: async (f) => {
      const stage = await f.stage();
      for (let i = 0; i < quotas.compositionsPerStage - 1; i++) await f.composition(stage.arn, `Channel${i}`);
      await lastAllowed(f, "StartComposition", { stageArn: stage.arn, destinations: [{ channel: { channelArn } }] });
      return stage;
    },
    input: (stage) => ({ stageArn: stage.arn, destinations: [{ channel: { channelArn: otherChannelArn } }] }),
    expect: refused.quota(quotaMessage("compositionsPerStage", quotas.compositionsPerStage)),
  }),
  scenario({
    name: `StartComposition beyond ${quotas.compositions} compositions per account and region`,
    op: "StartComposition",
    setup: async (f) => {
      const stages = [];
      for (let s = 0; s < quotas.compositions / quotas.compositionsPerStage + 1; s++) stages.push(await f.stage());
      let made = 0;
      for (const stage of stages.slice(0, -1)) {
        for (let i = 0; i < quotas.compositionsPerStage && made < quotas.compositions - 1; i++, made++)
          await f.composition(stage.arn, `Channel${made}`);
      }
      await lastAllowed(f, "StartComposition", {
        stageArn: must(stages.at(-2)).arn,
        destinations: [{ channel: { channelArn } }],
      });
      return must(stages.at(-1));
    },
    input: (stage) => ({ stageArn: stage.arn, destinations: [{ channel: { channelArn } }] }),
    expect: refused.quota(quotaMessage("compositions", quotas.compositions)),
  }),
  scenario({
    name: `CreateEncoderConfiguration beyond ${quotas.encoderConfigurations}`,
    op: "CreateEncoderConfiguration",
    setup: async (f) => {
      for (let i = 0; i < quotas.encoderConfigurations - 1; i++) await f.encoder();
      await lastAllowed(f, "CreateEncoderConfiguration", {});
    },
    input: () => ({}),
    expect: refused.quota(quotaMessage("encoderConfigurations", quotas.encoderConfigurations)),
  }),
  scenario({
    name: `CreateStorageConfiguration beyond ${quotas.storageConfigurations}`,
    op: "CreateStorageConfiguration",
    setup: async (f) => {
      for (let i = 0; i < quotas.storageConfigurations - 1; i++) await f.storage();
      await lastAllowed(f, "CreateStorageConfiguration", { s3: { bucketName: "last-bucket" } });
    },
    input: () => ({ s3: { bucketName: "one-too-many" } }),
    expect: refused.quota(quotaMessage("storageConfigurations", quotas.storageConfigurations)),
  }),
  scenario({
    name: `CreateIngestConfiguration beyond ${quotas.ingestConfigurations}`,
    op: "CreateIngestConfiguration",
    setup: async (f) => {
      for (let i = 0; i < quotas.ingestConfigurations - 1; i++) await f.ingest();
      await lastAllowed(f, "CreateIngestConfiguration", { ingestProtocol: "RTMPS" });
    },
    input: () => ({ ingestProtocol: "RTMPS" }),
    expect: refused.quota(quotaMessage("ingestConfigurations", quotas.ingestConfigurations)),
  }),
  scenario({
    name: `ImportPublicKey beyond ${quotas.publicKeys} keys`,
    op: "ImportPublicKey",
    setup: async (f) => {
      await f.publicKey(samplePublicKeyPem);
      await f.publicKey(must(extraKeys[0]));
      await lastAllowed(f, "ImportPublicKey", { publicKeyMaterial: must(extraKeys[1]) });
    },
    input: () => ({ publicKeyMaterial: must(extraKeys[2]) }),
    expect: refused.quota(quotaMessage("publicKeys", quotas.publicKeys)),
  }),
  scenario({
    name: `StartParticipantReplication beyond ${quotas.replicationsPerParticipant} replications of one participant`,
    op: "StartParticipantReplication",
    setup: async (f) => {
      const source = await stageWithParticipant(f);
      const destinations = [];
      for (let i = 0; i <= quotas.replicationsPerParticipant; i++) destinations.push(await f.stage());
      const replicate = (destination: { arn: string }) => ({
        sourceStageArn: source.stage.arn,
        destinationStageArn: destination.arn,
        participantId: source.participantId,
      });
      for (const destination of destinations.slice(0, quotas.replicationsPerParticipant - 1))
        await f.call("StartParticipantReplication", replicate(destination));
      await lastAllowed(
        f,
        "StartParticipantReplication",
        replicate(must(destinations[quotas.replicationsPerParticipant - 1])),
      );
      return replicate(must(destinations[quotas.replicationsPerParticipant]));
    },
    input: (input) => input,
    expect: refused.quota(quotaMessage("replicationsPerParticipant", quotas.replicationsPerParticipant)),
  }),
];

// =========================================================================================================
// 403: signatures and credentials; 429: throttling (the emulator with rate quotas on)

const someStage = missing("stage", "abcdABCDefgh");

const authScenarios: Scenario[] = [
  scenario({
    name: "a wrong secret gives InvalidSignatureException",
    op: "GetStage",
    options: { credentials: { accessKeyId: testCredentials.accessKeyId, secretAccessKey: "not-the-secret" } },
    input: () => ({ arn: someStage }),
    expect: {
      error: "InvalidSignatureException",
      status: 403,
      message: /^The request signature we calculated does not match the signature you provided/,
      attempts: 1,
    },
  }),
  scenario({
    name: "an unknown access key gives UnrecognizedClientException",
    op: "ListStages",
    options: { credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "whatever" } },
    input: () => ({}),
    expect: {
      error: "UnrecognizedClientException",
      status: 403,
      message: "The security token included in the request is invalid.",
      attempts: 1,
    },
  }),
  scenario({
    name: "the second configured key pair works (its own account)",
    op: "CreateStage",
    options: { credentials: otherCredentials },
    input: () => ({}),
    expect: {
      ok: true,
      check: (o) => expect(text(o, "stage", "arn")).toMatch(/^arn:aws:ivs:us-west-2:210987654321:stage\//),
    },
  }),
  scenario({
    name: "signing name ivsrealtime (instead of ivs) is rejected",
    op: "GetStage",
    only: "sdk",
    options: { signingName: "ivsrealtime" },
    input: () => ({ arn: someStage }),
    expect: {
      error: "InvalidSignatureException",
      status: 403,
      message: "Credential should be scoped to correct service: 'ivs'.",
      attempts: 1,
    },
  }),
  scenario({
    name: "throttled past 5 TPS: with maxAttempts 1 the 429 ThrottlingException surfaces",
    op: "GetStage",
    server: "throttled",
    options: { maxAttempts: 1 },
    setup: async (f) => {
      const stage = await f.stage();
      for (let i = 0; i < 5; i++) await lastAllowed(f, "GetStage", { arn: stage.arn });
      return stage;
    },
    input: (stage) => ({ arn: stage.arn }),
    expect: { error: "ThrottlingException", status: 429, message: "Rate exceeded", attempts: 1 },
  }),
  scenario({
    name: "throttled past 3 TPS (public keys): retried after Retry-After, then succeeds",
    op: "ListPublicKeys",
    server: "throttled",
    setup: async (f) => {
      for (let i = 0; i < 3; i++) await lastAllowed(f, "ListPublicKeys", {});
      // The SDK really waits (Retry-After: 1 s); refill the bucket meanwhile. Ours advances the clock as it "sleeps".
      const timer = setTimeout(() => f.serverClock.advance(1_000), 300);
      f.defer(() => clearTimeout(timer));
    },
    input: () => ({}),
    expect: { ok: true, attempts: 2, check: (o) => expect(o).toEqual({ publicKeys: [] }) },
  }),
];

export const scenarios: readonly Scenario[] = [
  ...successScenarios,
  ...notFoundScenarios,
  ...badRequestScenarios,
  ...conflictScenarios,
  ...quotaScenarios,
  ...authScenarios,
];

export const successOperations = new Set(successScenarios.map((s) => s.op));
