import "server-only";
import type { InputOf, OperationName, OutputOf } from "@/lib/ivs/operations";
import type { LiveChange } from "@/lib/observe/live";
import { IvsError } from "@/server/ivs/errors";
import {
  defaultScheduleSettings,
  nextDetail,
  nextEvents,
  nextListing,
  nextSessionDetail,
  participantKey,
  watchedSet,
  type ScheduleSettings,
} from "./schedule";
import type {
  ObservationStore,
  ParticipantEvent,
  ParticipantRef,
  ParticipantSummary,
  Scope,
  SessionRef,
  StageSummary,
} from "./store";

/**
 * The collector: keeps every live stage session of the observed scopes read into the store, within the IVS
 * budget, and tells the push bus what changed. One loop per (scope, operation): each operation has its own
 * quota, so a slow ListParticipantEvents queue never delays the next ListParticipants. It never throws out of
 * a loop: a failed call backs off (up to 10 s) and the loop goes on; after a restart everything resumes from
 * the store.
 */
export type ObservedCall = <N extends OperationName>(scope: Scope, name: N, input: InputOf<N>) => Promise<OutputOf<N>>;

export interface CollectorDeps {
  readonly store: ObservationStore;
  /** A budgeted, signed IVS read (waits for the operation's token, then calls IVS). */
  readonly call: ObservedCall;
  readonly now: () => number;
  /** Scopes to observe now (configured ones plus those someone is looking at). */
  readonly scopes: () => readonly Scope[];
  /** Sessions on someone's screen in a scope (SSE subscriptions and recent polls). */
  readonly watched: (scope: Scope) => readonly SessionRef[];
  readonly publish: (scope: Scope, change: LiveChange) => void;
  readonly settings?: Partial<ScheduleSettings>;
  /** Days an ended session is kept. */
  readonly retentionDays?: number;
  readonly log?: (message: string) => void;
}

type Loop = "stages" | "session" | "list" | "events" | "detail";
const loops: readonly Loop[] = ["stages", "session", "list", "events", "detail"];

export interface LoopStatus {
  readonly calls: number;
  readonly failures: number;
  readonly lastError?: {
    readonly code: string;
    readonly message: string;
    readonly retryable: boolean;
    readonly at: number;
  };
}

/** A failing loop retries after 1, 2, 4, 8, then every 10 s (each retry takes a new budget token). */
const maxBackoffMs = 10_000;
const idleMs = 1000;
/** A hint for a participant that never shows up (a dropped listing) is forgotten after this. */
const hintLifeMs = 60_000;
/** How long a session with a fresh error is read at the on-screen pace. */
const hotSessionMs = 30_000;

function pageToken(page: { nextToken?: string | undefined }): string | undefined {
  return page.nextToken ? page.nextToken : undefined;
}

/** A hint that could not be stored (the database is unavailable): the loops read on their own schedule anyway. */
function reportStoreFailure(error: unknown): void {
  console.error("collector: could not store a hint:", error instanceof Error ? error.message : error);
}

export function createCollector(deps: CollectorDeps) {
  const settings: ScheduleSettings = { ...defaultScheduleSettings, ...deps.settings };
  const retentionMs = (deps.retentionDays ?? 30) * 86_400_000;
  const running = new Map<string, AbortController>();
  const wakers = new Map<string, Set<() => void>>();
  const status = new Map<string, LoopStatus>();
  const stagesReadAt = new Map<string, number>();
  const sessionsReadAt = new Map<string, number>();
  let lastPurge = 0;
  let stopped = false;

  const scopeId = (scope: Scope) => `${scope.region}\u0000${scope.profile}`;
  /** Per scope: participants named by EventBridge events (key → when), read first (schedule.ts `nextEvents`). */
  const hints = new Map<string, Map<string, number>>();
  /** Per scope: sessions with a fresh error (→ until when), read at the on-screen pace for a while. */
  const hot = new Map<string, Map<string, { ref: SessionRef; until: number }>>();

  function hintsOf(scope: Scope): Map<string, number> {
    const map = hints.get(scopeId(scope)) ?? new Map<string, number>();
    hints.set(scopeId(scope), map);
    const stale = deps.now() - hintLifeMs;
    for (const [key, at] of map) if (at < stale) map.delete(key);
    return map;
  }

  /** Sessions on someone's screen, plus those with a recent pushed error (their subscribers' errors come next). */
  function focus(scope: Scope): Set<string> {
    const refs: SessionRef[] = [...deps.watched(scope)];
    const map = hot.get(scopeId(scope));
    const now = deps.now();
    for (const [key, entry] of map ?? []) {
      if (entry.until < now) map?.delete(key);
      else refs.push(entry.ref);
    }
    return watchedSet(refs);
  }

  /** A session with a fresh error: listed and read at the on-screen pace for `hotSessionMs`. */
  function heat(scope: Scope, ref: SessionRef): void {
    const map = hot.get(scopeId(scope)) ?? new Map<string, { ref: SessionRef; until: number }>();
    hot.set(scopeId(scope), map);
    map.set(`${ref.stageArn} ${ref.sessionId}`, {
      ref: { stageArn: ref.stageArn, sessionId: ref.sessionId },
      until: deps.now() + hotSessionMs,
    });
    wake(scope);
  }

  function wake(scope: Scope): void {
    for (const resolve of wakers.get(scopeId(scope)) ?? []) resolve();
  }

  /** Resolves after `ms`, when something changed in the scope (want, push), or when stopped. */
  function pause(scope: Scope, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const id = scopeId(scope);
      const set = wakers.get(id) ?? new Set();
      wakers.set(id, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(ms, 60_000)));
      timer.unref?.();
      set.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** Records a step's outcome; returns the back-off delay after a failure. */
  function note(scope: Scope, loop: Loop, outcome: { error: unknown } | { worked: boolean }): number {
    const key = `${scopeId(scope)}\u0000${loop}`;
    const before = status.get(key) ?? { calls: 0, failures: 0 };
    if (!("error" in outcome)) {
      // Any step that did not fail ends a failing streak, whether or not it had work to do.
      status.set(key, {
        calls: before.calls + (outcome.worked ? 1 : 0),
        failures: 0,
        ...(before.lastError ? { lastError: before.lastError } : {}),
      });
      // Views showing "degraded" refetch now rather than at their next reconciliation.
      if (before.failures > 0) recovered(scope);
      return 0;
    }
    const { error } = outcome;
    const info =
      error instanceof IvsError
        ? {
            code: error.code,
            message: error.message,
            retryable: error.retryable || error.kind === "network" || error.kind === "timeout",
          }
        : { code: "CollectorError", message: error instanceof Error ? error.message : String(error), retryable: false };
    const failures = before.failures + 1;
    status.set(key, { calls: before.calls + 1, failures, lastError: { ...info, at: deps.now() } });
    deps.log?.(
      `collector: ${loop} in ${scope.region}${scope.profile ? `/${scope.profile}` : ""} failed (${info.code}); retrying in ${Math.min(maxBackoffMs, 500 * 2 ** failures)} ms`,
    );
    return Math.min(maxBackoffMs, 500 * 2 ** failures);
  }

  async function listAll<N extends "ListStages" | "ListParticipants" | "ListParticipantEvents">(
    scope: Scope,
    name: N,
    input: InputOf<N>,
    items: (page: OutputOf<N>) => readonly unknown[] | undefined,
  ): Promise<{ items: unknown[] }> {
    const out: unknown[] = [];
    let nextToken: string | undefined;
    do {
      const page = await deps.call(scope, name, { ...input, ...(nextToken ? { nextToken } : {}) } as InputOf<N>);
      const list = items(page) ?? [];
      out.push(...list);
      nextToken = pageToken(page as { nextToken?: string });
    } while (nextToken);
    return { items: out };
  }

  function recovered(scope: Scope): void {
    deps.publish(scope, { kind: "stages" });
    for (const ref of deps.watched(scope))
      deps.publish(scope, { kind: "session", stageArn: ref.stageArn, sessionId: ref.sessionId });
  }

  // ---- one step of each loop; returns how long to wait before the next -------------------------------------

  async function stagesStep(scope: Scope): Promise<number> {
    const id = scopeId(scope);
    const last = stagesReadAt.get(id) ?? 0;
    const now = deps.now();
    if (now - last < settings.stagesEveryMs) return settings.stagesEveryMs - (now - last);
    const { items } = await listAll(scope, "ListStages", { maxResults: 100 }, (page) => page.stages);
    const at = deps.now();
    stagesReadAt.set(id, at);
    const changes = await deps.store.recordStages(scope, items as StageSummary[], at);
    if (changes.length > 0) {
      deps.publish(scope, { kind: "stages" });
      for (const change of changes)
        deps.publish(scope, { kind: "session", stageArn: change.stageArn, sessionId: change.sessionId });
      wake(scope);
    }
    // Session history of each stage: when a session of it started or ended, and otherwise now and then.
    const changedStages = new Set(changes.map((change) => change.stageArn));
    for (const stage of items as StageSummary[]) {
      const key = `${id}\u0000${stage.arn}`;
      const readAt = sessionsReadAt.get(key);
      if (readAt !== undefined && !changedStages.has(stage.arn) && deps.now() - readAt < settings.sessionsEveryMs)
        continue;
      const page = await deps.call(scope, "ListStageSessions", { stageArn: stage.arn, maxResults: 100 });
      sessionsReadAt.set(key, deps.now());
      await deps.store.recordSessionSummaries(scope, stage.arn, page.stageSessions ?? [], deps.now());
    }
    if (deps.now() - lastPurge > 3_600_000) {
      lastPurge = deps.now();
      const cutoff = deps.now() - retentionMs;
      const purged = await deps.store.purge(new Date(cutoff).toISOString(), cutoff);
      if (purged > 0)
        deps.log?.(`collector: forgot ${purged} sessions that ended more than ${deps.retentionDays ?? 30} days ago`);
    }
    return settings.stagesEveryMs;
  }

  async function sessionStep(scope: Scope): Promise<number> {
    const session = nextSessionDetail(await deps.store.sessionWork(scope), focus(scope));
    if (!session) return idleMs;
    const answer = await deps
      .call(scope, "GetStageSession", { stageArn: session.stageArn, sessionId: session.sessionId })
      .catch(async (error: unknown) => {
        // The stage (and with it the session) was deleted: nothing more to learn about it.
        if (error instanceof IvsError && error.status === 404) {
          await deps.store.recordSession(scope, session.stageArn, { sessionId: session.sessionId }, deps.now());
          return { stageSession: undefined };
        }
        throw error;
      });
    if (answer.stageSession) {
      await deps.store.recordSession(scope, session.stageArn, answer.stageSession, deps.now());
      deps.publish(scope, { kind: "session", stageArn: session.stageArn, sessionId: session.sessionId });
      wake(scope);
    }
    return 0;
  }

  async function listStep(scope: Scope): Promise<number> {
    const { session, dueInMs } = nextListing(await deps.store.sessionWork(scope), focus(scope), deps.now(), settings);
    if (!session) return Math.min(dueInMs, idleMs);
    const startedAt = deps.now();
    const { items } = await listAll(
      scope,
      "ListParticipants",
      { stageArn: session.stageArn, sessionId: session.sessionId, maxResults: 100 },
      (page) => page.participants,
    );
    const changed = await deps.store.recordParticipants(
      scope,
      session,
      items as ParticipantSummary[],
      startedAt,
      deps.now(),
    );
    if (changed.length > 0) {
      deps.publish(scope, {
        kind: "session",
        stageArn: session.stageArn,
        sessionId: session.sessionId,
        participantIds: changed,
      });
      wake(scope);
    }
    return 0;
  }

  let eventsTurn = 0;
  async function eventsStep(scope: Scope): Promise<number> {
    // One read in four may go to history, so live refreshes never starve the backfill (nor it them).
    eventsTurn = (eventsTurn + 1) % 4;
    const { participant, dueInMs } = nextEvents(
      await deps.store.participantWork(scope),
      focus(scope),
      deps.now(),
      settings,
      eventsTurn === 0,
      hintsOf(scope),
    );
    if (!participant) return Math.min(dueInMs, idleMs);
    await readEvents(scope, participant);
    return 0;
  }

  async function readEvents(scope: Scope, ref: ParticipantRef): Promise<void> {
    const startedAt = deps.now();
    // Every page: an event's identity counts identical events in the whole list (one page for most participants).
    const { items } = await listAll(scope, "ListParticipantEvents", { ...ref, maxResults: 100 }, (page) => page.events);
    const { added, settled } = await deps.store.recordEvents(
      scope,
      ref,
      items as ParticipantEvent[],
      startedAt,
      deps.now(),
    );
    const hinted = hints.get(scopeId(scope));
    const hintAt = hinted?.get(participantKey(ref));
    if (hintAt !== undefined && hintAt <= startedAt) hinted?.delete(participantKey(ref));
    // A fresh error (pushed and read at once, or found by a refresh): its session's other participants (the
    // subscribers of a publisher in trouble) are read at the on-screen pace for a while. Here, on the instance
    // that collects, so it holds with several instances too.
    const now = deps.now();
    if (
      added > 0 &&
      (items as ParticipantEvent[]).some(
        (event) => event.errorCode !== undefined && now - Date.parse(String(event.eventTime)) < hotSessionMs,
      )
    )
      heat(scope, ref);
    // New events, or the session's coverage changed: views on screen refetch from the store.
    if (added > 0 || settled)
      deps.publish(scope, {
        kind: "session",
        stageArn: ref.stageArn,
        sessionId: ref.sessionId,
        participantIds: [ref.participantId],
      });
  }

  async function detailStep(scope: Scope): Promise<number> {
    const ref = nextDetail(await deps.store.participantWork(scope), focus(scope));
    if (!ref) return idleMs;
    const answer = await deps.call(scope, "GetParticipant", ref).catch(async (error: unknown) => {
      if (error instanceof IvsError && error.status === 404) {
        await deps.store.recordParticipantDetail(scope, ref, { participantId: ref.participantId });
        return { participant: undefined };
      }
      throw error;
    });
    if (answer.participant) {
      await deps.store.recordParticipantDetail(scope, ref, answer.participant);
      deps.publish(scope, {
        kind: "session",
        stageArn: ref.stageArn,
        sessionId: ref.sessionId,
        participantIds: [ref.participantId],
      });
    }
    return 0;
  }

  const steps: Record<Loop, (scope: Scope) => Promise<number>> = {
    stages: stagesStep,
    session: sessionStep,
    list: listStep,
    events: eventsStep,
    detail: detailStep,
  };

  async function run(scope: Scope, loop: Loop, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let waitMs: number;
      try {
        waitMs = await steps[loop](scope);
        note(scope, loop, { worked: waitMs === 0 });
      } catch (error) {
        waitMs = note(scope, loop, { error });
      }
      if (signal.aborted) break;
      // Yield to the event loop even when the next step is due now.
      await pause(scope, waitMs, signal);
    }
  }

  function ensureScopes(): void {
    if (stopped) return;
    const wanted = new Map(deps.scopes().map((scope) => [scopeId(scope), scope]));
    for (const [id, scope] of wanted) {
      if (running.has(id)) continue;
      const controller = new AbortController();
      running.set(id, controller);
      for (const loop of loops) void run(scope, loop, controller.signal);
    }
    for (const [id, controller] of running) {
      if (wanted.has(id)) continue;
      controller.abort();
      running.delete(id);
    }
  }

  let scopeTimer: ReturnType<typeof setInterval> | undefined;

  return {
    start(): void {
      stopped = false;
      ensureScopes();
      scopeTimer ??= setInterval(ensureScopes, 5000);
      scopeTimer.unref?.();
    },
    stop(): void {
      stopped = true;
      if (scopeTimer) clearInterval(scopeTimer);
      scopeTimer = undefined;
      for (const controller of running.values()) controller.abort();
      running.clear();
    },
    /** Someone opened this session: read it first (a session never seen is backfilled). Never rejects. */
    async want(scope: Scope, ref: SessionRef): Promise<void> {
      try {
        await deps.store.wantSession(scope, ref, deps.now());
      } catch (error) {
        reportStoreFailure(error);
      }
      ensureScopes();
      wake(scope);
    },
    /** EventBridge said this participant changed: its events are read next (its session listed first if it is new). */
    async wantParticipant(scope: Scope, ref: ParticipantRef): Promise<void> {
      try {
        if (!(await deps.store.wantParticipant(scope, ref, deps.now())))
          await deps.store.wantSession(scope, ref, deps.now(), true);
      } catch (error) {
        reportStoreFailure(error);
      }
      const map = hintsOf(scope);
      if (!map.has(participantKey(ref))) map.set(participantKey(ref), deps.now());
      ensureScopes();
      wake(scope);
    },
    /** Stages changed (EventBridge): list them again now. */
    wantStages(scope: Scope): void {
      stagesReadAt.delete(scopeId(scope));
      wake(scope);
    },
    ensureScopes,
    /**
     * The newest error of a loop of this scope that is failing now with a passing fault (throttled, 5xx, network),
     * if any: what the views show as "degraded" until the loop succeeds again.
     */
    degraded(scope: Scope): { code: string; message: string } | undefined {
      let worst: LoopStatus["lastError"];
      for (const loop of loops) {
        const entry = status.get(`${scopeId(scope)}\u0000${loop}`);
        if (entry && entry.failures > 0 && entry.lastError?.retryable && (!worst || entry.lastError.at > worst.at))
          worst = entry.lastError;
      }
      return worst ? { code: worst.code, message: worst.message } : undefined;
    },
    status(): Record<string, LoopStatus> {
      return Object.fromEntries(status);
    },
  };
}

export type Collector = ReturnType<typeof createCollector>;
