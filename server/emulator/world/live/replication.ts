import type { Tags } from "../shapes";
import {
  nextSeq,
  nowMs,
  participantKey,
  type LeaveCause,
  type ParticipantRecord,
  type RegionStore,
  type ReplicaRecord,
  type StageRecord,
} from "../store";
import { appendEvent } from "./events";
import { joinParticipant, leaveParticipant, setPublishing } from "./participants";

/**
 * Participant replication: a source's copy in another stage, held through the source's reconnect window.
 */
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
export function liveCopiesOf(store: RegionStore, source: ParticipantRecord): ParticipantRecord[] {
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
export function endOrHoldReplication(
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
export function resumeReplications(store: RegionStore, participant: ParticipantRecord): void {
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
