import { z } from "zod";
import {
  CompositionStateValues,
  DestinationStateValues,
  EventErrorCodeValues,
  EventNameValues,
  IngestConfigurationStateValues,
  IngestProtocolValues,
  ParticipantProtocolValues,
  ParticipantRecordingMediaType,
  ParticipantRecordingMediaTypeValues,
  ParticipantRecordingStateValues,
  ParticipantStateValues,
  ParticipantTokenCapability,
  ParticipantTokenCapabilityValues,
  PipBehavior,
  PipBehaviorValues,
  PipPosition,
  PipPositionValues,
  RecordingConfigurationFormat,
  RecordingConfigurationFormatValues,
  ReplicationStateValues,
  ReplicationTypeValues,
  ThumbnailRecordingMode,
  ThumbnailRecordingModeValues,
  ThumbnailStorageType,
  ThumbnailStorageTypeValues,
  VideoAspectRatio,
  VideoAspectRatioValues,
  VideoFillMode,
  VideoFillModeValues,
} from "./enums";
import {
  Attributes,
  AttributeKey,
  AutoParticipantRecordingStorageConfigurationArn,
  Bitrate,
  ChannelArn,
  CompositionRecordingTargetSegmentDurationSeconds,
  DestinationConfigurationName,
  EncoderConfigurationArn,
  Framerate,
  GridGap,
  Height,
  MAX_VIDEO_PIXELS,
  ParticipantRecordingReconnectWindowSeconds,
  ParticipantRecordingTargetSegmentDurationSeconds,
  ParticipantTokenDurationMinutes,
  PipHeight,
  PipOffset,
  PipWidth,
  S3BucketName,
  StorageConfigurationArn,
  ThumbnailIntervalSeconds,
  UserId,
  Width,
  bool,
  isoTimestamp,
  list,
  objectError,
  outBoolean,
  outEnum,
  outNumber,
  outString,
  outStringList,
  outStringMap,
} from "./primitives";

/**
 * Structures nested in IVS Real-Time requests and responses.
 *
 * `…Input` schemas describe what a caller may send: every documented constraint, no defaults, no transforms
 * (so `z.toJSONSchema()` works on them). The plain names describe what the service returns: members the SDK
 * model marks required are required, all others optional, enums also accept `""`, timestamps are normalised
 * by `isoTimestamp`, unknown keys are stripped.
 */

function input<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape, objectError);
}

// Default output size of an encoder configuration (§5); used when checking the pixel budget of a partial Video.
const DEFAULT_WIDTH = 1280;
const DEFAULT_HEIGHT = 720;

// =========================================================================================================
// Request-side structures

/**
 * Encoder output. Width and height are even, 2–1920, and width × height ≤ 2,073,600 (1920×1080 either
 * way). The pixel budget is checked on the effective size: a member left out counts at its documented
 * default (1280 wide, 720 high), because that is the size the service will encode.
 */
export const VideoInput = input({
  width: Width.optional(),
  height: Height.optional(),
  framerate: Framerate.optional(),
  bitrate: Bitrate.optional(),
}).superRefine((video, ctx) => {
  const width = video.width ?? DEFAULT_WIDTH;
  const height = video.height ?? DEFAULT_HEIGHT;
  if (width * height > MAX_VIDEO_PIXELS) {
    ctx.addIssue({
      code: "custom",
      message: `Member must have width × height less than or equal to ${MAX_VIDEO_PIXELS} (got ${width} × ${height} = ${width * height})`,
    });
  }
});

export const GridConfigurationInput = input({
  featuredParticipantAttribute: AttributeKey.optional(),
  omitStoppedVideo: bool().optional(),
  videoAspectRatio: VideoAspectRatio.optional(),
  videoFillMode: VideoFillMode.optional(),
  gridGap: GridGap.optional(),
  participantOrderAttribute: AttributeKey.optional(),
});

export const PipConfigurationInput = input({
  featuredParticipantAttribute: AttributeKey.optional(),
  omitStoppedVideo: bool().optional(),
  videoFillMode: VideoFillMode.optional(),
  gridGap: GridGap.optional(),
  pipParticipantAttribute: AttributeKey.optional(),
  pipBehavior: PipBehavior.optional(),
  pipOffset: PipOffset.optional(),
  pipPosition: PipPosition.optional(),
  pipWidth: PipWidth.optional(),
  pipHeight: PipHeight.optional(),
  participantOrderAttribute: AttributeKey.optional(),
});

/** Grid or PiP. A plain structure, not a union: the service defaults to grid; both at once is undocumented. */
export const LayoutConfigurationInput = input({
  grid: GridConfigurationInput.optional(),
  pip: PipConfigurationInput.optional(),
});

export const ChannelDestinationConfigurationInput = input({
  channelArn: ChannelArn,
  encoderConfigurationArn: EncoderConfigurationArn.optional(),
});

export const CompositionRecordingHlsConfigurationInput = input({
  targetSegmentDurationSeconds: CompositionRecordingTargetSegmentDurationSeconds.optional(),
});

export const RecordingConfigurationInput = input({
  hlsConfiguration: CompositionRecordingHlsConfigurationInput.optional(),
  format: RecordingConfigurationFormat.optional(),
});

/** Thumbnail storage: 0–2 distinct values from {SEQUENTIAL, LATEST}. */
export const ThumbnailStorageTypeList = list(ThumbnailStorageType, { max: 2, unique: true });

export const CompositionThumbnailConfigurationInput = input({
  targetIntervalSeconds: ThumbnailIntervalSeconds.optional(),
  storage: ThumbnailStorageTypeList.optional(),
});

export const S3DestinationConfigurationInput = input({
  storageConfigurationArn: StorageConfigurationArn,
  /** Exactly one encoder configuration. */
  encoderConfigurationArns: list(EncoderConfigurationArn, { min: 1, max: 1 }),
  recordingConfiguration: RecordingConfigurationInput.optional(),
  thumbnailConfigurations: list(CompositionThumbnailConfigurationInput, { max: 1 }).optional(),
});

/**
 * One composition output. Exactly one of `channel` or `s3` must be set ("Either a channel or an s3 must be
 * specified"; a destination carrying both is not a documented combination, so it is rejected).
 */
export const DestinationConfigurationInput = input({
  name: DestinationConfigurationName.optional(),
  channel: ChannelDestinationConfigurationInput.optional(),
  s3: S3DestinationConfigurationInput.optional(),
}).superRefine((destination, ctx) => {
  const hasChannel = destination.channel !== undefined;
  const hasS3 = destination.s3 !== undefined;
  if (hasChannel === hasS3) {
    ctx.addIssue({
      code: "custom",
      message: hasChannel
        ? "Member must set only one of channel or s3, not both"
        : "Member must set either channel or s3",
    });
  }
});

/** StartComposition `destinations`: 1–2 items, at most one channel destination and at most one s3 destination. */
export const DestinationConfigurationList = list(DestinationConfigurationInput, { min: 1, max: 2 }).superRefine(
  (destinations, ctx) => {
    for (const kind of ["channel", "s3"] as const) {
      const indexes = destinations.flatMap((destination, index) => (destination[kind] === undefined ? [] : [index]));
      for (const index of indexes.slice(1)) {
        ctx.addIssue({
          code: "custom",
          path: [index, kind],
          message: `Member must not be set: at most one ${kind} destination is allowed (destination ${indexes[0]} already has one)`,
        });
      }
    }
  },
);

export const ParticipantThumbnailConfigurationInput = input({
  targetIntervalSeconds: ThumbnailIntervalSeconds.optional(),
  storage: ThumbnailStorageTypeList.optional(),
  recordingMode: ThumbnailRecordingMode.optional(),
});

export const ParticipantRecordingHlsConfigurationInput = input({
  targetSegmentDurationSeconds: ParticipantRecordingTargetSegmentDurationSeconds.optional(),
});

/** Individual participant recording; `storageConfigurationArn: ""` disables it. */
export const AutoParticipantRecordingConfigurationInput = input({
  storageConfigurationArn: AutoParticipantRecordingStorageConfigurationArn,
  mediaTypes: list(ParticipantRecordingMediaType, { max: 1 }).optional(),
  thumbnailConfiguration: ParticipantThumbnailConfigurationInput.optional(),
  recordingReconnectWindowSeconds: ParticipantRecordingReconnectWindowSeconds.optional(),
  hlsConfiguration: ParticipantRecordingHlsConfigurationInput.optional(),
  recordParticipantReplicas: bool().optional(),
});

/** Token capabilities: 0–2 items (the model has no uniqueness rule). */
export const ParticipantTokenCapabilities = list(ParticipantTokenCapability, { max: 2 });

export const ParticipantTokenConfigurationInput = input({
  duration: ParticipantTokenDurationMinutes.optional(),
  userId: UserId.optional(),
  attributes: Attributes.optional(),
  capabilities: ParticipantTokenCapabilities.optional(),
});

/** CreateStage: 0–12 tokens minted with the stage. */
export const ParticipantTokenConfigurations = list(ParticipantTokenConfigurationInput, { max: 12 });

export const S3StorageConfigurationInput = input({
  bucketName: S3BucketName,
});

export type VideoInput = z.input<typeof VideoInput>;
export type GridConfigurationInput = z.input<typeof GridConfigurationInput>;
export type PipConfigurationInput = z.input<typeof PipConfigurationInput>;
export type LayoutConfigurationInput = z.input<typeof LayoutConfigurationInput>;
export type ChannelDestinationConfigurationInput = z.input<typeof ChannelDestinationConfigurationInput>;
export type S3DestinationConfigurationInput = z.input<typeof S3DestinationConfigurationInput>;
export type RecordingConfigurationInput = z.input<typeof RecordingConfigurationInput>;
export type CompositionThumbnailConfigurationInput = z.input<typeof CompositionThumbnailConfigurationInput>;
export type DestinationConfigurationInput = z.input<typeof DestinationConfigurationInput>;
export type ParticipantThumbnailConfigurationInput = z.input<typeof ParticipantThumbnailConfigurationInput>;
export type AutoParticipantRecordingConfigurationInput = z.input<typeof AutoParticipantRecordingConfigurationInput>;
export type ParticipantTokenConfigurationInput = z.input<typeof ParticipantTokenConfigurationInput>;
export type S3StorageConfigurationInput = z.input<typeof S3StorageConfigurationInput>;

// =========================================================================================================
// Response-side structures

const optString = outString.optional();
const optNumber = outNumber.optional();
const optBoolean = outBoolean.optional();
const optTags = outStringMap.optional();
const optTime = isoTimestamp.optional();

export const Video = z.object({
  width: optNumber,
  height: optNumber,
  framerate: optNumber,
  bitrate: optNumber,
});

export const GridConfiguration = z.object({
  featuredParticipantAttribute: optString,
  omitStoppedVideo: optBoolean,
  videoAspectRatio: outEnum(VideoAspectRatioValues).optional(),
  videoFillMode: outEnum(VideoFillModeValues).optional(),
  gridGap: optNumber,
  participantOrderAttribute: optString,
});

export const PipConfiguration = z.object({
  featuredParticipantAttribute: optString,
  omitStoppedVideo: optBoolean,
  videoFillMode: outEnum(VideoFillModeValues).optional(),
  gridGap: optNumber,
  pipParticipantAttribute: optString,
  pipBehavior: outEnum(PipBehaviorValues).optional(),
  pipOffset: optNumber,
  pipPosition: outEnum(PipPositionValues).optional(),
  pipWidth: optNumber,
  pipHeight: optNumber,
  participantOrderAttribute: optString,
});

export const LayoutConfiguration = z.object({
  grid: GridConfiguration.optional(),
  pip: PipConfiguration.optional(),
});

export const ChannelDestinationConfiguration = z.object({
  channelArn: outString,
  encoderConfigurationArn: optString,
});

export const CompositionRecordingHlsConfiguration = z.object({
  targetSegmentDurationSeconds: optNumber,
});

export const RecordingConfiguration = z.object({
  hlsConfiguration: CompositionRecordingHlsConfiguration.optional(),
  format: outEnum(RecordingConfigurationFormatValues).optional(),
});

const outThumbnailStorage = z.array(outEnum(ThumbnailStorageTypeValues));

export const CompositionThumbnailConfiguration = z.object({
  targetIntervalSeconds: optNumber,
  storage: outThumbnailStorage.optional(),
});

export const S3DestinationConfiguration = z.object({
  storageConfigurationArn: outString,
  encoderConfigurationArns: outStringList,
  recordingConfiguration: RecordingConfiguration.optional(),
  thumbnailConfigurations: z.array(CompositionThumbnailConfiguration).optional(),
});

export const DestinationConfiguration = z.object({
  name: optString,
  channel: ChannelDestinationConfiguration.optional(),
  s3: S3DestinationConfiguration.optional(),
});

export const S3Detail = z.object({
  /** `<a>/<compositionId>/<destinationId>/composite`; the first component's meaning is undocumented. */
  recordingPrefix: outString,
});

export const DestinationDetail = z.object({
  s3: S3Detail.optional(),
});

const destinationState = outEnum(DestinationStateValues);

export const Destination = z.object({
  id: outString,
  state: destinationState,
  configuration: DestinationConfiguration,
  startTime: optTime,
  endTime: optTime,
  detail: DestinationDetail.optional(),
});

export const DestinationSummary = z.object({
  id: outString,
  state: destinationState,
  startTime: optTime,
  endTime: optTime,
});

const compositionState = outEnum(CompositionStateValues);

export const Composition = z.object({
  arn: outString,
  stageArn: outString,
  state: compositionState,
  layout: LayoutConfiguration,
  destinations: z.array(Destination),
  tags: optTags,
  startTime: optTime,
  endTime: optTime,
});

export const CompositionSummary = z.object({
  arn: outString,
  stageArn: outString,
  destinations: z.array(DestinationSummary),
  state: compositionState,
  tags: optTags,
  startTime: optTime,
  endTime: optTime,
});

export const ParticipantThumbnailConfiguration = z.object({
  targetIntervalSeconds: optNumber,
  storage: outThumbnailStorage.optional(),
  recordingMode: outEnum(ThumbnailRecordingModeValues).optional(),
});

export const ParticipantRecordingHlsConfiguration = z.object({
  targetSegmentDurationSeconds: optNumber,
});

export const AutoParticipantRecordingConfiguration = z.object({
  /** `""` when individual participant recording is disabled. */
  storageConfigurationArn: outString,
  mediaTypes: z.array(outEnum(ParticipantRecordingMediaTypeValues)).optional(),
  thumbnailConfiguration: ParticipantThumbnailConfiguration.optional(),
  recordingReconnectWindowSeconds: optNumber,
  hlsConfiguration: ParticipantRecordingHlsConfiguration.optional(),
  recordParticipantReplicas: optBoolean,
});

export const StageEndpoints = z.object({
  events: optString,
  whip: optString,
  rtmp: optString,
  rtmps: optString,
});

export const StageSummary = z.object({
  arn: outString,
  name: optString,
  /** Present only while a stage session is active. */
  activeSessionId: optString,
  tags: optTags,
});

export const Stage = StageSummary.extend({
  autoParticipantRecordingConfiguration: AutoParticipantRecordingConfiguration.optional(),
  endpoints: StageEndpoints.optional(),
});

/** `endTime` is absent while the session is active. */
export const StageSession = z.object({
  sessionId: optString,
  startTime: optTime,
  endTime: optTime,
});

export const StageSessionSummary = StageSession;

const capabilities = z.array(outEnum(ParticipantTokenCapabilityValues));

export const ParticipantSummary = z.object({
  participantId: optString,
  userId: optString,
  state: outEnum(ParticipantStateValues).optional(),
  firstJoinTime: optTime,
  published: optBoolean,
  recordingState: outEnum(ParticipantRecordingStateValues).optional(),
  replicationType: outEnum(ReplicationTypeValues).optional(),
  replicationState: outEnum(ReplicationStateValues).optional(),
  sourceStageArn: optString,
  sourceSessionId: optString,
  redundantIngest: optBoolean,
  ingestConfigurationArn: optString,
});

export const Participant = ParticipantSummary.extend({
  attributes: optTags,
  ispName: optString,
  osName: optString,
  osVersion: optString,
  browserName: optString,
  browserVersion: optString,
  sdkVersion: optString,
  recordingS3BucketName: optString,
  recordingS3Prefix: optString,
  protocol: outEnum(ParticipantProtocolValues).optional(),
});

export const ExchangedParticipantToken = z.object({
  capabilities: capabilities.optional(),
  attributes: optTags,
  userId: optString,
  expirationTime: optTime,
});

export const Event = z.object({
  name: outEnum(EventNameValues).optional(),
  participantId: optString,
  eventTime: optTime,
  /** SUBSCRIBE_* events: the publisher. */
  remoteParticipantId: optString,
  /** *_ERROR events only. */
  errorCode: outEnum(EventErrorCodeValues).optional(),
  destinationStageArn: optString,
  destinationSessionId: optString,
  replica: optBoolean,
  previousToken: ExchangedParticipantToken.optional(),
  newToken: ExchangedParticipantToken.optional(),
});

export const ParticipantToken = z.object({
  participantId: optString,
  /** Sensitive: the token string handed to the participant. */
  token: optString,
  userId: optString,
  attributes: optTags,
  duration: optNumber,
  capabilities: capabilities.optional(),
  expirationTime: optTime,
});

export const EncoderConfigurationSummary = z.object({
  arn: outString,
  name: optString,
  tags: optTags,
});

export const EncoderConfiguration = EncoderConfigurationSummary.extend({
  video: Video.optional(),
});

export const S3StorageConfiguration = z.object({
  bucketName: outString,
});

export const StorageConfiguration = z.object({
  arn: outString,
  name: optString,
  s3: S3StorageConfiguration.optional(),
  tags: optTags,
});

export const StorageConfigurationSummary = StorageConfiguration;

export const RedundantIngestCredential = z.object({
  participantId: optString,
  /** Sensitive. */
  streamKey: optString,
});

export const IngestConfigurationSummary = z.object({
  arn: outString,
  ingestProtocol: outEnum(IngestProtocolValues),
  /** `""` when not attached to a stage. */
  stageArn: outString,
  participantId: outString,
  state: outEnum(IngestConfigurationStateValues),
  name: optString,
  userId: optString,
  redundantIngest: optBoolean,
});

export const IngestConfiguration = IngestConfigurationSummary.extend({
  /** Sensitive: `rt_<account>_<region>_<ingestConfigurationId>_<secret>`. */
  streamKey: outString,
  redundantIngestCredentials: z.array(RedundantIngestCredential).optional(),
  attributes: optTags,
  tags: optTags,
});

export const PublicKeySummary = z.object({
  arn: optString,
  name: optString,
  tags: optTags,
});

export const PublicKey = PublicKeySummary.extend({
  publicKeyMaterial: optString,
  fingerprint: optString,
});

export const ParticipantReplica = z.object({
  sourceStageArn: outString,
  participantId: outString,
  sourceSessionId: outString,
  destinationStageArn: outString,
  destinationSessionId: outString,
  replicationState: outEnum(ReplicationStateValues),
});

export type Video = z.output<typeof Video>;
export type GridConfiguration = z.output<typeof GridConfiguration>;
export type PipConfiguration = z.output<typeof PipConfiguration>;
export type LayoutConfiguration = z.output<typeof LayoutConfiguration>;
export type ChannelDestinationConfiguration = z.output<typeof ChannelDestinationConfiguration>;
export type S3DestinationConfiguration = z.output<typeof S3DestinationConfiguration>;
export type RecordingConfiguration = z.output<typeof RecordingConfiguration>;
export type CompositionThumbnailConfiguration = z.output<typeof CompositionThumbnailConfiguration>;
export type DestinationConfiguration = z.output<typeof DestinationConfiguration>;
export type S3Detail = z.output<typeof S3Detail>;
export type DestinationDetail = z.output<typeof DestinationDetail>;
export type Destination = z.output<typeof Destination>;
export type DestinationSummary = z.output<typeof DestinationSummary>;
export type Composition = z.output<typeof Composition>;
export type CompositionSummary = z.output<typeof CompositionSummary>;
export type ParticipantThumbnailConfiguration = z.output<typeof ParticipantThumbnailConfiguration>;
export type AutoParticipantRecordingConfiguration = z.output<typeof AutoParticipantRecordingConfiguration>;
export type StageEndpoints = z.output<typeof StageEndpoints>;
export type Stage = z.output<typeof Stage>;
export type StageSummary = z.output<typeof StageSummary>;
export type StageSession = z.output<typeof StageSession>;
export type StageSessionSummary = z.output<typeof StageSessionSummary>;
export type Participant = z.output<typeof Participant>;
export type ParticipantSummary = z.output<typeof ParticipantSummary>;
export type ExchangedParticipantToken = z.output<typeof ExchangedParticipantToken>;
export type Event = z.output<typeof Event>;
export type ParticipantToken = z.output<typeof ParticipantToken>;
export type EncoderConfiguration = z.output<typeof EncoderConfiguration>;
export type EncoderConfigurationSummary = z.output<typeof EncoderConfigurationSummary>;
export type S3StorageConfiguration = z.output<typeof S3StorageConfiguration>;
export type StorageConfiguration = z.output<typeof StorageConfiguration>;
export type StorageConfigurationSummary = z.output<typeof StorageConfigurationSummary>;
export type RedundantIngestCredential = z.output<typeof RedundantIngestCredential>;
export type IngestConfiguration = z.output<typeof IngestConfiguration>;
export type IngestConfigurationSummary = z.output<typeof IngestConfigurationSummary>;
export type PublicKey = z.output<typeof PublicKey>;
export type PublicKeySummary = z.output<typeof PublicKeySummary>;
export type ParticipantReplica = z.output<typeof ParticipantReplica>;
