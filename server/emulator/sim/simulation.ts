import type { Clock } from "../clock";
import type { Scope } from "../world/ids";
import { createRandom } from "../world/random";
import type { CompositionRecord, RegionStore, World, WorldLifecycle } from "../world/store";
import { compositionControl } from "./compositions";
import { scopeKey, type SimContext } from "./context";
import { ingestPublish, ingestStop, type IngestPublishRequest } from "./ingest";
import type { ParticipantRef, SimOutcome } from "./kit";
import * as participants from "./participants";
import { recordingHooks } from "./recording";
import { replicationHooks } from "./replication";
import { sessionHooks } from "./sessions";
import { dumpState } from "./state";
import { createTimers } from "./timers";
import { defaultTiming, type SimTiming } from "./timing";

/**
 * The living world: simulated participants and encoders plus the clock-driven lifecycles of sessions,
 * compositions, individual recordings and replication windows. `createSimulation` installs its lifecycle
 * hooks into the world (replacing the immediate defaults of store.ts), so API handlers sharing the world
 * (`handlersFor(world)`) see the same timings.
 */

export interface SimulationOptions {
  readonly world: World;
  /** The world's clock (must be the clock the world reads). */
  readonly clock: Clock;
  readonly timing?: Partial<SimTiming>;
  /** Seed for client facts; without it they come from the world's PRNG. */
  readonly seed?: number | string;
}

export interface Simulation {
  readonly world: World;
  readonly clock: Clock;
  readonly timing: SimTiming;

  /** Join with a token (or a minted one); see participants.ts. */
  join(scope: Scope, request: participants.JoinRequest): SimOutcome;
  publish(scope: Scope, ref: ParticipantRef): SimOutcome;
  unpublish(scope: Scope, ref: ParticipantRef): SimOutcome;
  subscribe(scope: Scope, ref: ParticipantRef, targetParticipantId: string): SimOutcome;
  unsubscribe(scope: Scope, ref: ParticipantRef, targetParticipantId: string): SimOutcome;
  leave(scope: Scope, ref: ParticipantRef): SimOutcome;
  drop(scope: Scope, ref: ParticipantRef): SimOutcome;
  reconnect(scope: Scope, ref: ParticipantRef): SimOutcome;
  fail(scope: Scope, ref: ParticipantRef, failure: participants.FailureSpec): SimOutcome;

  /** An RTMP(S) encoder starts / stops streaming with a stream key. */
  ingestPublish(scope: Scope, request: IngestPublishRequest): SimOutcome;
  ingestStop(scope: Scope, request: { readonly streamKey: string }): SimOutcome;

  /** Destination output failure: RECONNECTING, then FAILED (or ACTIVE again with `recover`). */
  failDestination(
    scope: Scope,
    compositionArn: string,
    destinationId: string,
    options?: { readonly recover?: boolean },
  ): CompositionRecord;
  /** The composition pipeline fails: FAILED at once. */
  failComposition(scope: Scope, compositionArn: string): CompositionRecord;
  /** After a restore: the composition's timers from its saved state (see `CompositionControl.resume`). */
  resumeComposition(scope: Scope, composition: CompositionRecord): void;

  /** Forget one account and region (world state, simulated clients, pending timers), or everything. */
  reset(scope?: Scope): void;
  /** The state dump of `GET /_emulator/state` (tokens and stream keys masked). */
  state(scope: Scope): ReturnType<typeof dumpState>;
  /** Simulation timers not yet fired. */
  pendingTimers(): number;
}

function composeLifecycle(
  ctx: SimContext,
  compositionHooks: ReturnType<typeof compositionControl>["hooks"],
): Partial<WorldLifecycle> {
  const sessions = sessionHooks(ctx);
  return {
    ...recordingHooks(ctx),
    ...replicationHooks(ctx),
    compositionStarted: compositionHooks.compositionStarted,
    compositionStopRequested: compositionHooks.compositionStopRequested,
    participantJoined: sessions.participantJoined,
    participantLeft: sessions.participantLeft,
    publishingChanged: compositionHooks.publishingChanged,
  };
}

export function createSimulation(options: SimulationOptions): Simulation {
  const { world, clock } = options;
  const ctx: SimContext = {
    world,
    clock,
    timers: createTimers(clock),
    timing: { ...defaultTiming, ...options.timing },
    random: options.seed === undefined ? world.random : createRandom(`${options.seed}/clients`),
    clients: new Map(),
  };
  const compositions = compositionControl(ctx);
  world.lifecycle = { ...world.lifecycle, ...composeLifecycle(ctx, compositions.hooks) };
  const region = (scope: Scope): RegionStore => world.region(scope);

  function forget(prefix: string): void {
    ctx.timers.clearPrefix(prefix);
    for (const key of [...ctx.clients.keys()]) if (key.startsWith(prefix)) ctx.clients.delete(key);
  }

  return {
    world,
    clock,
    timing: ctx.timing,
    join: (scope, request) => participants.join(ctx, scope, request),
    publish: (scope, ref) => participants.publish(ctx, scope, ref),
    unpublish: (scope, ref) => participants.unpublish(ctx, scope, ref),
    subscribe: (scope, ref, target) => participants.subscribe(ctx, scope, ref, target),
    unsubscribe: (scope, ref, target) => participants.unsubscribe(ctx, scope, ref, target),
    leave: (scope, ref) => participants.leave(ctx, scope, ref),
    drop: (scope, ref) => participants.drop(ctx, scope, ref),
    reconnect: (scope, ref) => participants.reconnect(ctx, scope, ref),
    fail: (scope, ref, failure) => participants.fail(ctx, scope, ref, failure),
    ingestPublish: (scope, request) => ingestPublish(ctx, scope, request),
    ingestStop: (scope, request) => ingestStop(ctx, scope, request),
    failDestination: (scope, arn, destinationId, failOptions) =>
      compositions.failDestination(region(scope), arn, destinationId, failOptions?.recover ?? false),
    failComposition: (scope, arn) => compositions.fail(region(scope), arn),
    resumeComposition: (scope, composition) => compositions.resume(region(scope), composition),
    reset(scope) {
      forget(scope === undefined ? "" : `${scopeKey(scope)}|`);
      world.reset(scope);
    },
    state: (scope) => dumpState(ctx, scope),
    pendingTimers: () => ctx.timers.size(),
  };
}
