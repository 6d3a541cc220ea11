import type { ParticipantProtocol, ParticipantRecordingState } from "@/lib/ivs/enums";
import { notFound } from "../errors";
import { newResourceId, newSessionId } from "./ids";
import type { Participant, ParticipantEvent, Tags } from "./shapes";
import {
  nextSeq,
  nowIso,
  nowMs,
  participantKey,
  type EventRecord,
  type IssuedTokenRecord,
  type ParticipantRecord,
  type RegionStore,
  type ReplicaRecord,
  type SessionRecord,
  type StageRecord,
} from "./store";
import { verifyParticipantToken } from "./tokens";

/**
 * The live part of the world: stage sessions, participants, their events, issued tokens and replications.
 * These are the hooks a participant simulation drives (join, publish, leave, close a session); the API
 * handlers use the same functions (DisconnectParticipant, DeleteStage, replication).
 */

// ---- sessions -----------------------------------------------------------------------------------------------

export function activeSession(store: RegionStore, stage: StageRecord): SessionRecord | undefined {
  return stage.activeSessionId === undefined ? undefined : store.sessions.get(stage.activeSessionId);
}

/** The stage's active session, opened now if there is none (a session starts when the first participant joins). */
export function openSession(store: RegionStore, stage: StageRecord): SessionRecord {
  const current = activeSession(store, stage);
  if (current) return current;
  const session: SessionRecord = {
    seq: nextSeq(store),
    stageArn: stage.arn,
    sessionId: newSessionId(store.world.random),
    startTime: nowIso(store),
  };
  store.sessions.set(session.sessionId, session);
  store.events.set(session.sessionId, []);
  stage.activeSessionId = session.sessionId;
  return session;
}

/** A participant of the stage's active session, if there is one. */
export function findActiveParticipant(
  store: RegionStore,
  stage: StageRecord,
  participantId: string,
): ParticipantRecord | undefined {
  const session = activeSession(store, stage);
  return session ? store.participants.get(participantKey(session.sessionId, participantId)) : undefined;
}

export function sessionParticipants(store: RegionStore, sessionId: string): ParticipantRecord[] {
  return [...store.participants.values()].filter((participant) => participant.sessionId === sessionId);
}

/** Ends the stage's active session: connected participants leave, `endTime` is set, `activeSessionId` cleared. */
export function closeSession(store: RegionStore, stage: StageRecord): void {
  const session = activeSession(store, stage);
  if (!session) return;
  for (const participant of sessionParticipants(store, session.sessionId)) leaveParticipant(store, participant);
  session.endTime = nowIso(store);
  delete stage.activeSessionId;
}

// ---- events -------------------------------------------------------------------------------------------------

export type EventSpec = Omit<ParticipantEvent, "participantId" | "eventTime"> & { eventTime?: string };

/** Appends an event to a participant's timeline (`eventTime` defaults to now). */
export function appendEvent(store: RegionStore, participant: ParticipantRecord, spec: EventSpec): EventRecord {
  const record: EventRecord = {
    seq: nextSeq(store),
    stageArn: participant.stageArn,
    sessionId: participant.sessionId,
    participantId: participant.data.participantId,
    data: { ...spec, participantId: participant.data.participantId, eventTime: spec.eventTime ?? nowIso(store) },
  };
  const events = store.events.get(participant.sessionId) ?? [];
  events.push(record);
  store.events.set(participant.sessionId, events);
  return record;
}

const replicaFlag = (participant: ParticipantRecord) =>
  participant.data.replicationType === "REPLICA" ? { replica: true } : {};

// ---- participants -------------------------------------------------------------------------------------------

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
  const record: ParticipantRecord = { seq: nextSeq(store), stageArn: stage.arn, sessionId: session.sessionId, data };
  store.participants.set(participantKey(session.sessionId, data.participantId), record);
  return record;
}

/**
 * A participant joins the stage: the session opens if needed, the participant is created (or, rejoining with
 * the same id, reconnected), a JOINED event is appended, and its ingest configuration (if any) turns ACTIVE.
 */
export function joinParticipant(store: RegionStore, stage: StageRecord, spec: JoinSpec = {}): ParticipantRecord {
  const session = openSession(store, stage);
  const existing =
    spec.participantId === undefined
      ? undefined
      : store.participants.get(participantKey(session.sessionId, spec.participantId));
  const participant = existing ?? newParticipant(store, stage, session, spec);
  participant.data.state = "CONNECTED";
  if (existing && spec.replicaOf) participant.data.replicationState = "ACTIVE";
  appendEvent(store, participant, { name: "JOINED", ...replicaFlag(participant) });
  const ingest = spec.ingestConfigurationArn ? store.ingestConfigurations.get(spec.ingestConfigurationArn) : undefined;
  if (ingest) ingest.state = "ACTIVE";
  return participant;
}

const recordingLive = (state: ParticipantRecordingState) => state === "STARTING" || state === "ACTIVE";

/** Whether any participant of the stage's active session is being recorded right now. */
export function hasActiveRecording(store: RegionStore, stage: StageRecord): boolean {
  const session = activeSession(store, stage);
  if (!session) return false;
  return sessionParticipants(store, session.sessionId).some((p) => recordingLive(p.data.recordingState));
}

export function setRecordingState(
  store: RegionStore,
  participant: ParticipantRecord,
  state: ParticipantRecordingState,
  location?: { readonly bucketName: string; readonly prefix: string },
): void {
  participant.data.recordingState = state;
  if (location) {
    participant.data.recordingS3BucketName = location.bucketName;
    participant.data.recordingS3Prefix = location.prefix;
  }
}

/** Auto-recording starts when a participant publishes on a stage with a storage configuration. */
function startRecordingIfEnabled(store: RegionStore, participant: ParticipantRecord): void {
  const stage = store.stages.get(participant.stageArn);
  const recording = stage?.autoParticipantRecordingConfiguration;
  const storage = recording?.storageConfigurationArn
    ? store.storageConfigurations.get(recording.storageConfigurationArn)
    : undefined;
  const skipReplica = participant.data.replicationType === "REPLICA" && recording?.recordParticipantReplicas === false;
  if (!stage || !storage || skipReplica) return;
  const timestamp = nowIso(store).replace(/:/g, "-").replace(/\.\d+Z$/, "Z");
  const prefix = `${stage.id}/${participant.sessionId}/${participant.data.participantId}/${timestamp}`;
  setRecordingState(store, participant, "ACTIVE", { bucketName: storage.s3.bucketName, prefix });
}

/** PUBLISH_STARTED / PUBLISH_STOPPED; `published` stays true once set; recording follows publishing. */
export function setPublishing(store: RegionStore, participant: ParticipantRecord, publishing: boolean): void {
  if (participant.data.state !== "CONNECTED") return;
  appendEvent(store, participant, { name: publishing ? "PUBLISH_STARTED" : "PUBLISH_STOPPED", ...replicaFlag(participant) });
  if (publishing) {
    participant.data.published = true;
    startRecordingIfEnabled(store, participant);
  } else if (recordingLive(participant.data.recordingState)) {
    setRecordingState(store, participant, "STOPPED");
  }
}

/**
 * A participant leaves (or is disconnected): DISCONNECTED, LEFT event, recording stopped, its ingest
 * configuration INACTIVE, and every replication it takes part in stopped. No-op when already disconnected.
 */
export function leaveParticipant(store: RegionStore, participant: ParticipantRecord): void {
  if (participant.data.state !== "CONNECTED") return;
  participant.data.state = "DISCONNECTED";
  appendEvent(store, participant, { name: "LEFT", ...replicaFlag(participant) });
  if (recordingLive(participant.data.recordingState)) setRecordingState(store, participant, "STOPPED");
  const ingestArn = participant.data.ingestConfigurationArn;
  const ingest = ingestArn ? store.ingestConfigurations.get(ingestArn) : undefined;
  if (ingest) ingest.state = "INACTIVE";
  for (const replica of replicationsOf(store, participant)) stopReplication(store, replica);
}

// ---- tokens -------------------------------------------------------------------------------------------------

/** The token issued for this participant id on this stage, if any. */
export function findIssuedToken(store: RegionStore, stageArn: string, participantId: string): IssuedTokenRecord | undefined {
  const token = store.tokens.get(participantId);
  return token?.stageArn === stageArn ? token : undefined;
}

export type TokenJoinResult =
  | { readonly ok: true; readonly participant: ParticipantRecord }
  | { readonly ok: false; readonly reason: "malformed" | "bad-signature" | "expired" | "revoked" | "unknown-stage" };

/**
 * A client joins with a token string: it must be one this world issued (signature), unexpired, not revoked,
 * for a stage that still exists. Joins as the token's participant with its user id and attributes.
 */
export function joinWithToken(
  store: RegionStore,
  token: string,
  spec: Pick<JoinSpec, "protocol" | "client"> = {},
): TokenJoinResult {
  const verified = verifyParticipantToken(store.world.secret, token, nowMs(store));
  if (!verified.ok) return verified;
  const { claims } = verified;
  const stage = store.stages.get(claims.resource);
  if (!stage) return { ok: false, reason: "unknown-stage" };
  const issued = findIssuedToken(store, stage.arn, claims.jti);
  if (!issued || issued.revoked) return { ok: false, reason: "revoked" };
  const participant = joinParticipant(store, stage, {
    ...spec,
    participantId: claims.jti,
    ...(claims.user_id === undefined ? {} : { userId: claims.user_id }),
    ...(claims.attributes === undefined ? {} : { attributes: claims.attributes }),
  });
  return { ok: true, participant };
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

// ---- replication --------------------------------------------------------------------------------------------

/** Active replications in which the participant is the source or the replica. */
export function replicationsOf(store: RegionStore, participant: ParticipantRecord): ReplicaRecord[] {
  const id = participant.data.participantId;
  return store.replicas.filter(
    (replica) =>
      replica.replicationState === "ACTIVE" &&
      replica.participantId === id &&
      (replica.sourceSessionId === participant.sessionId || replica.destinationSessionId === participant.sessionId),
  );
}

export interface ReplicationSpec {
  readonly reconnectWindowSeconds: number;
  readonly attributes: Tags;
}

/**
 * Starts copying `source` into `destination`: the replica joins the destination's session (opened if needed)
 * with the source's attributes overridden by `spec.attributes`, the source becomes a SOURCE, and the source
 * gets a REPLICATION_STARTED event. A publishing source makes the replica publish too.
 */
export function startReplication(
  store: RegionStore,
  source: ParticipantRecord,
  destination: StageRecord,
  spec: ReplicationSpec,
): ReplicaRecord {
  const replica = joinParticipant(store, destination, {
    participantId: source.data.participantId,
    userId: source.data.userId,
    attributes: { ...source.data.attributes, ...spec.attributes },
    ...(source.data.protocol ? { protocol: source.data.protocol } : {}),
    replicaOf: { sourceStageArn: source.stageArn, sourceSessionId: source.sessionId },
  });
  if (source.data.published) setPublishing(store, replica, true);
  source.data.replicationType = "SOURCE";
  source.data.replicationState = "ACTIVE";
  const record: ReplicaRecord = {
    seq: nextSeq(store),
    sourceStageArn: source.stageArn,
    participantId: source.data.participantId,
    sourceSessionId: source.sessionId,
    destinationStageArn: destination.arn,
    destinationSessionId: replica.sessionId,
    replicationState: "ACTIVE",
    reconnectWindowSeconds: spec.reconnectWindowSeconds,
    attributes: { ...spec.attributes },
  };
  store.replicas.push(record);
  appendEvent(store, source, {
    name: "REPLICATION_STARTED",
    destinationStageArn: destination.arn,
    destinationSessionId: replica.sessionId,
  });
  return record;
}

/**
 * Stops a replication: STOPPED, the replica leaves the destination stage, the source gets a
 * REPLICATION_STOPPED event (and `replicationState` STOPPED once none of its replications is active).
 */
export function stopReplication(store: RegionStore, replica: ReplicaRecord): void {
  if (replica.replicationState === "STOPPED") return;
  replica.replicationState = "STOPPED";
  const copy = store.participants.get(participantKey(replica.destinationSessionId, replica.participantId));
  if (copy) {
    copy.data.replicationState = "STOPPED";
    leaveParticipant(store, copy);
  }
  const source = store.participants.get(participantKey(replica.sourceSessionId, replica.participantId));
  if (!source) return;
  appendEvent(store, source, {
    name: "REPLICATION_STOPPED",
    destinationStageArn: replica.destinationStageArn,
    destinationSessionId: replica.destinationSessionId,
  });
  const stillActive = store.replicas.some(
    (other) => other.replicationState === "ACTIVE" && other.participantId === replica.participantId && other.sourceSessionId === replica.sourceSessionId,
  );
  if (!stillActive) source.data.replicationState = "STOPPED";
}
