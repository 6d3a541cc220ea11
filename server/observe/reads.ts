import "server-only";
import type { ConsoleContext } from "@/lib/context";
import type { InputOf, OutputOf } from "@/lib/ivs/operations";
import { redactSecrets, type BrowserSafe } from "@/lib/ivs/redact";
import type { ReadResult } from "@/lib/result";
import { upstream } from "@/server/ivs/upstream";
import { observation, scopeOf } from "./runtime";
import { observationStore, type ParticipantSummary } from "./store";

/**
 * Reads that views answer from the observation store instead of IVS: a session's participants, their events
 * and details, the session itself and a stage's session history. Each answer carries the store's coverage
 * ("complete as of…", "catching up: N pending"), and reading marks the session as on someone's screen, so the
 * collector reads it first. Lists come whole, in one page (the store has no reason to page).
 *
 * Single-object reads the store does not have yet (a session or participant never observed) are read once
 * through the shared upstream layer and recorded; list reads never wait for IVS: they answer with what is
 * stored and say what is pending.
 */
export const observedOperations = [
  "ListParticipants",
  "ListParticipantEvents",
  "GetParticipant",
  "GetStageSession",
  "ListStageSessions",
] as const;
export type ObservedOperation = (typeof observedOperations)[number];

export function isObserved(name: string): name is ObservedOperation {
  return (observedOperations as readonly string[]).includes(name);
}

type Filters = Pick<
  InputOf<"ListParticipants">,
  "filterByUserId" | "filterByPublished" | "filterByState" | "filterByRecordingState"
>;

/** The API's ListParticipants filters, applied to stored summaries (IVS allows one at a time; so does the input shape). */
export function applyParticipantFilters(list: readonly ParticipantSummary[], filters: Filters): ParticipantSummary[] {
  return list.filter(
    (p) =>
      (filters.filterByUserId === undefined || p.userId === filters.filterByUserId) &&
      (filters.filterByPublished === undefined || Boolean(p.published) === filters.filterByPublished) &&
      (filters.filterByState === undefined || p.state === filters.filterByState) &&
      (filters.filterByRecordingState === undefined || p.recordingState === filters.filterByRecordingState),
  );
}

/** An observed read, with secrets masked like every read that may reach the browser (upstream.ts). */
export async function observedRead<N extends ObservedOperation>(
  name: N,
  input: InputOf<N>,
  context: ConsoleContext,
): Promise<ReadResult<BrowserSafe<OutputOf<N>>>> {
  const read = await readObserved(name, input, context);
  return { ...read, data: redactSecrets(read.data) };
}

async function readObserved<N extends ObservedOperation>(
  name: N,
  input: InputOf<N>,
  context: ConsoleContext,
): Promise<ReadResult<OutputOf<N>>> {
  const store = observationStore();
  const scope = scopeOf(context);
  const now = Date.now();
  // While the collector's reads fail (throttled, 5xx), the store holds the last good data: say so.
  const degraded = observation().collector.degraded(scope);
  const answer = async <T>(data: T): Promise<ReadResult<T>> => {
    const coverage = await store.coverage(scope, sessionOf(input));
    return {
      data,
      fetchedAt: coverage.asOf ?? now,
      stale: degraded !== undefined,
      coverage,
      ...(degraded ? { degraded } : {}),
    };
  };

  switch (name) {
    case "ListParticipants": {
      const i = input as InputOf<"ListParticipants">;
      observation().looked(context, i);
      const participants = applyParticipantFilters(await store.participants(scope, i), i);
      return (await answer({ participants })) as ReadResult<OutputOf<N>>;
    }
    case "ListParticipantEvents": {
      const i = input as InputOf<"ListParticipantEvents">;
      observation().looked(context, i);
      if (!(await store.eventsRead(scope, i))) void observation().collector.wantParticipant(scope, i);
      return (await answer({ events: await store.events(scope, i) })) as ReadResult<OutputOf<N>>;
    }
    case "GetParticipant": {
      const i = input as InputOf<"GetParticipant">;
      observation().looked(context, i);
      const stored = await store.participant(scope, i);
      if (stored?.detailed) return (await answer({ participant: stored.participant })) as ReadResult<OutputOf<N>>;
      const read = await upstream().read("GetParticipant", i, context);
      if (read.data.participant) await store.recordParticipantDetail(scope, i, read.data.participant);
      return {
        ...read,
        data: { participant: { ...read.data.participant, ...(stored?.participant ?? {}) } },
      } as ReadResult<OutputOf<N>>;
    }
    case "GetStageSession": {
      const i = input as InputOf<"GetStageSession">;
      observation().looked(context, i);
      const stored = await store.session(scope, i);
      if (stored) {
        const { listedAt: _listedAt, ...stageSession } = stored;
        return (await answer({ stageSession })) as ReadResult<OutputOf<N>>;
      }
      const read = await upstream().read("GetStageSession", i, context);
      if (read.data.stageSession) await store.recordSession(scope, i.stageArn, read.data.stageSession, Date.now());
      return { ...read, coverage: await store.coverage(scope, i) } as ReadResult<OutputOf<N>>;
    }
    case "ListStageSessions": {
      const i = input as InputOf<"ListStageSessions">;
      observation().looked(context);
      if (await store.knowsStage(scope, i.stageArn)) {
        const stageSessions = await store.sessionsOf(scope, i.stageArn);
        if (stageSessions.length > 0)
          return {
            data: { stageSessions },
            fetchedAt: now,
            stale: false,
            coverage: await store.stageCoverage(scope, i.stageArn, now),
          } as ReadResult<OutputOf<N>>;
      }
      const read = await upstream().read("ListStageSessions", i, context);
      await store.recordSessionSummaries(scope, i.stageArn, read.data.stageSessions ?? [], Date.now());
      return read as ReadResult<OutputOf<N>>;
    }
  }
  throw new TypeError(`${name} is not observed`);
}

function sessionOf(input: unknown): { stageArn: string; sessionId: string } {
  const i = input as { stageArn?: string; sessionId?: string };
  return { stageArn: i.stageArn ?? "", sessionId: i.sessionId ?? "" };
}
