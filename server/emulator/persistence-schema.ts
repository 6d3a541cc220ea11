import { z } from "zod";
import {
  CompositionStateValues,
  IngestConfigurationStateValues,
  IngestProtocolValues,
  ReplicationStateValues,
} from "@/lib/ivs/enums";
import {
  AutoParticipantRecordingConfiguration,
  Destination,
  Event,
  LayoutConfiguration,
  Participant,
  ParticipantReplica,
  ParticipantToken,
  RedundantIngestCredential,
} from "@/lib/ivs/structures";

/**
 * The shape of a state file (format version 1), checked member by member before anything is restored. Record
 * members the world relies on are required with their types; the IVS wire data inside records (participants,
 * events, destinations, layouts…) is checked with the shared output schemas of lib/ivs. Unknown members are
 * refused (`z.strictObject`), so a file from a different program is not mistaken for one of ours.
 */

const seq = z.number().int().nonnegative();
const text = z.string();
const tags = z.record(z.string(), z.string());
const epochMs = z.number().finite();
const iso = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO-8601 timestamp");

/** Valid by a lib/ivs output schema (the value itself is kept as written, not the schema's normalised output). */
const wire = (schema: z.ZodType, what: string) =>
  z.unknown().superRefine((value, ctx) => {
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      ctx.addIssue({
        code: "custom",
        message: `not a valid ${what}${issue ? ` (${issue.path.join(".") || "value"}: ${issue.message})` : ""}`,
      });
    }
  });

const stage = z.strictObject({
  seq,
  arn: text,
  id: text,
  name: text,
  autoParticipantRecordingConfiguration: wire(
    AutoParticipantRecordingConfiguration,
    "AutoParticipantRecordingConfiguration",
  ),
  endpoints: z.strictObject({ events: text, whip: text, rtmp: text, rtmps: text }),
  activeSessionId: text.optional(),
});

const session = z.strictObject({ seq, stageArn: text, sessionId: text, startTime: iso, endTime: iso.optional() });

const participantData = z
  .looseObject({
    participantId: text,
    userId: text,
    state: z.enum(["CONNECTED", "DISCONNECTED"]),
    firstJoinTime: iso,
    attributes: tags,
    published: z.boolean(),
    recordingState: text,
    replicationType: text,
  })
  .superRefine((value, ctx) => {
    const result = Participant.safeParse(value);
    if (!result.success)
      ctx.addIssue({ code: "custom", message: `not a valid Participant: ${result.error.issues[0]?.message ?? ""}` });
  });

const participant = z.strictObject({
  seq,
  stageArn: text,
  sessionId: text,
  data: participantData,
  publishing: z.boolean(),
  subscriptions: z.array(text),
});

const event = z.strictObject({ seq, stageArn: text, sessionId: text, participantId: text, data: wire(Event, "Event") });

const token = z.strictObject({
  seq,
  stageArn: text,
  participantId: text,
  expiresAtMs: epochMs,
  data: z.looseObject({ participantId: text, token: text }).and(wire(ParticipantToken, "ParticipantToken")),
  revoked: z.boolean(),
});

const composition = z.strictObject({
  seq,
  arn: text,
  id: text,
  stageArn: text,
  state: z.enum(CompositionStateValues),
  layout: wire(LayoutConfiguration, "LayoutConfiguration"),
  destinations: z.array(wire(Destination, "Destination")),
  startTime: iso,
  endTime: iso.optional(),
});

const encoderConfiguration = z.strictObject({
  seq,
  arn: text,
  name: text,
  video: z.strictObject({ width: z.number(), height: z.number(), framerate: z.number(), bitrate: z.number() }),
});

const storageConfiguration = z.strictObject({ seq, arn: text, name: text, s3: z.strictObject({ bucketName: text }) });

const ingestConfiguration = z.strictObject({
  seq,
  arn: text,
  id: text,
  name: text,
  ingestProtocol: z.enum(IngestProtocolValues),
  streamKey: text,
  stageArn: text,
  participantId: text,
  state: z.enum(IngestConfigurationStateValues),
  userId: text,
  attributes: tags,
  insecureIngest: z.boolean(),
  redundantIngest: z.boolean(),
  redundantIngestCredentials: z.array(wire(RedundantIngestCredential, "RedundantIngestCredential")).optional(),
});

const publicKey = z.strictObject({
  seq,
  arn: text,
  name: text,
  publicKeyMaterial: text,
  fingerprint: text,
  spki: text,
});

const replica = z
  .looseObject({
    seq,
    replicationState: z.enum(ReplicationStateValues),
    reconnectWindowSeconds: z.number(),
    attributes: tags,
    suspendedUntilMs: epochMs.optional(),
    sourceStageArn: text,
    participantId: text,
    sourceSessionId: text,
    destinationStageArn: text,
    destinationSessionId: text,
  })
  .and(wire(ParticipantReplica, "ParticipantReplica"));

export const regionSnapshotSchema = z.strictObject({
  account: z.string().regex(/^\d{12}$/, "must be a 12-digit account id"),
  region: z.string().regex(/^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/, "must be an AWS region name"),
  lastSeq: seq,
  stages: z.array(stage),
  sessions: z.array(session),
  participants: z.array(participant),
  events: z.array(event),
  tokens: z.array(token),
  compositions: z.array(composition),
  encoderConfigurations: z.array(encoderConfiguration),
  storageConfigurations: z.array(storageConfiguration),
  ingestConfigurations: z.array(ingestConfiguration),
  publicKeys: z.array(publicKey),
  tags: z.array(z.strictObject({ arn: text, tags })),
  replicas: z.array(replica),
  idempotency: z.array(z.strictObject({ token: text, inputJson: text, compositionArn: text })),
});

export const stateFileSchema = z.strictObject({
  format: z.literal("ivs-realtime-emulator-state"),
  version: z.literal(1),
  savedAt: iso,
  /** The world clock when the file was written. */
  virtualTimeMs: epochMs,
  seed: z.union([z.number(), z.string()]),
  world: z.enum(["demo", "empty"]),
  /** base64 of the world secret (signs participant and page tokens). */
  secret: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64")
    .refine((value) => Buffer.from(value, "base64").length >= 16, "is too short"),
  regions: z.array(regionSnapshotSchema),
  /** State of components that are not the world (the demo activity), by name. */
  extensions: z.record(z.string(), z.unknown()),
  /** The generation of the journal (`<file>.journal`) that continues this snapshot; absent before journals. */
  journalGeneration: z.number().int().nonnegative().optional(),
});
