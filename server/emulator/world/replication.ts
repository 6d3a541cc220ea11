import type { HandlerInput } from "../contract";
import { conflict, notFound, validation } from "../errors";
import { pick } from "./data";
import type { HandlerGroup } from "./handler-kit";
import { startReplication, stopReplication } from "./live/replication";
import { findActiveParticipant } from "./live/sessions";
import { listPage, nextTokenOf } from "./pagination";
import { ensureQuota } from "./quotas";
import type { ParticipantReplica } from "./shapes";
import {
  requireStage,
  type ParticipantRecord,
  type RegionStore,
  type ReplicaRecord,
  type StageRecord,
  type World,
} from "./store";

const replicaKeys = [
  "sourceStageArn",
  "participantId",
  "sourceSessionId",
  "destinationStageArn",
  "destinationSessionId",
  "replicationState",
] as const;

const replicaView = (replica: ReplicaRecord): ParticipantReplica => pick(replica, replicaKeys);

/** The participant in the source stage's active session (404 when there is no session or no such participant). */
function requireLiveSource(store: RegionStore, stage: StageRecord, participantId: string): ParticipantRecord {
  const participant = findActiveParticipant(store, stage, participantId);
  if (!participant) throw notFound(`Participant ${participantId} is not in an active session of stage ${stage.arn}.`);
  return participant;
}

const isActiveReplica = (replica: ReplicaRecord) => replica.replicationState === "ACTIVE";

function findActiveReplica(store: RegionStore, input: HandlerInput<"StopParticipantReplication">) {
  return store.replicas.find(
    (replica) =>
      isActiveReplica(replica) &&
      replica.sourceStageArn === input.sourceStageArn &&
      replica.destinationStageArn === input.destinationStageArn &&
      replica.participantId === input.participantId,
  );
}

/** 409 unless the source is a CONNECTED, non-replica participant not yet replicated to (or present in) the destination. */
function ensureReplicable(store: RegionStore, source: ParticipantRecord, destination: StageRecord): void {
  const id = source.data.participantId;
  if (source.data.state !== "CONNECTED") throw conflict(`Participant ${id} is not connected.`);
  if (source.data.replicationType === "REPLICA") throw conflict(`Participant ${id} is itself a replica.`);
  if (
    findActiveReplica(store, {
      sourceStageArn: source.stageArn,
      destinationStageArn: destination.arn,
      participantId: id,
    })
  ) {
    throw conflict(`Participant ${id} is already replicated to ${destination.arn}.`);
  }
  const present = findActiveParticipant(store, destination, id);
  if (present?.data.state === "CONNECTED")
    throw conflict(`Participant ${id} is already connected to ${destination.arn}.`);
}

function startParticipantReplication(store: RegionStore, input: HandlerInput<"StartParticipantReplication">): void {
  if (input.sourceStageArn === input.destinationStageArn) {
    throw validation("sourceStageArn and destinationStageArn must be different stages.");
  }
  const source = requireStage(store, input.sourceStageArn);
  const destination = requireStage(store, input.destinationStageArn);
  const participant = requireLiveSource(store, source, input.participantId);
  ensureReplicable(store, participant, destination);
  const active = store.replicas.filter((r) => isActiveReplica(r) && r.participantId === input.participantId);
  ensureQuota(store, "replicationsPerParticipant", active.length);
  startReplication(store, participant, destination, {
    reconnectWindowSeconds: input.reconnectWindowSeconds ?? 0,
    attributes: input.attributes ?? {},
  });
}

export function replicationHandlers(
  world: World,
): HandlerGroup<"StartParticipantReplication" | "StopParticipantReplication" | "ListParticipantReplicas"> {
  return {
    StartParticipantReplication(input, ctx) {
      startParticipantReplication(world.region(ctx), input);
      return {};
    },

    StopParticipantReplication(input, ctx) {
      const store = world.region(ctx);
      requireStage(store, input.sourceStageArn);
      requireStage(store, input.destinationStageArn);
      const replica = findActiveReplica(store, input);
      if (!replica) throw notFound(`No active replication of ${input.participantId} to ${input.destinationStageArn}.`);
      stopReplication(store, replica);
      return {};
    },

    ListParticipantReplicas(input, ctx) {
      const store = world.region(ctx);
      const replicas = store.replicas.filter(
        (replica) => replica.sourceStageArn === input.sourceStageArn && replica.participantId === input.participantId,
      );
      const page = listPage(store, "ListParticipantReplicas", input, replicas);
      return { replicas: page.items.map(replicaView), ...nextTokenOf(page) };
    },
  };
}
