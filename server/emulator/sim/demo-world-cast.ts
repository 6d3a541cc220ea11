import { operations, type OperationName } from "@/lib/ivs/operations";
import type { z } from "zod";
import type { Clock } from "../clock";
import type { HandlerInput, HandlerOutput, OperationHandlers } from "../contract";
import { EmulatorError } from "../errors";
import type { Logger } from "../http/logger";
import type { Scope } from "../world/ids";
import { activeSession } from "../world/live/sessions";
import type { Random } from "../world/random";
import {
  participantKey,
  type IngestConfigurationRecord,
  type ParticipantRecord,
  type RegionStore,
  type SessionRecord,
  type StageRecord,
  type World,
} from "../world/store";
import { tokenDurationMinutes, type Band, type PersonaSpec, type ShowSpec } from "./demo-world-data";
import { maxPublishersPerStage, type ParticipantRef } from "./kit";
import type { Simulation } from "./simulation";
import { createTimers, type Timers } from "./timers";

/**
 * The demo world's cast and its stagehand: who takes part in a show (`ShowRuntime`, `PersonaRuntime`), and
 * the moves the activity and the incidents are made of (a persona joins or rejoins with its token, leaves,
 * subscribes to whoever publishes…), all through the simulation's public functions.
 */

export type Phase = "off-air" | "on-air" | "wrap-up";
export type Role = "host" | "guest" | "viewer" | "encoder";

export interface PersonaRuntime {
  readonly spec: PersonaSpec;
  readonly role: Role;
  /** The participant id of its token (undefined until it first joins; encoders: the ingest configuration's). */
  participantId?: string;
  /** Guests and viewers: when they leave the stage. */
  leaveAtMs?: number;
  /** In the middle of an incident (a follow-up is pending): the scheduler leaves it alone. */
  busy: boolean;
  /** Its record in the session it was last seen in (a session keeps the same record object). */
  seen?: ParticipantRecord;
}

export interface ShowRuntime {
  readonly spec: ShowSpec;
  readonly scope: Scope;
  readonly stageArn: string;
  phase: Phase;
  /** The current (on-air, wrap-up) or next (off-air) session window: [start, end] in epoch ms. */
  window: [number, number];
  /** Scripted windows still to come. */
  readonly upcoming: [number, number][];
  sessionStartMs: number;
  lastTickMs: number;
  guestTarget: number;
  viewerTarget: number;
  retargetAtMs: number;
  compositionArn?: string;
  readonly personas: PersonaRuntime[];
  /** The show's stage is gone (deleted through the API, or the region was reset): it stops playing. */
  retired: boolean;
}

/** What the activity needs from the emulator. */
export interface ActivityDeps {
  readonly world: World;
  readonly sim: Simulation;
  readonly clock: Clock;
  readonly random: Random;
  readonly handlers: OperationHandlers;
  readonly logger?: Logger;
}

/** One show's stage as it is now. */
export interface View {
  readonly store: RegionStore;
  readonly stage: StageRecord;
  readonly session: SessionRecord | undefined;
}

// ---- calling the API in-process ------------------------------------------------------------------------------

export type OperationRequest<N extends OperationName> = z.input<(typeof operations)[N]["input"]>;

/** Runs one IVS operation against the world, with the input validated exactly as the HTTP API validates it. */
export function callOperation<N extends OperationName>(
  handlers: OperationHandlers,
  scope: Scope,
  name: N,
  input: OperationRequest<N>,
): HandlerOutput<N> {
  const parsed = operations[name].input.parse(input) as HandlerInput<N>;
  const handler = handlers[name] as (
    input: HandlerInput<N>,
    ctx: object,
  ) => HandlerOutput<N> | Promise<HandlerOutput<N>>;
  const output = handler(parsed, { ...scope, requestId: "demo-world", operation: name });
  if (output instanceof Promise)
    throw new Error(`${name} answered asynchronously; the demo world needs synchronous handlers`);
  return output;
}

export const minute = 60_000;
const isStatus = (error: unknown, status: number) => error instanceof EmulatorError && error.status === status;

export type Stagehand = ReturnType<typeof createStagehand>;

/** The moves and the reading of the world shared by the activity and the incidents. */
export function createStagehand(deps: ActivityDeps) {
  const { world, sim, clock, random } = deps;
  const timers: Timers = createTimers(clock);
  let errorsLogged = 0;

  const draw = ([low, high]: Band) => low + random.next() * (high - low);
  const drawInt = ([low, high]: Band) => Math.round(draw([low, high]));
  /** A random duration in whole milliseconds (`band` in `unit`s): whole-ms times keep a history independent of its start time. */
  const duration = (band: Band, unit: number) => Math.round(draw(band) * unit);
  const chance = (probability: number) => random.next() < probability;
  const choose = <T>(items: readonly T[]): T | undefined =>
    items.length === 0 ? undefined : items[random.int(items.length)];

  // ---- reading the world ----

  function view(show: ShowRuntime): View | undefined {
    const store = world.region(show.scope);
    const stage = store.stages.get(show.stageArn);
    if (!stage) return undefined;
    return { store, stage, session: activeSession(store, stage) };
  }

  function ingestOf(store: RegionStore, persona: PersonaRuntime): IngestConfigurationRecord | undefined {
    return [...store.ingestConfigurations.values()].find((config) => config.name === persona.spec.key);
  }

  /** Its record in the active session (encoders: the participant id of their ingest configuration). */
  function recordOf(v: View, persona: PersonaRuntime): ParticipantRecord | undefined {
    const id = persona.participantId;
    const session = v.session;
    if (id === undefined || session === undefined) return undefined;
    const seen = persona.seen;
    if (seen !== undefined && seen.sessionId === session.sessionId && seen.data.participantId === id) return seen;
    const record = v.store.participants.get(participantKey(session.sessionId, id));
    if (record !== undefined) persona.seen = record;
    return record;
  }

  /** The show's cast members publishing right now. */
  const publishersOf = (show: ShowRuntime, v: View): ParticipantRecord[] =>
    show.personas
      .map((persona) => recordOf(v, persona))
      .filter(
        (record): record is ParticipantRecord => record?.publishing === true && record.data.state === "CONNECTED",
      );

  const isConnected = (v: View, persona: PersonaRuntime) => recordOf(v, persona)?.data.state === "CONNECTED";
  const isPublishing = (v: View, persona: PersonaRuntime) => {
    const record = recordOf(v, persona);
    return record?.data.state === "CONNECTED" && record.publishing;
  };
  const refOf = (show: ShowRuntime, persona: PersonaRuntime): ParticipantRef => ({
    stageArn: show.stageArn,
    participantId: persona.participantId ?? "",
  });
  const canPublish = (persona: PersonaRuntime) => persona.spec.capabilities.includes("PUBLISH");
  const canSubscribe = (persona: PersonaRuntime) => persona.spec.capabilities.includes("SUBSCRIBE");
  const roles = new WeakMap<ShowRuntime, Map<Role, PersonaRuntime[]>>();
  const byRole = (show: ShowRuntime, role: Role): PersonaRuntime[] => {
    let groups = roles.get(show);
    if (!groups) {
      groups = new Map();
      for (const persona of show.personas) groups.set(persona.role, [...(groups.get(persona.role) ?? []), persona]);
      roles.set(show, groups);
    }
    return groups.get(role) ?? [];
  };
  const connectedOf = (v: View, personas: readonly PersonaRuntime[]) =>
    personas.filter((persona) => isConnected(v, persona));
  const publishingCount = (v: View) =>
    v.session === undefined
      ? 0
      : [...v.store.participants.values()].filter((p) => p.sessionId === v.session?.sessionId && p.publishing).length;

  // ---- moves ----

  /** The persona joins (or rejoins with its token) and, if asked, starts publishing. */
  function bring(show: ShowRuntime, persona: PersonaRuntime, publish: boolean): void {
    const v = view(show);
    if (!v) return;
    if (persona.role === "encoder") return startEncoder(show, v, persona);
    const now = clock.now();
    const token = persona.participantId === undefined ? undefined : v.store.tokens.get(persona.participantId);
    const usable =
      token !== undefined &&
      token.stageArn === show.stageArn &&
      !token.revoked &&
      token.expiresAtMs > now + 60 * minute;
    if (token !== undefined && usable) {
      if (!isConnected(v, persona)) {
        try {
          sim.reconnect(show.scope, refOf(show, persona));
        } catch (error) {
          // After a restart the simulation does not know this client yet: join with its token instead.
          if (!isStatus(error, 404)) throw error;
          sim.join(show.scope, { stageArn: show.stageArn, token: token.data.token });
        }
      }
    } else {
      const { spec } = persona;
      const joined = sim.join(show.scope, {
        stageArn: show.stageArn,
        ...(spec.userId === "" ? {} : { userId: spec.userId }),
        attributes: { ...spec.attributes },
        capabilities: [...spec.capabilities],
        duration: tokenDurationMinutes,
      });
      persona.participantId = joined.participant.data.participantId;
    }
    const after = view(show);
    if (!after || !isConnected(after, persona)) return;
    if (publish && canPublish(persona)) sim.publish(show.scope, refOf(show, persona));
    subscribeAll(show, after, persona, publishersOf(show, after), Number.POSITIVE_INFINITY);
  }

  /** The encoder streams on its key and, for a redundant configuration, on every backup path's key too. */
  function startEncoder(show: ShowRuntime, v: View, persona: PersonaRuntime): void {
    const config = ingestOf(v.store, persona);
    if (!config || config.stageArn !== show.stageArn) return;
    persona.participantId = config.participantId;
    const paths = [
      { participantId: config.participantId, streamKey: config.streamKey },
      ...(config.redundantIngestCredentials ?? []).map((credential) => ({
        participantId: credential.participantId ?? "",
        streamKey: credential.streamKey ?? "",
      })),
    ];
    for (const path of paths) {
      const session = v.session;
      const live =
        session &&
        v.store.participants.get(participantKey(session.sessionId, path.participantId))?.data.state === "CONNECTED";
      if (live) continue;
      // A full stage would refuse it (QUOTA_EXCEEDED) at every move: the encoder waits for a free slot instead.
      if (publishingCount(v) >= maxPublishersPerStage) return;
      try {
        sim.ingestPublish(show.scope, { streamKey: path.streamKey, protocol: config.ingestProtocol });
      } catch (error) {
        if (!(error instanceof EmulatorError)) throw error; // refused (key detached meanwhile): try again later
      }
    }
  }

  function depart(show: ShowRuntime, v: View, persona: PersonaRuntime): void {
    if (!isConnected(v, persona)) return;
    if (persona.role === "encoder") {
      const config = ingestOf(v.store, persona);
      if (!config) return;
      for (const credential of config.redundantIngestCredentials ?? []) {
        try {
          if (credential.streamKey) sim.ingestStop(show.scope, { streamKey: credential.streamKey });
        } catch (error) {
          if (!(error instanceof EmulatorError)) throw error; // that path was not live
        }
      }
      sim.ingestStop(show.scope, { streamKey: config.streamKey });
      return;
    }
    sim.leave(show.scope, refOf(show, persona));
  }

  /** A connected subscriber subscribes to the publishers it does not watch yet (up to `budget`); returns what is left. */
  function subscribeAll(
    show: ShowRuntime,
    v: View,
    persona: PersonaRuntime,
    publishers: readonly ParticipantRecord[],
    budget: number,
  ): number {
    if (persona.role === "encoder" || !canSubscribe(persona) || persona.busy) return budget;
    const record = recordOf(v, persona);
    if (record?.data.state !== "CONNECTED") return budget;
    // Subscriptions only ever point at current publishers, so a full set means nothing is missing.
    const own = record.publishing ? 1 : 0;
    if (record.subscriptions.size >= publishers.length - own) return budget;
    for (const publisher of publishers) {
      if (budget <= 0) break;
      const id = publisher.data.participantId;
      if (id === persona.participantId || record.subscriptions.has(id) || !publisher.publishing) continue;
      sim.subscribe(show.scope, refOf(show, persona), id);
      budget--;
    }
    return budget;
  }

  /** Runs `fn` after `delay` (virtual ms) unless the show wraps up first; the persona is busy meanwhile. */
  function later(show: ShowRuntime, persona: PersonaRuntime, name: string, delayMs: number, fn: () => void): void {
    persona.busy = true;
    timers.set(`${show.stageArn}|${persona.spec.key}|${name}`, clock.now() + delayMs, () =>
      guarded(show, () => {
        persona.busy = false;
        if (show.phase !== "on-air" || show.retired) return;
        fn();
      }),
    );
  }

  /** Runs `fn`; a failed move (the world changed under it, e.g. through the API) is logged, not thrown. */
  function guarded(show: ShowRuntime, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (errorsLogged < 20) {
        errorsLogged++;
        deps.logger?.warn("demo world: a simulated move failed", {
          stage: show.spec.stage,
          region: show.scope.region,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  return {
    sim,
    clock,
    timers,
    handlers: deps.handlers,
    draw,
    drawInt,
    duration,
    chance,
    choose,
    view,
    ingestOf,
    recordOf,
    publishersOf,
    isConnected,
    isPublishing,
    refOf,
    canPublish,
    byRole,
    connectedOf,
    publishingCount,
    bring,
    depart,
    subscribeAll,
    later,
    guarded,
  };
}

/** The cast of a show: hosts, guests, the generated audience and its encoders (keyed by ingest configuration name). */
export function castOf(spec: ShowSpec, random: Random): PersonaRuntime[] {
  const persona = (personaSpec: PersonaSpec, role: Role): PersonaRuntime => ({ spec: personaSpec, role, busy: false });
  return [
    ...spec.hosts.map((host) => persona(host, "host")),
    ...spec.encoders.map((name) =>
      persona({ key: name, userId: name, attributes: {}, capabilities: ["PUBLISH"], publishes: true }, "encoder"),
    ),
    ...spec.guests.personas.map((guest) => persona(guest, "guest")),
    ...Array.from({ length: spec.viewers.count }, (_, index) =>
      persona(spec.viewers.make(index + 1, random), "viewer"),
    ),
  ];
}
