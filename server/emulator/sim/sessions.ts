import { closeSession } from "../world/live/participants";
import { sessionParticipants } from "../world/live/sessions";
import type { ParticipantRecord, RegionStore, WorldLifecycle } from "../world/store";
import { nameIn, type SimContext } from "./context";

/**
 * Stage sessions end `sessionEndDelayMs` after their last participant left; a join before then keeps the
 * session (and cancels the timer). A session also stays open while a replication of one of its participants
 * waits for the source to reconnect.
 */

const timerName = (store: RegionStore, stageArn: string) => nameIn(store, "session", stageArn);

const hasConnected = (store: RegionStore, sessionId: string) =>
  sessionParticipants(store, sessionId).some((participant) => participant.data.state === "CONNECTED");

/** The latest reconnect deadline of a suspended replication involving the session, if any. */
function replicationHold(store: RegionStore, sessionId: string): number | undefined {
  const deadlines = store.replicas
    .filter(
      (r) =>
        r.replicationState === "ACTIVE" && (r.sourceSessionId === sessionId || r.destinationSessionId === sessionId),
    )
    .map((r) => r.suspendedUntilMs)
    .filter((deadline): deadline is number => deadline !== undefined);
  return deadlines.length === 0 ? undefined : Math.max(...deadlines);
}

function endIfIdle(ctx: SimContext, store: RegionStore, stageArn: string, sessionId: string): void {
  const stage = store.stages.get(stageArn);
  if (stage?.activeSessionId !== sessionId || hasConnected(store, sessionId)) return;
  const hold = replicationHold(store, sessionId);
  if (hold !== undefined) {
    ctx.timers.set(timerName(store, stageArn), Math.max(hold, ctx.clock.now()), () =>
      endIfIdle(ctx, store, stageArn, sessionId),
    );
    return;
  }
  closeSession(store, stage);
}

function scheduleSessionEnd(ctx: SimContext, store: RegionStore, participant: ParticipantRecord): void {
  const { stageArn, sessionId } = participant;
  if (store.stages.get(stageArn)?.activeSessionId !== sessionId || hasConnected(store, sessionId)) return;
  const at = ctx.clock.now() + ctx.timing.sessionEndDelayMs;
  ctx.timers.set(timerName(store, stageArn), at, () => endIfIdle(ctx, store, stageArn, sessionId));
}

export function sessionHooks(ctx: SimContext): Pick<WorldLifecycle, "participantJoined" | "participantLeft"> {
  return {
    participantJoined: (store, participant) => ctx.timers.clear(timerName(store, participant.stageArn)),
    participantLeft: (store, participant) => scheduleSessionEnd(ctx, store, participant),
  };
}
