import { describe, expect, it } from "vitest";
import {
  defaultScheduleSettings as settings,
  listEveryMs,
  nextDetail,
  nextEvents,
  nextListing,
  participantKey,
  watchedSet,
} from "./schedule";
import type { ParticipantWork, SessionWork } from "./store";

const arn = (id: string) => `arn:aws:ivs:us-east-1:123456789012:stage/${id}`;
const session = (id: string, over: Partial<SessionWork> = {}): SessionWork => ({
  stageArn: arn(id),
  sessionId: `st-${id}`,
  live: true,
  listedAt: 0,
  sweep: undefined,
  detailReadAt: 0,
  knownAt: 0,
  ...over,
});
const participant = (id: string, stage: string, over: Partial<ParticipantWork> = {}): ParticipantWork => ({
  stageArn: arn(stage),
  sessionId: `st-${stage}`,
  participantId: id,
  live: true,
  state: "CONNECTED",
  changedAt: 0,
  eventsReadAt: 0,
  eventsWanted: false,
  detailWanted: false,
  ...over,
});
const watched = (...ids: string[]) => watchedSet(ids.map((id) => ({ stageArn: arn(id), sessionId: `st-${id}` })));

describe("collector schedule (fake clock)", () => {
  it("lists a watched live session every second and the others at the slower live pace", () => {
    const sessions = [session("a", { listedAt: 10_000 }), session("b", { listedAt: 10_000 })];
    expect(nextListing(sessions, watched("a"), 10_500, settings)).toEqual({ dueInMs: 500 });
    expect(nextListing(sessions, watched("a"), 11_000, settings).session?.stageArn).toBe(arn("a"));
    expect(nextListing(sessions, watched(), 11_000, settings).session).toBeUndefined();
    expect(nextListing(sessions, watched(), 14_000, settings).session).toBeDefined();
  });

  it("stretches the live listing period so one round of every live session fits in half the quota", () => {
    expect(listEveryMs(settings, 2, 4)).toBe(settings.liveListEveryMs);
    expect(listEveryMs(settings, 200, 4)).toBe(100_000);
  });

  it("orders listings: on screen, then sessions that started or ended, then live refreshes, then history", () => {
    const now = 100_000;
    const sessions = [
      session("history", { live: false, listedAt: undefined, sweep: "backfill" }),
      session("refresh", { listedAt: 0 }),
      session("ended", { live: false, sweep: "urgent", knownAt: 50 }),
      session("screen", { listedAt: 0 }),
    ];
    const order: string[] = [];
    let rest = sessions;
    for (let i = 0; i < 4; i++) {
      const next = nextListing(rest, watched("screen"), now, settings).session;
      if (!next) break;
      order.push(next.sessionId);
      rest = rest.filter((s) => s !== next);
    }
    expect(order).toEqual(["st-screen", "st-ended", "st-refresh", "st-history"]);
  });

  it("reads events on screen first, then what changed, then connected participants least recently read", () => {
    const now = 60_000;
    const list = [
      participant("stale", "b", { eventsReadAt: 1000 }),
      participant("older", "b", { eventsReadAt: 500 }),
      participant("changed", "b", { eventsWanted: true, eventsReadAt: 59_000 }),
      participant("left", "b", { state: "DISCONNECTED", eventsReadAt: 10 }),
      participant("screen-new", "a", { eventsReadAt: undefined, changedAt: 59_000 }),
    ];
    const picks: string[] = [];
    let rest = list;
    for (;;) {
      const next = nextEvents(rest, watched("a"), now, settings).participant;
      if (!next) break;
      picks.push(next.participantId);
      rest = rest.filter((p) => p.participantId !== next.participantId);
    }
    // A disconnected participant already read has nothing new: never re-read.
    expect(picks).toEqual(["screen-new", "changed", "older", "stale"]);
  });

  it("does not re-read a connected participant sooner than its refresh period, and says when the next is due", () => {
    const list = [participant("p", "b", { eventsReadAt: 10_000 })];
    expect(nextEvents(list, watched(), 12_000, settings)).toEqual({ dueInMs: settings.liveEventsEveryMs - 2000 });
    expect(nextEvents(list, watched("b"), 12_000, settings)).toEqual({
      participant: { stageArn: arn("b"), sessionId: "st-b", participantId: "p" },
      dueInMs: 0,
    });
  });

  it("gives history a turn: never-read participants of ended sessions go before live refreshes only on its turn", () => {
    const now = 100_000;
    const list = [
      participant("live", "b", { eventsReadAt: 0 }),
      participant("old", "c", { live: false, state: "DISCONNECTED", eventsReadAt: undefined }),
    ];
    expect(nextEvents(list, watched(), now, settings, false).participant?.participantId).toBe("live");
    expect(nextEvents(list, watched(), now, settings, true).participant?.participantId).toBe("old");
  });

  it("reads participant details on screen first, then oldest first", () => {
    const list = [
      participant("x", "b", { detailWanted: true, changedAt: 1 }),
      participant("y", "a", { detailWanted: true, changedAt: 5 }),
      participant("z", "b", { changedAt: 0 }),
    ];
    expect(nextDetail(list, watched("a"))?.participantId).toBe("y");
    expect(nextDetail(list, watched())?.participantId).toBe("x");
    expect(nextDetail([participant("z", "b")], watched())).toBeUndefined();
  });

  it("reads participants named by EventBridge before everything else, in the order the events came", () => {
    const now = 100_000;
    const list = [
      participant("screen-new", "a", { eventsReadAt: undefined, changedAt: 1 }),
      participant("new", "b", { eventsReadAt: undefined, changedAt: 2 }),
      participant("errored", "c", { eventsReadAt: 99_000, eventsWanted: true }),
      participant("named-first", "c", { eventsReadAt: 99_500 }),
    ];
    const hinted = new Map([
      [participantKey(list[2] as ParticipantWork), 99_900],
      [participantKey(list[3] as ParticipantWork), 99_800],
    ]);
    expect(nextEvents(list, watched("a"), now, settings, false, hinted).participant?.participantId).toBe("named-first");
    hinted.delete(participantKey(list[3] as ParticipantWork));
    expect(nextEvents(list, watched("a"), now, settings, false, hinted).participant?.participantId).toBe("errored");
    // Without hints: on screen first, as before.
    expect(nextEvents(list, watched("a"), now, settings, false).participant?.participantId).toBe("screen-new");
  });
});
