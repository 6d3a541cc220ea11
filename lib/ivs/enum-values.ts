/** The value lists of every IVS Real-Time enum, in model order, without zod (see enums.ts for the schemas). */

export const CompositionStateValues = ["STARTING", "ACTIVE", "STOPPING", "FAILED", "STOPPED"] as const;

export const DestinationStateValues = ["STARTING", "ACTIVE", "STOPPING", "RECONNECTING", "FAILED", "STOPPED"] as const;

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

export const IngestConfigurationStateValues = ["ACTIVE", "INACTIVE"] as const;

export const IngestProtocolValues = ["RTMP", "RTMPS"] as const;

export const ParticipantProtocolValues = ["UNKNOWN", "WHIP", "RTMP", "RTMPS"] as const;

export const ParticipantRecordingFilterByRecordingStateValues = [
  "STARTING",
  "ACTIVE",
  "STOPPING",
  "STOPPED",
  "FAILED",
] as const;

export const ParticipantRecordingMediaTypeValues = ["AUDIO_VIDEO", "AUDIO_ONLY", "NONE"] as const;

export const ParticipantRecordingStateValues = [
  "STARTING",
  "ACTIVE",
  "STOPPING",
  "STOPPED",
  "FAILED",
  "DISABLED",
] as const;

export const ParticipantStateValues = ["CONNECTED", "DISCONNECTED"] as const;

export const ParticipantTokenCapabilityValues = ["PUBLISH", "SUBSCRIBE"] as const;

export const PipBehaviorValues = ["STATIC", "DYNAMIC"] as const;

export const PipPositionValues = ["TOP_LEFT", "TOP_RIGHT", "BOTTOM_LEFT", "BOTTOM_RIGHT"] as const;

export const RecordingConfigurationFormatValues = ["HLS"] as const;

export const ReplicationStateValues = ["ACTIVE", "STOPPED"] as const;

export const ReplicationTypeValues = ["SOURCE", "REPLICA", "NONE"] as const;

export const ThumbnailRecordingModeValues = ["INTERVAL", "DISABLED"] as const;

export const ThumbnailStorageTypeValues = ["SEQUENTIAL", "LATEST"] as const;

export const VideoAspectRatioValues = ["AUTO", "VIDEO", "SQUARE", "PORTRAIT"] as const;

export const VideoFillModeValues = ["FILL", "COVER", "CONTAIN"] as const;
