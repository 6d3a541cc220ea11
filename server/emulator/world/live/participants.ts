import type { ParticipantProtocol } from "@/lib/ivs/enums";
import { notFound } from "../../errors";
import { newResourceId } from "../ids";
import type { Participant, Tags } from "../shapes";
import {
  nextSeq,
  nowIso,
  participantKey,
  type LeaveCause,
  type ParticipantRecord,
  type RegionStore,
  type SessionRecord,
  type StageRecord,
} from "../store";
import { appendEvent, replicaFlag } from "./events";
import { startRecordingIfEnabled, stopRecordingIfLive } from "./recording";
import { endOrHoldReplication, liveCopiesOf, replicationsOf, resumeReplications } from "./replication";
import { activeSession, findActiveParticipant, openSession, sessionParticipants } from "./sessions";
import { endSubscriptionsTo } from "./subscriptions";
import { findIssuedToken } from "./tokens";

/**
 * Participants: join, publish, leave, DisconnectParticipant, and the end of a session. The participant simulation
 * drives these; the API handlers use the same functions (DisconnectParticipant, DeleteStage, replication).
 */
export type ClientFacts = Pick<
  Participant,
  "ispName" | "osName" | "osVersion" | "browserName" | "browserVersion" | "sdkVersion"
>;

export interface JoinSpec {
  /** Defaults to a new 12-character id. */
  readonly participantId?: string;
  readonly userId?: string;
  readonly attributes?: Tags;
  readonly protocol?: ParticipantProtocol;
  readonly client?: ClientFacts;
  /** Set when the participant publishes through an ingest configuration (RTMP/RTMPS). */
  readonly ingestConfigurationArn?: string;
  readonly redundantIngest?: boolean;
  /** Set for the copy of a replicated participant in the destination stage. */
  readonly replicaOf?: { readonly sourceStageArn: string; readonly sourceSessionId: string };
}

function newParticipant(store: RegionStore, stage: StageRecord, session: SessionRecord, spec: JoinSpec) {
  const data: ParticipantRecord["data"] = {
    participantId: spec.participantId ?? newResourceId(store.world.random),
    userId: spec.userId ?? "",
    state: "CONNECTED",
    firstJoinTime: nowIso(store),
    attributes: { ...spec.attributes },
    published: false,
    ispName: "",
    osName: "",
    osVersion: "",
    browserName: "",
    browserVersion: "",
    sdkVersion: "",
    ...spec.client,
    recordingS3BucketName: "",
    recordingS3Prefix: "",
    recordingState: stage.autoParticipantRecordingConfiguration.storageConfigurationArn ? "STOPPED" : "DISABLED",
    protocol: spec.protocol ?? "UNKNOWN",
    replicationType: spec.replicaOf ? "REPLICA" : "NONE",
    ...(spec.replicaOf ? { replicationState: "ACTIVE", ...spec.replicaOf } : {}),
    redundantIngest: spec.redundantIngest ?? false,
    ...(spec.ingestConfigurationArn ? { ingestConfigurationArn: spec.ingestConfigurationArn } : {}),
  };
  const record: ParticipantRecord = {
    seq: nextSeq(store),
    stageArn: stage.arn,
    sessionId: session.sessionId,
    data,
    publishing: false,
    subscriptions: new Set(),
  };
  store.participants.set(participantKey(session.sessionId, data.participantId), record);
  return record;
}

/**
 * A participant joins the stage: the session opens if needed, the participant is created (or, rejoining with
 * the same id, reconnected), a JOINED event is appended, its ingest configuration (if any) turns ACTIVE, and
 * replications waiting for it within their reconnect window resume. Joining while connected changes nothing.
 */
export function joinParticipant(store: RegionStore, stage: StageRecord, spec: JoinSpec = {}): ParticipantRecord {
  const session = openSession(store, stage);
  const existing =
    spec.participantId === undefined
      ? undefined
      : store.participants.get(participantKey(session.sessionId, spec.participantId));
  if (existing?.data.state === "CONNECTED") return existing;
  const participant = existing ?? newParticipant(store, stage, session, spec);
  participant.data.state = "CONNECTED";
  if (existing && spec.replicaOf) participant.data.replicationState = "ACTIVE";
  appendEvent(store, participant, { name: "JOINED", ...replicaFlag(participant) });
  const ingest = spec.ingestConfigurationArn ? store.ingestConfigurations.get(spec.ingestConfigurationArn) : undefined;
  if (ingest) ingest.state = "ACTIVE";
  resumeReplications(store, participant);
  store.world.lifecycle.participantJoined(store, participant);
  return participant;
}

/**
 * PUBLISH_STARTED / PUBLISH_STOPPED for a connected participant whose publishing changes (otherwise nothing
 * happens). `published` stays true once set; recording follows publishing; subscribers of a publisher that
 * stops get SUBSCRIBE_STOPPED; the copies of a replicated source follow it.
 */
export function setPublishing(store: RegionStore, participant: ParticipantRecord, publishing: boolean): void {
  if (participant.data.state !== "CONNECTED" || participant.publishing === publishing) return;
  participant.publishing = publishing;
  appendEvent(store, participant, {
    name: publishing ? "PUBLISH_STARTED" : "PUBLISH_STOPPED",
    ...replicaFlag(participant),
  });
  if (publishing) {
    participant.data.published = true;
    startRecordingIfEnabled(store, participant);
  } else {
    endSubscriptionsTo(store, participant);
    stopRecordingIfLive(store, participant);
  }
  for (const copy of liveCopiesOf(store, participant)) setPublishing(store, copy, publishing);
  store.world.lifecycle.publishingChanged(store, participant);
}

/** The ingest configuration goes INACTIVE once none of its ingest paths has a connected participant. */
function releaseIngest(store: RegionStore, participant: ParticipantRecord): void {
  const ingestArn = participant.data.ingestConfigurationArn;
  const ingest = ingestArn ? store.ingestConfigurations.get(ingestArn) : undefined;
  if (!ingest) return;
  const stillLive = [...store.participants.values()].some(
    (other) => other.data.ingestConfigurationArn === ingestArn && other.data.state === "CONNECTED",
  );
  if (!stillLive) ingest.state = "INACTIVE";
}

/**
 * A participant leaves: DISCONNECTED, LEFT event; its publishing ends without a PUBLISH_STOPPED event (its
 * subscribers get SUBSCRIBE_STOPPED), its own subscriptions end silently, its recording stops, its ingest
 * configuration goes INACTIVE, and its replications stop, unless it is a source that `dropped` or `left`
 * and the lifecycle holds the replication for its reconnect window. No-op when already disconnected.
 */
export function leaveParticipant(
  store: RegionStore,
  participant: ParticipantRecord,
  cause: LeaveCause = "disconnected",
): void {
  if (participant.data.state !== "CONNECTED") return;
  const wasPublishing = participant.publishing;
  participant.data.state = "DISCONNECTED";
  participant.publishing = false;
  participant.subscriptions.clear();
  appendEvent(store, participant, { name: "LEFT", ...replicaFlag(participant) });
  if (wasPublishing) endSubscriptionsTo(store, participant);
  stopRecordingIfLive(store, participant);
  releaseIngest(store, participant);
  for (const replica of replicationsOf(store, participant)) endOrHoldReplication(store, participant, replica, cause);
  if (wasPublishing) store.world.lifecycle.publishingChanged(store, participant);
  store.world.lifecycle.participantLeft(store, participant, cause);
}

/**
 * Ends the stage's active session: connected participants are disconnected, `endTime` is set, `activeSessionId`
 * cleared.
 */
export function closeSession(store: RegionStore, stage: StageRecord): void {
  const session = activeSession(store, stage);
  if (!session) return;
  for (const participant of sessionParticipants(store, session.sessionId))
    leaveParticipant(store, participant, "disconnected");
  session.endTime = nowIso(store);
  delete stage.activeSessionId;
}

/**
 * DisconnectParticipant: the participant (in the active session) leaves, its token is revoked, and an ingest
 * configuration it publishes through is detached from the stage (`stageArn` = ""). 404 when the id is neither
 * a participant of the active session, nor an issued token, nor an ingest participant of this stage.
 */
export function disconnectParticipant(store: RegionStore, stage: StageRecord, participantId: string): void {
  const participant = findActiveParticipant(store, stage, participantId);
  const token = findIssuedToken(store, stage.arn, participantId);
  const ingest = [...store.ingestConfigurations.values()].find(
    (config) =>
      config.arn === participant?.data.ingestConfigurationArn ||
      (config.stageArn === stage.arn && config.participantId === participantId),
  );
  if (!participant && !token && !ingest) {
    throw notFound(`Participant not found: ${participantId} on stage ${stage.arn}`);
  }
  if (participant) leaveParticipant(store, participant);
  if (token) token.revoked = true;
  if (ingest) ingest.stageArn = "";
}
