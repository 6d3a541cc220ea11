import { z } from "zod";
import {
  CompositionStateValues,
  DestinationStateValues,
  EventErrorCodeValues,
  EventNameValues,
  IngestConfigurationStateValues,
  IngestProtocolValues,
  ParticipantProtocolValues,
  ParticipantRecordingFilterByRecordingStateValues,
  ParticipantRecordingMediaTypeValues,
  ParticipantRecordingStateValues,
  ParticipantStateValues,
  ParticipantTokenCapabilityValues,
  PipBehaviorValues,
  PipPositionValues,
  RecordingConfigurationFormatValues,
  ReplicationStateValues,
  ReplicationTypeValues,
  ThumbnailRecordingModeValues,
  ThumbnailStorageTypeValues,
  VideoAspectRatioValues,
  VideoFillModeValues,
} from "./enum-values";
import { messages, missingOr } from "./primitives";

export * from "./enum-values";

/**
 * Every enum of the IVS Real-Time model, in model order. Each enum comes as three exports:
 * the value list (`…Values`, for selects; declared zod-free in enum-values.ts so browser bundles can use them
 * without zod), the strict zod schema (used for request members) and its type.
 *
 * Responses may carry `""` where an enum member is unset; response structures use `outEnum(…Values)` from
 * primitives.ts rather than these strict schemas.
 */

function ivsEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: missingOr(messages.enumValues(values)) });
}

export const CompositionState = ivsEnum(CompositionStateValues);
export type CompositionState = z.infer<typeof CompositionState>;

export const DestinationState = ivsEnum(DestinationStateValues);
export type DestinationState = z.infer<typeof DestinationState>;

export const EventErrorCode = ivsEnum(EventErrorCodeValues);
export type EventErrorCode = z.infer<typeof EventErrorCode>;

export const EventName = ivsEnum(EventNameValues);
export type EventName = z.infer<typeof EventName>;

export const IngestConfigurationState = ivsEnum(IngestConfigurationStateValues);
export type IngestConfigurationState = z.infer<typeof IngestConfigurationState>;

export const IngestProtocol = ivsEnum(IngestProtocolValues);
export type IngestProtocol = z.infer<typeof IngestProtocol>;

export const ParticipantProtocol = ivsEnum(ParticipantProtocolValues);
export type ParticipantProtocol = z.infer<typeof ParticipantProtocol>;

/** ListParticipants `filterByRecordingState`: like ParticipantRecordingState but without DISABLED. */
export const ParticipantRecordingFilterByRecordingState = ivsEnum(ParticipantRecordingFilterByRecordingStateValues);
export type ParticipantRecordingFilterByRecordingState = z.infer<typeof ParticipantRecordingFilterByRecordingState>;

export const ParticipantRecordingMediaType = ivsEnum(ParticipantRecordingMediaTypeValues);
export type ParticipantRecordingMediaType = z.infer<typeof ParticipantRecordingMediaType>;

export const ParticipantRecordingState = ivsEnum(ParticipantRecordingStateValues);
export type ParticipantRecordingState = z.infer<typeof ParticipantRecordingState>;

export const ParticipantState = ivsEnum(ParticipantStateValues);
export type ParticipantState = z.infer<typeof ParticipantState>;

export const ParticipantTokenCapability = ivsEnum(ParticipantTokenCapabilityValues);
export type ParticipantTokenCapability = z.infer<typeof ParticipantTokenCapability>;

export const PipBehavior = ivsEnum(PipBehaviorValues);
export type PipBehavior = z.infer<typeof PipBehavior>;

export const PipPosition = ivsEnum(PipPositionValues);
export type PipPosition = z.infer<typeof PipPosition>;

export const RecordingConfigurationFormat = ivsEnum(RecordingConfigurationFormatValues);
export type RecordingConfigurationFormat = z.infer<typeof RecordingConfigurationFormat>;

export const ReplicationState = ivsEnum(ReplicationStateValues);
export type ReplicationState = z.infer<typeof ReplicationState>;

export const ReplicationType = ivsEnum(ReplicationTypeValues);
export type ReplicationType = z.infer<typeof ReplicationType>;

export const ThumbnailRecordingMode = ivsEnum(ThumbnailRecordingModeValues);
export type ThumbnailRecordingMode = z.infer<typeof ThumbnailRecordingMode>;

export const ThumbnailStorageType = ivsEnum(ThumbnailStorageTypeValues);
export type ThumbnailStorageType = z.infer<typeof ThumbnailStorageType>;

/** `AUTO` exists in the model but is undocumented; docs: VIDEO 16:9, SQUARE 1:1, PORTRAIT 3:4. */
export const VideoAspectRatio = ivsEnum(VideoAspectRatioValues);
export type VideoAspectRatio = z.infer<typeof VideoAspectRatio>;

export const VideoFillMode = ivsEnum(VideoFillModeValues);
export type VideoFillMode = z.infer<typeof VideoFillMode>;
