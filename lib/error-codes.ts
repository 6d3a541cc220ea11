import type { EventErrorCode, EventName } from "@/lib/ivs/enums";

/**
 * What each participant event error code (`Event.errorCode`, api §9) means and what to do about it.
 * Pure data: the overview shows the meaning next to each error; the troubleshooting view reuses the guidance.
 */

/** Events that carry an `errorCode`. */
export type ErrorEventName = Extract<EventName, "PUBLISH_ERROR" | "SUBSCRIBE_ERROR" | "JOIN_ERROR">;

/** Who can usually fix it: the publisher's encoder/client, the app that issues tokens, the stage's setup, or AWS. */
export type ErrorCodeOwner = "encoder" | "token" | "quota" | "ingest" | "service";

export interface ErrorCodeInfo {
  readonly code: EventErrorCode;
  /** A few words, for badges and headings. */
  readonly title: string;
  /** One sentence: what went wrong. */
  readonly meaning: string;
  /** What to check or change. */
  readonly guidance: string;
  readonly owner: ErrorCodeOwner;
  /** Whether retrying as is may succeed (nothing needs to change first). */
  readonly transient: boolean;
  /** Documented limits or settings the guidance refers to. */
  readonly limits?: readonly string[];
}

export const errorEventNames: readonly ErrorEventName[] = ["PUBLISH_ERROR", "SUBSCRIBE_ERROR", "JOIN_ERROR"];

export const errorCodeCatalog: { readonly [Code in EventErrorCode]: ErrorCodeInfo & { readonly code: Code } } = {
  INSUFFICIENT_CAPABILITIES: {
    code: "INSUFFICIENT_CAPABILITIES",
    title: "Token lacks capability",
    meaning:
      "The participant tried something its token does not allow, such as publishing with a subscribe-only token.",
    guidance: "Issue a new token with the capabilities the participant needs (PUBLISH and/or SUBSCRIBE).",
    owner: "token",
    transient: false,
  },
  QUOTA_EXCEEDED: {
    code: "QUOTA_EXCEEDED",
    title: "Quota exceeded",
    meaning: "Too many participants want to publish or subscribe on this stage or in this region.",
    guidance: "Reduce publishers or subscribers, or ask AWS to raise the region-wide quotas.",
    owner: "quota",
    transient: false,
    limits: [
      "12 publishers per stage",
      "10,000 subscribers per stage",
      "region-wide publisher and subscription quotas",
    ],
  },
  PUBLISHER_NOT_FOUND: {
    code: "PUBLISHER_NOT_FOUND",
    title: "Publisher not found",
    meaning: "The participant tried to subscribe to a publisher that does not exist.",
    guidance: "The publisher left or never published; refresh the participant list on the client before subscribing.",
    owner: "service",
    transient: true,
  },
  BITRATE_EXCEEDED: {
    code: "BITRATE_EXCEEDED",
    title: "Bitrate too high",
    meaning: "The published stream is above the maximum bitrate.",
    guidance:
      "Lower the encoder bitrate; configure about 6 Mbps because encoders overshoot and the publisher may be dropped.",
    owner: "encoder",
    transient: false,
    limits: ["8.5 Mbps per publisher"],
  },
  RESOLUTION_EXCEEDED: {
    code: "RESOLUTION_EXCEEDED",
    title: "Resolution too high",
    meaning: "The published stream is above the maximum resolution.",
    guidance: "Publish at 720p or below.",
    owner: "encoder",
    transient: false,
    limits: ["720p publish resolution"],
  },
  STREAM_DURATION_EXCEEDED: {
    code: "STREAM_DURATION_EXCEEDED",
    title: "Stream too long",
    meaning: "The participant published or subscribed for longer than the maximum stream duration.",
    guidance: "Reconnect with a new session before the 24-hour limit; plan long events as several sessions.",
    owner: "quota",
    transient: false,
    limits: ["24 h per publish or subscribe"],
  },
  INVALID_AUDIO_CODEC: {
    code: "INVALID_AUDIO_CODEC",
    title: "Unsupported audio codec",
    meaning: "The stream's audio codec or audio settings are not supported.",
    guidance: "Use AAC-LC for RTMP or Opus for WHIP, 1 or 2 channels, 44.1 or 48 kHz, at most 160 kbps.",
    owner: "encoder",
    transient: false,
  },
  INVALID_VIDEO_CODEC: {
    code: "INVALID_VIDEO_CODEC",
    title: "Unsupported video codec",
    meaning: "The stream's video codec or video settings are not supported.",
    guidance: "Use H.264 Baseline with a keyframe (IDR) interval of 1 or 2 s and no B-frames.",
    owner: "encoder",
    transient: false,
  },
  INVALID_PROTOCOL: {
    code: "INVALID_PROTOCOL",
    title: "RTMP not allowed",
    meaning: "The ingest configuration requires RTMPS but the participant streamed over plain RTMP.",
    guidance: "Stream to the stage's RTMPS endpoint, or set insecureIngest on the ingest configuration to allow RTMP.",
    owner: "ingest",
    transient: false,
  },
  INVALID_STREAM_KEY: {
    code: "INVALID_STREAM_KEY",
    title: "Invalid stream key",
    meaning: "The stream key is not valid.",
    guidance: "Check the key; a stream key works only while its ingest configuration is attached to a stage.",
    owner: "ingest",
    transient: false,
  },
  REUSE_OF_STREAM_KEY: {
    code: "REUSE_OF_STREAM_KEY",
    title: "Stream key in use",
    meaning: "The stream key is already in use by another active stage session.",
    guidance: "Stop the other encoder using this key, or give each encoder its own ingest configuration.",
    owner: "ingest",
    transient: false,
  },
  B_FRAME_PRESENT: {
    code: "B_FRAME_PRESENT",
    title: "B-frames in stream",
    meaning: "The stream contains B-frames, so the publisher was disconnected.",
    guidance: "Turn B-frames off in the encoder (x264: bframes=0 sliced-threads=0).",
    owner: "encoder",
    transient: false,
  },
  INVALID_INPUT: {
    code: "INVALID_INPUT",
    title: "Invalid input stream",
    meaning: "The input stream is not valid.",
    guidance:
      "Check the encoder's output against the media requirements (H.264 Baseline, ≤720p, ≤8.5 Mbps, audio and video tracks).",
    owner: "encoder",
    transient: false,
  },
  INTERNAL_SERVER_EXCEPTION: {
    code: "INTERNAL_SERVER_EXCEPTION",
    title: "Internal error",
    meaning: "Publishing failed because of an internal error in IVS.",
    guidance: "Retry; if it keeps happening, contact AWS Support with the stage, session and participant ids.",
    owner: "service",
    transient: true,
  },
};

/** The catalog entry of a code, or undefined for a code this console does not know yet. */
export function describeErrorCode(code: string): ErrorCodeInfo | undefined {
  return Object.hasOwn(errorCodeCatalog, code) ? errorCodeCatalog[code as EventErrorCode] : undefined;
}

/** Whether an event name is one of the *_ERROR events. */
export function isErrorEventName(name: string | undefined): name is ErrorEventName {
  return name !== undefined && (errorEventNames as readonly string[]).includes(name);
}

// ---- event names ------------------------------------------------------------------------------------------------

/** What each participant event (`Event.name`, api §9) records, for the timeline's legend and event details. */
export interface EventNameInfo {
  readonly name: EventName;
  /** A few words, for legends and headings. */
  readonly title: string;
  /** One or two sentences: when IVS records it and what it means for the participant. */
  readonly meaning: string;
  /** Members the event carries besides `name`, `participantId` and `eventTime`. */
  readonly members: readonly string[];
}

export const eventNameCatalog: { readonly [Name in EventName]: EventNameInfo & { readonly name: Name } } = {
  JOINED: {
    name: "JOINED",
    title: "Joined",
    meaning:
      "The participant connected to the stage with its token (or its encoder connected with the stream key). A participant that reconnects joins again with the same id.",
    members: ["replica"],
  },
  LEFT: {
    name: "LEFT",
    title: "Left",
    meaning:
      "The participant disconnected: it left, its connection dropped, or the service ended it (DisconnectParticipant, DeleteStage).",
    members: ["replica"],
  },
  PUBLISH_STARTED: {
    name: "PUBLISH_STARTED",
    title: "Publishing",
    meaning: "The participant started sending audio and video to the stage.",
    members: ["replica"],
  },
  PUBLISH_STOPPED: {
    name: "PUBLISH_STOPPED",
    title: "Stopped publishing",
    meaning: "The participant stopped sending media (camera off, unpublished, or it left).",
    members: ["replica"],
  },
  SUBSCRIBE_STARTED: {
    name: "SUBSCRIBE_STARTED",
    title: "Watching",
    meaning: "The participant started receiving the media of the publisher named by remoteParticipantId.",
    members: ["remoteParticipantId", "replica"],
  },
  SUBSCRIBE_STOPPED: {
    name: "SUBSCRIBE_STOPPED",
    title: "Stopped watching",
    meaning: "The participant stopped receiving that publisher (it unsubscribed, or the publisher stopped or left).",
    members: ["remoteParticipantId", "replica"],
  },
  PUBLISH_ERROR: {
    name: "PUBLISH_ERROR",
    title: "Publish failed",
    meaning: "IVS refused or ended the participant's stream; errorCode says why.",
    members: ["errorCode"],
  },
  SUBSCRIBE_ERROR: {
    name: "SUBSCRIBE_ERROR",
    title: "Subscribe failed",
    meaning: "IVS refused a subscription to the publisher named by remoteParticipantId; errorCode says why.",
    members: ["errorCode", "remoteParticipantId"],
  },
  JOIN_ERROR: {
    name: "JOIN_ERROR",
    title: "Join failed",
    meaning:
      "The participant tried to join and was refused. Without an errorCode the token had expired or had been revoked (DisconnectParticipant and DeleteStage revoke it): the participant needs a new token.",
    members: ["errorCode"],
  },
  REPLICATION_STARTED: {
    name: "REPLICATION_STARTED",
    title: "Replicated to another stage",
    meaning:
      "StartParticipantReplication copied this publisher into another stage (destinationStageArn, destinationSessionId); a copy with replicationType REPLICA joins there.",
    members: ["destinationStageArn", "destinationSessionId"],
  },
  REPLICATION_STOPPED: {
    name: "REPLICATION_STOPPED",
    title: "Replication ended",
    meaning:
      "The copy in the destination stage ended: StopParticipantReplication, or the source left and did not come back within the reconnect window.",
    members: ["destinationStageArn", "destinationSessionId"],
  },
  TOKEN_EXCHANGED: {
    name: "TOKEN_EXCHANGED",
    title: "Token exchanged",
    meaning:
      "The participant swapped its token without leaving the stage; previousToken and newToken show the capabilities, attributes, user id and expiry before and after. A new token without PUBLISH makes later publish attempts fail with INSUFFICIENT_CAPABILITIES.",
    members: ["previousToken", "newToken"],
  },
};

/** The catalog entry of an event name, or undefined for a name this console does not know yet. */
export function describeEventName(name: string): EventNameInfo | undefined {
  return Object.hasOwn(eventNameCatalog, name) ? eventNameCatalog[name as EventName] : undefined;
}

/**
 * Redundant ingest (api §10.5, 2026-04): an ingest configuration with `redundantIngest` has a backup path per
 * `redundantIngestCredentials` entry (its own participant id and stream key); each path is a participant with
 * `redundantIngest: true` and the configuration's `ingestConfigurationArn`.
 */
export const redundantIngestNote =
  "This encoder is one path of a redundant ingest configuration: the primary stream key and each backup key in redundantIngestCredentials publish as separate participants (redundantIngest: true) with the same ingestConfigurationArn, so one path dropping does not take the feed off the stage while another path is live.";
