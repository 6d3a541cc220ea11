import { z } from "zod";
import { messages, missingOr } from "./primitives";

/**
 * Every enum of the IVS Real-Time model, in model order. Each enum comes as three exports:
 * the value list (`…Values`, for selects), the strict zod schema (used for request members) and its type.
 *
 * Responses may carry `""` where an enum member is unset; response structures use `outEnum(…Values)` from
 * primitives.ts rather than these strict schemas.
 */

function ivsEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: missingOr(messages.enumValues(values)) });
}

export const CompositionStateValues = ["STARTING", "ACTIVE", "STOPPING", "FAILED", "STOPPED"] as const;
export const CompositionState = ivsEnum(CompositionStateValues);
export type CompositionState = z.infer<typeof CompositionState>;

export const DestinationStateValues = ["STARTING", "ACTIVE", "STOPPING", "RECONNECTING", "FAILED", "STOPPED"] as const;
export const DestinationState = ivsEnum(DestinationStateValues);
export type DestinationState = z.infer<typeof DestinationState>;

export const EventErrorCodeValues = [
  "INSUFFICIENT_CAPABILITIES",
  "QUOTA_EXCEEDED",
  "PUBLISHER_NOT_FOUND",
  "BITRATE_EXCEEDED",
  "RESOLUTION_EXCEEDED",
  "STREAM_DURATION_EXCEEDED",
  "INVALID_AUDIO_CODEC",
  "INVALID_VIDEO_CODEC",
  "INVALID_PROTOCOL",
  "INVALID_STREAM_KEY",
  "REUSE_OF_STREAM_KEY",
  "B_FRAME_PRESENT",
  "INVALID_INPUT",
  "INTERNAL_SERVER_EXCEPTION",
] as const;
export const EventErrorCode = ivsEnum(EventErrorCodeValues);
export type EventErrorCode = z.infer<typeof EventErrorCode>;

export const EventNameValues = [
  "JOINED",
  "LEFT",
  "PUBLISH_STARTED",
  "PUBLISH_STOPPED",
  "SUBSCRIBE_STARTED",
  "SUBSCRIBE_STOPPED",
  "PUBLISH_ERROR",
  "SUBSCRIBE_ERROR",
  "JOIN_ERROR",
  "REPLICATION_STARTED",
  "REPLICATION_STOPPED",
  "TOKEN_EXCHANGED",
] as const;
export const EventName = ivsEnum(EventNameValues);
export type EventName = z.infer<typeof EventName>;

export const IngestConfigurationStateValues = ["ACTIVE", "INACTIVE"] as const;
export const IngestConfigurationState = ivsEnum(IngestConfigurationStateValues);
export type IngestConfigurationState = z.infer<typeof IngestConfigurationState>;

export const IngestProtocolValues = ["RTMP", "RTMPS"] as const;
export const IngestProtocol = ivsEnum(IngestProtocolValues);
export type IngestProtocol = z.infer<typeof IngestProtocol>;

export const ParticipantProtocolValues = ["UNKNOWN", "WHIP", "RTMP", "RTMPS"] as const;
export const ParticipantProtocol = ivsEnum(ParticipantProtocolValues);
export type ParticipantProtocol = z.infer<typeof ParticipantProtocol>;

/** ListParticipants `filterByRecordingState`: like ParticipantRecordingState but without DISABLED. */
export const ParticipantRecordingFilterByRecordingStateValues = [
  "STARTING",
  "ACTIVE",
  "STOPPING",
  "STOPPED",
  "FAILED",
] as const;
export const ParticipantRecordingFilterByRecordingState = ivsEnum(ParticipantRecordingFilterByRecordingStateValues);
export type ParticipantRecordingFilterByRecordingState = z.infer<typeof ParticipantRecordingFilterByRecordingState>;

export const ParticipantRecordingMediaTypeValues = ["AUDIO_VIDEO", "AUDIO_ONLY", "NONE"] as const;
export const ParticipantRecordingMediaType = ivsEnum(ParticipantRecordingMediaTypeValues);
export type ParticipantRecordingMediaType = z.infer<typeof ParticipantRecordingMediaType>;

export const ParticipantRecordingStateValues = ["STARTING", "ACTIVE", "STOPPING", "STOPPED", "FAILED", "DISABLED"] as const;
export const ParticipantRecordingState = ivsEnum(ParticipantRecordingStateValues);
export type ParticipantRecordingState = z.infer<typeof ParticipantRecordingState>;

export const ParticipantStateValues = ["CONNECTED", "DISCONNECTED"] as const;
export const ParticipantState = ivsEnum(ParticipantStateValues);
export type ParticipantState = z.infer<typeof ParticipantState>;

export const ParticipantTokenCapabilityValues = ["PUBLISH", "SUBSCRIBE"] as const;
export const ParticipantTokenCapability = ivsEnum(ParticipantTokenCapabilityValues);
export type ParticipantTokenCapability = z.infer<typeof ParticipantTokenCapability>;

export const PipBehaviorValues = ["STATIC", "DYNAMIC"] as const;
export const PipBehavior = ivsEnum(PipBehaviorValues);
export type PipBehavior = z.infer<typeof PipBehavior>;

export const PipPositionValues = ["TOP_LEFT", "TOP_RIGHT", "BOTTOM_LEFT", "BOTTOM_RIGHT"] as const;
export const PipPosition = ivsEnum(PipPositionValues);
export type PipPosition = z.infer<typeof PipPosition>;

export const RecordingConfigurationFormatValues = ["HLS"] as const;
export const RecordingConfigurationFormat = ivsEnum(RecordingConfigurationFormatValues);
export type RecordingConfigurationFormat = z.infer<typeof RecordingConfigurationFormat>;

export const ReplicationStateValues = ["ACTIVE", "STOPPED"] as const;
export const ReplicationState = ivsEnum(ReplicationStateValues);
export type ReplicationState = z.infer<typeof ReplicationState>;

export const ReplicationTypeValues = ["SOURCE", "REPLICA", "NONE"] as const;
export const ReplicationType = ivsEnum(ReplicationTypeValues);
export type ReplicationType = z.infer<typeof ReplicationType>;

export const ThumbnailRecordingModeValues = ["INTERVAL", "DISABLED"] as const;
export const ThumbnailRecordingMode = ivsEnum(ThumbnailRecordingModeValues);
export type ThumbnailRecordingMode = z.infer<typeof ThumbnailRecordingMode>;

export const ThumbnailStorageTypeValues = ["SEQUENTIAL", "LATEST"] as const;
export const ThumbnailStorageType = ivsEnum(ThumbnailStorageTypeValues);
export type ThumbnailStorageType = z.infer<typeof ThumbnailStorageType>;

/** `AUTO` exists in the model but is undocumented; docs: VIDEO 16:9, SQUARE 1:1, PORTRAIT 3:4. */
export const VideoAspectRatioValues = ["AUTO", "VIDEO", "SQUARE", "PORTRAIT"] as const;
export const VideoAspectRatio = ivsEnum(VideoAspectRatioValues);
export type VideoAspectRatio = z.infer<typeof VideoAspectRatio>;

export const VideoFillModeValues = ["FILL", "COVER", "CONTAIN"] as const;
export const VideoFillMode = ivsEnum(VideoFillModeValues);
export type VideoFillMode = z.infer<typeof VideoFillMode>;
