import type { EventErrorCode, IngestProtocol } from "@/lib/ivs/enums";
import { conflict, notFound } from "../errors";
import type { Scope } from "../world/ids";
import { joinParticipant, leaveParticipant, setPublishing } from "../world/live/participants";
import { findActiveParticipant } from "../world/live/sessions";
import type { IngestConfigurationRecord, ParticipantRecord, RegionStore, StageRecord } from "../world/store";
import { randomIngestFacts } from "./client-facts";
import type { SimContext, VirtualClient } from "./context";
import { act, errorEvent, outcome, publishNow, registerClient, SimRefusal, type SimOutcome } from "./kit";

/**
 * RTMP/RTMPS publishing through an ingest configuration's stream key (api §10.5). An encoder is a simulated
 * client whose participant id is the configuration's (or, for the backup path of a redundant configuration,
 * that credential's) participant id, with protocol RTMP/RTMPS and `ingestConfigurationArn`; while it is live
 * the configuration is ACTIVE.
 *
 * Refusals, checked in this order: unknown stream key or a configuration without `stageArn` →
 * INVALID_STREAM_KEY; RTMP to a configuration without `insecureIngest` → INVALID_PROTOCOL; a key that is live
 * already → REUSE_OF_STREAM_KEY. A refusal is recorded as a PUBLISH_ERROR on the key's participant when that
 * participant is in the stage's active session; otherwise the caller gets the error.
 */

export interface IngestPublishRequest {
  readonly streamKey: string;
  readonly protocol: IngestProtocol;
}

interface IngestPath {
  readonly config: IngestConfigurationRecord;
  readonly participantId: string;
}

function findPath(store: RegionStore, streamKey: string): IngestPath | undefined {
  for (const config of store.ingestConfigurations.values()) {
    if (config.streamKey === streamKey) return { config, participantId: config.participantId };
    const backup = config.redundantIngestCredentials?.find((credential) => credential.streamKey === streamKey);
    if (backup?.participantId) return { config, participantId: backup.participantId };
  }
  return undefined;
}

const refusals: Readonly<Record<string, { readonly code: string; readonly status: number; readonly message: string }>> =
  {
    INVALID_STREAM_KEY: {
      code: "ResourceNotFoundException",
      status: 404,
      message: "INVALID_STREAM_KEY: no ingest configuration attached to a stage has this stream key.",
    },
    INVALID_PROTOCOL: {
      code: "ValidationException",
      status: 400,
      message: "INVALID_PROTOCOL: the ingest configuration accepts RTMPS only (insecureIngest is false).",
    },
    REUSE_OF_STREAM_KEY: {
      code: "ConflictException",
      status: 409,
      message: "REUSE_OF_STREAM_KEY: the stream key is already live.",
    },
  };

function refusal(errorCode: EventErrorCode): SimRefusal {
  const known = refusals[errorCode] ?? { code: "ValidationException", status: 400, message: errorCode };
  return new SimRefusal(known.code, known.status, `Stream refused: ${known.message}`, errorCode);
}

export type IngestAdmission =
  | { readonly ok: true; readonly stage: StageRecord; readonly path: IngestPath }
  | { readonly ok: false; readonly outcome: SimOutcome };

/** Checks a stream key and protocol; a refusal is recorded on the key's participant if it has one, else thrown. */
export function admitIngest(store: RegionStore, request: IngestPublishRequest): IngestAdmission {
  const path = findPath(store, request.streamKey);
  const stage = path?.config.stageArn ? store.stages.get(path.config.stageArn) : undefined;
  if (!path || !stage) throw refusal("INVALID_STREAM_KEY");
  const existing = findActiveParticipant(store, stage, path.participantId);
  const errorCode: EventErrorCode | undefined =
    request.protocol === "RTMP" && !path.config.insecureIngest
      ? "INVALID_PROTOCOL"
      : existing?.data.state === "CONNECTED"
        ? "REUSE_OF_STREAM_KEY"
        : undefined;
  if (errorCode === undefined) return { ok: true, stage, path };
  if (!existing) throw refusal(errorCode);
  return { ok: false, outcome: act(store, existing, () => errorEvent(store, existing, "PUBLISH_ERROR", errorCode)) };
}

/** The encoder connects and publishes; a publish refused by the stage (QUOTA_EXCEEDED) ends the connection. */
export function joinIngest(
  ctx: SimContext,
  store: RegionStore,
  admitted: { readonly stage: StageRecord; readonly path: IngestPath },
  client: VirtualClient,
): ParticipantRecord {
  const { config, participantId } = admitted.path;
  const participant = joinParticipant(store, admitted.stage, {
    participantId,
    userId: config.userId,
    attributes: config.attributes,
    protocol: client.ingestProtocol ?? config.ingestProtocol,
    client: client.client,
    ingestConfigurationArn: config.arn,
    redundantIngest: config.redundantIngest,
  });
  publishNow(ctx, store, client, participant);
  if (!participant.publishing) leaveParticipant(store, participant, "left");
  return participant;
}

/** An RTMP(S) encoder starts streaming with `streamKey`. */
export function ingestPublish(ctx: SimContext, scope: Scope, request: IngestPublishRequest): SimOutcome {
  const store = ctx.world.region(scope);
  const sinceSeq = store.lastSeq;
  const admitted = admitIngest(store, request);
  if (!admitted.ok) return admitted.outcome;
  const client = registerClient(ctx, store, {
    stageArn: admitted.stage.arn,
    participantId: admitted.path.participantId,
    kind: "ingest",
    streamKey: request.streamKey,
    ingestProtocol: request.protocol,
    canPublish: true,
    canSubscribe: false,
    client: randomIngestFacts(ctx.random),
    resumePublishing: false,
  });
  return outcome(store, joinIngest(ctx, store, admitted, client), sinceSeq);
}

/** The encoder stops: PUBLISH_STOPPED, LEFT, the configuration INACTIVE. 409 when the key is not live. */
export function ingestStop(ctx: SimContext, scope: Scope, request: { readonly streamKey: string }): SimOutcome {
  const store = ctx.world.region(scope);
  const path = findPath(store, request.streamKey);
  if (!path) throw notFound("No ingest configuration has this stream key.");
  const live = [...store.participants.values()].find(
    (participant) =>
      participant.data.ingestConfigurationArn === path.config.arn &&
      participant.data.participantId === path.participantId &&
      participant.data.state === "CONNECTED",
  );
  if (!live) throw conflict(`The stream of ingest configuration ${path.config.arn} is not live.`);
  return act(store, live, () => {
    setPublishing(store, live, false);
    leaveParticipant(store, live, "left");
  });
}
