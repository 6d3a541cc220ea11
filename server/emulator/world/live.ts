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
  type LeaveCause,
  type ParticipantRecord,
  type RecordingLocation,
  type RegionStore,
  type ReplicaRecord,
  type SessionRecord,
  type StageRecord,
} from "./store";
import { verifyParticipantToken, type ParticipantTokenClaims } from "./tokens";

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

/** Events appended to one participant's timeline after sequence number `afterSeq`, oldest first. */
export function eventsSince(store: RegionStore, participant: ParticipantRecord, afterSeq: number): EventRecord[] {
  return (store.events.get(participant.sessionId) ?? []).filter(
    (event) => event.seq > afterSeq && event.participantId === participant.data.participantId,
  );
}

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

/** `2024-01-01T12-00-55Z`: the timestamp component of a participant recording prefix. */
const prefixTimestamp = (iso: string) => iso.replace(/:/g, "-").replace(/\.\d+Z$/, "Z");

/**
 * Where the participant would be recorded if it published now: the stage's auto-recording storage, under
 * `<stageId>/<sessionId>/<participantId>/<timestamp>`. Undefined when the stage does not record (or the
 * participant is a replica and `recordParticipantReplicas` is false).
 */
export function recordingLocation(store: RegionStore, participant: ParticipantRecord): RecordingLocation | undefined {
  const stage = store.stages.get(participant.stageArn);
  const recording = stage?.autoParticipantRecordingConfiguration;
  const storage = recording?.storageConfigurationArn
    ? store.storageConfigurations.get(recording.storageConfigurationArn)
    : undefined;
  const skipReplica = participant.data.replicationType === "REPLICA" && recording?.recordParticipantReplicas === false;
  if (!stage || !recording || !storage || skipReplica) return undefined;
  return {
    storageConfigurationArn: recording.storageConfigurationArn,
    bucketName: storage.s3.bucketName,
    prefix: `${stage.id}/${participant.sessionId}/${participant.data.participantId}/${prefixTimestamp(nowIso(store))}`,
  };
}

function startRecordingIfEnabled(store: RegionStore, participant: ParticipantRecord): void {
  const location = recordingLocation(store, participant);
  if (location) store.world.lifecycle.recordingStartRequested(store, participant, location);
}

function stopRecordingIfLive(store: RegionStore, participant: ParticipantRecord): void {
  if (recordingLive(participant.data.recordingState)) store.world.lifecycle.recordingStopRequested(store, participant);
}

// ---- subscriptions ------------------------------------------------------------------------------------------

/** SUBSCRIBE_STARTED (with `remoteParticipantId`; `replica` when the publisher is a replica). No-op if subscribed. */
export function startSubscription(
  store: RegionStore,
  subscriber: ParticipantRecord,
  publisher: ParticipantRecord,
): void {
  const remoteParticipantId = publisher.data.participantId;
  if (subscriber.subscriptions.has(remoteParticipantId)) return;
  subscriber.subscriptions.add(remoteParticipantId);
  appendEvent(store, subscriber, { name: "SUBSCRIBE_STARTED", remoteParticipantId, ...replicaFlag(publisher) });
}

/** SUBSCRIBE_STOPPED for a current subscription; returns false (and does nothing) when there is none. */
export function stopSubscription(
  store: RegionStore,
  subscriber: ParticipantRecord,
  remoteParticipantId: string,
): boolean {
  if (!subscriber.subscriptions.delete(remoteParticipantId)) return false;
  const publisher = store.participants.get(participantKey(subscriber.sessionId, remoteParticipantId));
  appendEvent(store, subscriber, {
    name: "SUBSCRIBE_STOPPED",
    remoteParticipantId,
    ...(publisher ? replicaFlag(publisher) : {}),
  });
  return true;
}

/** Every subscriber of `publisher` gets SUBSCRIBE_STOPPED (the publisher stopped publishing or left). */
function endSubscriptionsTo(store: RegionStore, publisher: ParticipantRecord): void {
  for (const subscriber of sessionParticipants(store, publisher.sessionId)) {
    stopSubscription(store, subscriber, publisher.data.participantId);
  }
}

// ---- publishing ---------------------------------------------------------------------------------------------

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

// ---- tokens -------------------------------------------------------------------------------------------------

/** The token issued for this participant id on this stage, if any. */
export function findIssuedToken(
  store: RegionStore,
  stageArn: string,
  participantId: string,
): IssuedTokenRecord | undefined {
  const token = store.tokens.get(participantId);
  return token?.stageArn === stageArn ? token : undefined;
}

/** Why a token cannot join. `unknown-token`: signed by this world but not (or no longer) on record. */
export type TokenRefusal = "malformed" | "bad-signature" | "expired" | "revoked" | "unknown-stage" | "unknown-token";

export type TokenCheck =
  | {
      readonly ok: true;
      readonly claims: ParticipantTokenClaims;
      readonly stage: StageRecord;
      readonly issued: IssuedTokenRecord;
    }
  /** `claims` is present whenever the signature verified (so the refused participant id is known). */
  | { readonly ok: false; readonly reason: TokenRefusal; readonly claims?: ParticipantTokenClaims };

/**
 * Whether a token string may join now: one this world signed, unexpired (on the world clock), for a stage that
 * still exists, issued and not revoked (DisconnectParticipant, DeleteStage).
 */
export function checkToken(store: RegionStore, token: string): TokenCheck {
  // Verifying at time 0 checks the signature only; expiry is checked against the world clock below.
  const verified = verifyParticipantToken(store.world.secret, token, 0);
  if (!verified.ok) return { ok: false, reason: verified.reason };
  const { claims } = verified;
  if (claims.exp * 1000 <= nowMs(store)) return { ok: false, reason: "expired", claims };
  const stage = store.stages.get(claims.resource);
  if (!stage) return { ok: false, reason: "unknown-stage", claims };
  const issued = findIssuedToken(store, stage.arn, claims.jti);
  if (!issued) return { ok: false, reason: "unknown-token", claims };
  if (issued.revoked) return { ok: false, reason: "revoked", claims };
  return { ok: true, claims, stage, issued };
}

/** The join of a token's participant: its id, user id and attributes come from the token. */
export function tokenJoinSpec(claims: ParticipantTokenClaims): JoinSpec {
  return {
    participantId: claims.jti,
    ...(claims.user_id === undefined ? {} : { userId: claims.user_id }),
    ...(claims.attributes === undefined ? {} : { attributes: claims.attributes }),
  };
}

export type TokenJoinResult =
  | { readonly ok: true; readonly participant: ParticipantRecord }
  | { readonly ok: false; readonly reason: "malformed" | "bad-signature" | "expired" | "revoked" | "unknown-stage" };

/**
 * A client joins with a token string (see `checkToken`). Joins as the token's participant with its user id
 * and attributes.
 */
export function joinWithToken(
  store: RegionStore,
  token: string,
  spec: Pick<JoinSpec, "protocol" | "client"> = {},
): TokenJoinResult {
  const checked = checkToken(store, token);
  if (!checked.ok) return { ok: false, reason: checked.reason === "unknown-token" ? "revoked" : checked.reason };
  const participant = joinParticipant(store, checked.stage, { ...spec, ...tokenJoinSpec(checked.claims) });
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

const isSourceOf = (replica: ReplicaRecord, participant: ParticipantRecord) =>
  replica.sourceSessionId === participant.sessionId;

/** The copy of a replicated participant in the destination session. */
export function replicaCopy(store: RegionStore, replica: ReplicaRecord): ParticipantRecord | undefined {
  return store.participants.get(participantKey(replica.destinationSessionId, replica.participantId));
}

/** Connected copies of a source participant (replications that are ACTIVE and not waiting for a reconnect). */
function liveCopiesOf(store: RegionStore, source: ParticipantRecord): ParticipantRecord[] {
  return replicationsOf(store, source)
    .filter((replica) => isSourceOf(replica, source) && replica.suspendedUntilMs === undefined)
    .map((replica) => replicaCopy(store, replica))
    .filter((copy): copy is ParticipantRecord => copy?.data.state === "CONNECTED");
}

export interface ReplicationSpec {
  readonly reconnectWindowSeconds: number;
  readonly attributes: Tags;
}

/** The copy joins (or rejoins) the destination stage, publishing when the source publishes. */
function joinCopy(
  store: RegionStore,
  source: ParticipantRecord,
  destination: StageRecord,
  attributes: Tags,
): ParticipantRecord {
  const copy = joinParticipant(store, destination, {
    participantId: source.data.participantId,
    userId: source.data.userId,
    attributes: { ...source.data.attributes, ...attributes },
    ...(source.data.protocol ? { protocol: source.data.protocol } : {}),
    replicaOf: { sourceStageArn: source.stageArn, sourceSessionId: source.sessionId },
  });
  if (source.publishing) setPublishing(store, copy, true);
  return copy;
}

/**
 * Starts copying `source` into `destination`: the replica joins the destination's session (opened if needed)
 * with the source's attributes overridden by `spec.attributes`, the source becomes a SOURCE, and the source
 * gets a REPLICATION_STARTED event. A publishing source makes the replica publish too (and it follows the
 * source's publishing from then on).
 */
export function startReplication(
  store: RegionStore,
  source: ParticipantRecord,
  destination: StageRecord,
  spec: ReplicationSpec,
): ReplicaRecord {
  const replica = joinCopy(store, source, destination, spec.attributes);
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
 * A participant of a replication left. The copy leaving, or the source being disconnected by the service,
 * stops the replication. A source that dropped or left keeps it while the lifecycle holds it for its reconnect
 * window: the copy drops too and both come back when the source rejoins (`resumeReplications`).
 */
function endOrHoldReplication(
  store: RegionStore,
  participant: ParticipantRecord,
  replica: ReplicaRecord,
  cause: LeaveCause,
): void {
  if (!isSourceOf(replica, participant)) {
    if (replica.suspendedUntilMs === undefined) stopReplication(store, replica);
    return;
  }
  if (cause === "disconnected" || replica.reconnectWindowSeconds <= 0) {
    stopReplication(store, replica);
    return;
  }
  replica.suspendedUntilMs = nowMs(store) + replica.reconnectWindowSeconds * 1000;
  if (!store.world.lifecycle.holdReplication(store, replica)) {
    stopReplication(store, replica);
    return;
  }
  const copy = replicaCopy(store, replica);
  if (copy) leaveParticipant(store, copy, "dropped");
}

/** A source rejoined within the reconnect window: its copies rejoin their destination sessions. */
function resumeReplications(store: RegionStore, participant: ParticipantRecord): void {
  if (participant.data.replicationType !== "SOURCE") return;
  for (const replica of replicationsOf(store, participant)) {
    if (!isSourceOf(replica, participant) || replica.suspendedUntilMs === undefined) continue;
    delete replica.suspendedUntilMs;
    const destination = store.stages.get(replica.destinationStageArn);
    if (destination?.activeSessionId !== replica.destinationSessionId) {
      stopReplication(store, replica);
      continue;
    }
    joinCopy(store, participant, destination, replica.attributes);
  }
}

/**
 * Stops a replication: STOPPED, the replica leaves the destination stage, the source gets a
 * REPLICATION_STOPPED event (and `replicationState` STOPPED once none of its replications is active).
 */
export function stopReplication(store: RegionStore, replica: ReplicaRecord): void {
  if (replica.replicationState === "STOPPED") return;
  replica.replicationState = "STOPPED";
  delete replica.suspendedUntilMs;
  const copy = replicaCopy(store, replica);
  if (copy) {
    copy.data.replicationState = "STOPPED";
    leaveParticipant(store, copy, "disconnected");
  }
  const source = store.participants.get(participantKey(replica.sourceSessionId, replica.participantId));
  if (!source) return;
  appendEvent(store, source, {
    name: "REPLICATION_STOPPED",
    destinationStageArn: replica.destinationStageArn,
    destinationSessionId: replica.destinationSessionId,
  });
  const stillActive = store.replicas.some(
    (other) =>
      other.replicationState === "ACTIVE" &&
      other.participantId === replica.participantId &&
      other.sourceSessionId === replica.sourceSessionId,
  );
  if (!stillActive) source.data.replicationState = "STOPPED";
}
