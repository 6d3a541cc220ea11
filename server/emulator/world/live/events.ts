import { nextSeq, nowIso, type EventRecord, type ParticipantRecord, type RegionStore } from "../store";
import type { ParticipantEvent } from "../shapes";

/**
 * Participant events: each participant's timeline (ListParticipantEvents).
 */
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

/** `replica: true` on the events of a replica participant. */
export const replicaFlag = (participant: ParticipantRecord) =>
  participant.data.replicationType === "REPLICA" ? { replica: true } : {};

/** Events appended to one participant's timeline after sequence number `afterSeq`, oldest first. */
export function eventsSince(store: RegionStore, participant: ParticipantRecord, afterSeq: number): EventRecord[] {
  return (store.events.get(participant.sessionId) ?? []).filter(
    (event) => event.seq > afterSeq && event.participantId === participant.data.participantId,
  );
}
