import { newSessionId } from "../ids";
import {
  nextSeq,
  nowIso,
  participantKey,
  type ParticipantRecord,
  type RegionStore,
  type SessionRecord,
  type StageRecord,
} from "../store";

/**
 * Stage sessions: a stage's active session opens when the first participant joins (`participants.ts` closes it).
 */
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
