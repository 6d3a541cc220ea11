import "server-only";
import type { ParticipantRef, ParticipantWork, SessionRef, SessionWork } from "./store";

/**
 * What the collector reads next, per operation: pure functions of what the store knows, what is on someone's
 * screen and the time, so that the order can be tested with a fake clock. Each operation has its own IVS quota,
 * so each has its own queue; within one, the order is:
 *   1. sessions on someone's screen (their participants, then their events),
 *   2. what changed (new participants, a summary that differs, an EventBridge event about a participant),
 *   3. the rest: connected participants' events again, least recently read first, and history (sessions that
 *      ended while nobody observed them, from ListStageSessions) in the background, every few turns, until
 *      everything is read.
 */
export interface ScheduleSettings {
  /** ListStages period. */
  readonly stagesEveryMs: number;
  /** ListParticipants period of a live session on someone's screen. */
  readonly watchedListEveryMs: number;
  /** ListParticipants period of any other live session (stretched when many are live, see `listEveryMs`). */
  readonly liveListEveryMs: number;
  /** A connected participant's events are not read again sooner than this (on screen / elsewhere). */
  readonly watchedEventsEveryMs: number;
  readonly liveEventsEveryMs: number;
  /** ListStageSessions period per stage (also read whenever a session of the stage starts or ends). */
  readonly sessionsEveryMs: number;
}

export const defaultScheduleSettings: ScheduleSettings = {
  stagesEveryMs: 3000,
  watchedListEveryMs: 1000,
  liveListEveryMs: 4000,
  watchedEventsEveryMs: 1500,
  liveEventsEveryMs: 5000,
  sessionsEveryMs: 60_000,
};

const sessionKey = (ref: SessionRef) => `${ref.stageArn} ${ref.sessionId}`;

export function watchedSet(refs: Iterable<SessionRef>): Set<string> {
  const out = new Set<string>();
  for (const ref of refs) out.add(sessionKey(ref));
  return out;
}

/** One ListParticipants round of every live session must fit in half the quota (4/s shared with views). */
export function listEveryMs(settings: ScheduleSettings, liveSessions: number, callsPerSecond: number): number {
  return Math.max(settings.liveListEveryMs, Math.ceil((liveSessions / callsPerSecond) * 1000 * 2));
}

/** The session whose participants to list next, or when the next one is due. */
export function nextListing(
  sessions: readonly SessionWork[],
  watched: ReadonlySet<string>,
  now: number,
  settings: ScheduleSettings,
  callsPerSecond = 4,
): { session?: SessionWork; dueInMs: number } {
  const liveCount = sessions.filter((s) => s.live).length;
  const liveEvery = listEveryMs(settings, liveCount, callsPerSecond);
  let best: { session: SessionWork; rank: number; due: number } | undefined;
  let soonest = Number.POSITIVE_INFINITY;
  for (const session of sessions) {
    const isWatched = watched.has(sessionKey(session));
    const urgent = session.sweep === "urgent" || (session.live && session.listedAt === undefined);
    let due: number;
    if (urgent || session.sweep === "backfill") due = session.knownAt;
    else if (session.live && session.listedAt !== undefined)
      due = session.listedAt + (isWatched ? settings.watchedListEveryMs : liveEvery);
    else continue;
    if (due > now) {
      soonest = Math.min(soonest, due - now);
      continue;
    }
    // On screen first; then sessions that started, ended or were opened; then live refreshes; history last.
    const rank = isWatched ? (urgent ? 0 : 1) : urgent ? 2 : session.sweep === "backfill" && !session.live ? 4 : 3;
    if (!best || rank < best.rank || (rank === best.rank && due < best.due)) best = { session, rank, due };
  }
  return best ? { session: best.session, dueInMs: 0 } : { dueInMs: soonest };
}

/** Sessions whose GetStageSession is unknown (start time) or whose end time is still to learn. */
export function nextSessionDetail(
  sessions: readonly SessionWork[],
  watched: ReadonlySet<string>,
): SessionWork | undefined {
  const candidates = sessions.filter((s) => s.detailReadAt === undefined || (!s.live && s.sweep === "urgent"));
  candidates.sort(
    (a, b) => Number(!watched.has(sessionKey(a))) - Number(!watched.has(sessionKey(b))) || a.knownAt - b.knownAt,
  );
  return candidates[0];
}

export const participantKey = (ref: ParticipantRef) => `${ref.stageArn} ${ref.sessionId} ${ref.participantId}`;

/** The participant whose events to read next, or when the next one is due. */
export function nextEvents(
  participants: readonly ParticipantWork[],
  watched: ReadonlySet<string>,
  now: number,
  settings: ScheduleSettings,
  /** Let history (participants of sessions that are not live) go before live refreshes this time. */
  historyTurn = false,
  /**
   * Participants an EventBridge event named (participantKey → when it arrived): read before anything else, in
   * the order the events came (the collector forgets a hint after a read that started after it). An operator,
   * and an alert, learn of an incident from one read instead of waiting behind the queue of new participants.
   */
  hinted: ReadonlyMap<string, number> = new Map(),
): { participant?: ParticipantRef; dueInMs: number } {
  let best: { p: ParticipantWork; rank: number; at: number } | undefined;
  let soonest = Number.POSITIVE_INFINITY;
  for (const p of participants) {
    const isWatched = watched.has(sessionKey(p));
    const fresh = p.eventsReadAt === undefined || p.eventsWanted;
    const hintAt = hinted.get(participantKey(p));
    let rank: number;
    if (hintAt !== undefined) {
      if (!best || best.rank > -1 || hintAt < best.at) best = { p, rank: -1, at: hintAt };
      continue;
    }
    if (fresh) rank = isWatched ? 0 : p.live ? 1 : historyTurn ? 2 : 4;
    else if (p.state === "CONNECTED") {
      const due = p.eventsReadAt + (isWatched ? settings.watchedEventsEveryMs : settings.liveEventsEveryMs);
      if (due > now) {
        soonest = Math.min(soonest, due - now);
        continue;
      }
      rank = isWatched ? 2 : 3;
    } else continue;
    // Least recently read first; never-read participants by when they appeared.
    const at = p.eventsReadAt ?? p.changedAt - 1e15;
    if (!best || rank < best.rank || (rank === best.rank && at < best.at)) best = { p, rank, at };
  }
  if (!best) return { dueInMs: soonest };
  const { stageArn, sessionId, participantId } = best.p;
  return { participant: { stageArn, sessionId, participantId }, dueInMs: 0 };
}

/** The participant whose GetParticipant (client facts, attributes) to read next: on screen first, oldest first. */
export function nextDetail(
  participants: readonly ParticipantWork[],
  watched: ReadonlySet<string>,
): ParticipantRef | undefined {
  let best: ParticipantWork | undefined;
  for (const p of participants) {
    if (!p.detailWanted) continue;
    if (!best) {
      best = p;
      continue;
    }
    const a = Number(!watched.has(sessionKey(p)));
    const b = Number(!watched.has(sessionKey(best)));
    if (a < b || (a === b && p.changedAt < best.changedAt)) best = p;
  }
  return best ? { stageArn: best.stageArn, sessionId: best.sessionId, participantId: best.participantId } : undefined;
}
