import { conflict, notFound } from "../errors";
import { isoTime } from "../world/data";
import { activeSession, sessionParticipants } from "../world/live/sessions";
import {
  beginCompositionStop,
  failComposition,
  finishCompositionStop,
  isRunningComposition,
  removeComposition,
  requireComposition,
  type CompositionRecord,
  type RegionStore,
  type WorldLifecycle,
} from "../world/store";
import type { Destination } from "../world/shapes";
import { nameIn, type SimContext } from "./context";

/**
 * The composition state machine on the clock (api §10.3):
 * - STARTING → ACTIVE after `compositionStartDelayMs`, destinations STARTING → ACTIVE with `startTime`;
 * - StopComposition (or DeleteStage): STOPPING → STOPPED after `compositionStopDelayMs`, `endTime` on the
 *   composition and its destinations;
 * - a running composition stops by itself when nobody has published on its stage for
 *   `compositionIdleStopMs` (also when it starts on an empty stage), and after `compositionMaxDurationMs`;
 * - STOPPED or FAILED compositions are deleted `compositionRemovalDelayMs` later (their idempotency token is
 *   forgotten with them);
 * - injected destination failures: ACTIVE → RECONNECTING → ACTIVE (recovered) or FAILED; the composition
 *   FAILS once none of its destinations is STARTING, ACTIVE or RECONNECTING;
 * - after a restore (`resume`), the timers are armed again from the saved state and timestamps.
 * The transitions themselves (STOPPING, STOPPED, FAILED, removal) are `world/store.ts`'s, so the API handlers
 * and this machine change a composition the same way.
 */

type Phase = "start" | "idle" | "cap" | "stop" | "remove";

const timerName = (store: RegionStore, composition: CompositionRecord, ...parts: string[]) =>
  nameIn(store, "composition", composition.arn, ...parts);

/** Whether anyone publishes on the stage right now. */
function stagePublishing(store: RegionStore, stageArn: string): boolean {
  const stage = store.stages.get(stageArn);
  const session = stage ? activeSession(store, stage) : undefined;
  return (
    session !== undefined && sessionParticipants(store, session.sessionId).some((participant) => participant.publishing)
  );
}

const liveDestination = (destination: Destination) =>
  destination.state === "STARTING" || destination.state === "ACTIVE" || destination.state === "RECONNECTING";

export interface CompositionControl {
  readonly hooks: Pick<WorldLifecycle, "compositionStarted" | "compositionStopRequested" | "publishingChanged">;
  /** A destination's output fails: RECONNECTING now, then ACTIVE again (`recover`) or FAILED. */
  failDestination(
    store: RegionStore,
    compositionArn: string,
    destinationId: string,
    recover: boolean,
  ): CompositionRecord;
  /** The composition's pipeline fails: FAILED now (destinations too), deleted later. */
  fail(store: RegionStore, compositionArn: string): CompositionRecord;
  /**
   * After a restore: a running composition starts its timers again (STARTING → ACTIVE, cap from `startTime`,
   * idle rule) and a RECONNECTING destination reconnects; a STOPPING one stops; a STOPPED or FAILED one is
   * deleted `compositionRemovalDelayMs` after its `endTime` (at once if that has passed).
   */
  resume(store: RegionStore, composition: CompositionRecord): void;
}

export function compositionControl(ctx: SimContext): CompositionControl {
  const set = (store: RegionStore, composition: CompositionRecord, phase: Phase, delayMs: number, fn: () => void) =>
    ctx.timers.set(timerName(store, composition, phase), ctx.clock.now() + delayMs, fn);

  const clearAll = (store: RegionStore, composition: CompositionRecord) =>
    ctx.timers.clearPrefix(`${timerName(store, composition)}|`);

  function activate(composition: CompositionRecord): void {
    if (composition.state !== "STARTING") return;
    const now = isoTime(ctx.clock.now());
    composition.state = "ACTIVE";
    for (const destination of composition.destinations) {
      if (destination.state !== "STARTING") continue;
      destination.state = "ACTIVE";
      destination.startTime = now;
    }
  }

  function scheduleRemoval(
    store: RegionStore,
    composition: CompositionRecord,
    delayMs = ctx.timing.compositionRemovalDelayMs,
  ) {
    clearAll(store, composition);
    set(store, composition, "remove", delayMs, () => {
      if (store.compositions.get(composition.arn) === composition) removeComposition(store, composition.arn);
    });
  }

  /** Arms or cancels the idle auto-stop of a running composition from whether its stage has a publisher. */
  function watchIdle(store: RegionStore, composition: CompositionRecord): void {
    const name = timerName(store, composition, "idle");
    if (!isRunningComposition(composition) || stagePublishing(store, composition.stageArn)) {
      ctx.timers.clear(name);
      return;
    }
    if (ctx.timers.has(name)) return;
    set(store, composition, "idle", ctx.timing.compositionIdleStopMs, () => beginCompositionStop(store, composition));
  }

  function endIfNoDestinationLeft(store: RegionStore, composition: CompositionRecord): void {
    if (!isRunningComposition(composition) || composition.destinations.some(liveDestination)) return;
    failComposition(store, composition);
    scheduleRemoval(store, composition);
  }

  function destinationFailed(store: RegionStore, composition: CompositionRecord, destination: Destination): void {
    if (destination.state !== "RECONNECTING") return;
    destination.state = "FAILED";
    destination.endTime = isoTime(ctx.clock.now());
    endIfNoDestinationLeft(store, composition);
  }

  function destinationRecovered(destination: Destination): void {
    if (destination.state !== "RECONNECTING") return;
    destination.state = "ACTIVE";
    destination.startTime ??= isoTime(ctx.clock.now());
  }

  const hooks: CompositionControl["hooks"] = {
    compositionStarted(store, composition) {
      set(store, composition, "start", ctx.timing.compositionStartDelayMs, () => activate(composition));
      const capInMs = Date.parse(composition.startTime) + ctx.timing.compositionMaxDurationMs - ctx.clock.now();
      set(store, composition, "cap", capInMs, () => beginCompositionStop(store, composition));
      watchIdle(store, composition);
    },
    compositionStopRequested(store, composition) {
      clearAll(store, composition);
      set(store, composition, "stop", ctx.timing.compositionStopDelayMs, () => {
        finishCompositionStop(store, composition);
        scheduleRemoval(store, composition);
      });
    },
    publishingChanged(store, participant) {
      for (const composition of store.compositions.values()) {
        if (composition.stageArn === participant.stageArn) watchIdle(store, composition);
      }
    },
  };

  function failDestination(
    store: RegionStore,
    compositionArn: string,
    destinationId: string,
    recover: boolean,
  ): CompositionRecord {
    const composition = requireComposition(store, compositionArn);
    const destination = composition.destinations.find((d) => d.id === destinationId);
    if (!destination) throw notFound(`Destination ${destinationId} not found in composition ${compositionArn}.`);
    if (!isRunningComposition(composition) || (destination.state !== "ACTIVE" && destination.state !== "STARTING")) {
      throw conflict(
        `Destination ${destinationId} is ${destination.state} in a ${composition.state} composition; only a STARTING or ACTIVE destination of a running composition can fail.`,
      );
    }
    destination.state = "RECONNECTING";
    ctx.timers.set(
      timerName(store, composition, "destination", destination.id),
      ctx.clock.now() + ctx.timing.destinationReconnectMs,
      () => {
        if (recover) destinationRecovered(destination);
        else destinationFailed(store, composition, destination);
      },
    );
    return composition;
  }

  return {
    hooks,
    failDestination,
    fail(store, compositionArn) {
      const composition = requireComposition(store, compositionArn);
      if (!isRunningComposition(composition)) {
        throw conflict(
          `Composition ${compositionArn} is ${composition.state}; only a STARTING or ACTIVE composition can fail.`,
        );
      }
      failComposition(store, composition);
      scheduleRemoval(store, composition);
      return composition;
    },
    resume(store, composition) {
      switch (composition.state) {
        case "STARTING":
        case "ACTIVE": {
          const reconnecting = composition.destinations.filter((destination) => destination.state === "RECONNECTING");
          for (const destination of reconnecting) destination.state = "ACTIVE";
          hooks.compositionStarted(store, composition);
          for (const destination of reconnecting) failDestination(store, composition.arn, destination.id, true);
          return;
        }
        case "STOPPING":
          hooks.compositionStopRequested(store, composition);
          return;
        default: {
          const endMs = Date.parse(composition.endTime ?? composition.startTime);
          scheduleRemoval(
            store,
            composition,
            Math.max(0, endMs + ctx.timing.compositionRemovalDelayMs - ctx.clock.now()),
          );
        }
      }
    },
  };
}
