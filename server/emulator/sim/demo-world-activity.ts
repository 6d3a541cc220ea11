import { isRunningComposition, type RegionStore } from "../world/store";
import {
  callOperation,
  createStagehand,
  minute,
  type ActivityDeps,
  type OperationRequest,
  type Phase,
  type Role,
  type ShowRuntime,
  type View,
} from "./demo-world-cast";
import { retention, type IncidentKind } from "./demo-world-data";
import { createIncidents } from "./demo-world-incidents";
import { maxPublishersPerStage } from "./kit";

/**
 * The demo world's activity: one scheduler per show on the emulator clock. While a show is on air its hosts
 * are on stage, guests come and go, the audience grows and shrinks, everyone subscribes to whoever publishes,
 * and now and then something goes wrong (demo-world-incidents.ts). At the end of its window the show wraps up
 * (composition stopped, audience first, hosts last), the stage session ends two minutes later, and the next
 * session starts after a break. Everything goes through the simulation's public functions and the API
 * handlers, so the IVS API shows exactly what the control API would have produced.
 *
 * The world stays bounded: each show has a fixed cast (a participant id per persona, reused across sessions),
 * sessions end on a schedule, and `prune` forgets the oldest ended sessions of the demo stages.
 */

export interface ActivitySnapshot {
  readonly version: 1;
  readonly shows: readonly {
    readonly region: string;
    readonly stage: string;
    readonly stageArn: string;
    readonly phase: Phase;
    readonly window: readonly [number, number];
    readonly upcoming: readonly (readonly [number, number])[];
    readonly sessionStartMs: number;
    readonly compositionArn?: string;
    /** Persona key → participant id. */
    readonly personas: Readonly<Record<string, string>>;
  }[];
}

export interface DemoActivity {
  readonly shows: readonly ShowRuntime[];
  /** Makes an incident happen on a show now, if it is on air and someone fits the part. */
  incident(show: ShowRuntime, kind: IncidentKind): boolean;
  /** Forgets ended sessions of the demo stages beyond the retention rules, and expired tokens of the cast. */
  prune(): void;
  /** Stops every timer of the activity (the world stays as it is). */
  stop(): void;
  snapshot(): ActivitySnapshot;
}

export function startActivity(deps: ActivityDeps, shows: ShowRuntime[]): DemoActivity {
  const hand = createStagehand(deps);
  const { sim, clock, timers, handlers, duration, drawInt, chance, choose, view, isConnected, isPublishing, refOf } =
    hand;
  const { byRole, connectedOf, publishersOf, publishingCount, bring, depart, subscribeAll, guarded } = hand;
  const { incident, lateSubscribe } = createIncidents(hand);

  function nextWindow(show: ShowRuntime, afterMs: number): [number, number] {
    while (show.upcoming.length > 0) {
      const scripted = show.upcoming.shift();
      if (scripted && scripted[1] > afterMs + minute) return [Math.max(scripted[0], afterMs + 30_000), scripted[1]];
    }
    const start = afterMs + duration(show.spec.schedule.offAirMinutes, minute);
    return [start, start + duration(show.spec.schedule.onAirMinutes, minute)];
  }

  function retarget(show: ShowRuntime, now: number): void {
    show.guestTarget = drawInt(show.spec.guests.target);
    show.viewerTarget = drawInt(show.spec.viewers.target);
    show.retargetAtMs = now + duration([5, 12], minute);
  }

  function beginSession(show: ShowRuntime, now: number): void {
    show.phase = "on-air";
    show.sessionStartMs = now;
    retarget(show, now);
    for (const persona of show.personas) {
      persona.busy = false;
      delete persona.leaveAtMs;
    }
  }

  function beginWrapUp(show: ShowRuntime, v: View): void {
    show.phase = "wrap-up";
    timers.clearPrefix(`${show.stageArn}|`);
    for (const persona of show.personas) persona.busy = false;
    const composition = show.compositionArn ? v.store.compositions.get(show.compositionArn) : undefined;
    if (composition && isRunningComposition(composition)) {
      callOperation(handlers, show.scope, "StopComposition", { arn: composition.arn });
    }
  }

  function onAir(show: ShowRuntime, v: View, now: number): void {
    const elapsed = Math.max(0, now - show.lastTickMs);
    if (now >= show.retargetAtMs) retarget(show, now);

    // Hosts and encoders are on stage all session (two entrances per move, so the opening is staggered).
    let entrances = 2;
    for (const persona of [...byRole(show, "host"), ...byRole(show, "encoder")]) {
      if (entrances === 0) break;
      if (persona.busy || isConnected(v, persona)) continue;
      bring(show, persona, persona.spec.publishes || persona.role === "encoder");
      entrances--;
    }

    // Guests come for a while, then go; some viewer may still try to watch the one who just left.
    const guests = byRole(show, "guest");
    for (const guest of connectedOf(v, guests)) {
      guest.leaveAtMs ??= now + duration(show.spec.guests.stayMinutes, minute); // (after a restart)
      if (guest.busy || guest.leaveAtMs > now) continue;
      const id = guest.participantId;
      depart(show, v, guest);
      if (id !== undefined && chance(0.5)) lateSubscribe(show, id);
    }
    const onStage = connectedOf(v, guests).length;
    if (onStage < show.guestTarget && chance(0.25)) {
      const guest = choose(guests.filter((persona) => !persona.busy && !isConnected(v, persona)));
      if (guest) {
        bring(show, guest, guest.spec.publishes);
        guest.leaveAtMs = now + duration(show.spec.guests.stayMinutes, minute);
      }
    }
    // Someone refused by the publisher quota (a guest, or a host back from a drop while the stage was full)
    // tries again once a slot is free.
    const waiting = show.personas.find(
      (persona) =>
        (persona.role === "host" || persona.role === "guest") &&
        persona.spec.publishes &&
        !persona.busy &&
        isConnected(v, persona) &&
        !isPublishing(v, persona),
    );
    if (waiting && chance(0.2) && publishingCount(v) < maxPublishersPerStage)
      sim.publish(show.scope, refOf(show, waiting));

    // The audience: each viewer stays a while; newcomers keep it near its (drifting) target.
    const viewers = byRole(show, "viewer");
    for (const viewer of connectedOf(v, viewers)) {
      viewer.leaveAtMs ??= now + duration(show.spec.viewers.stayMinutes, minute);
      if (!viewer.busy && viewer.leaveAtMs <= now) depart(show, v, viewer);
    }
    const watching = connectedOf(v, viewers);
    if (watching.length < show.viewerTarget) {
      for (let arrivals = chance(0.4) ? 2 : 1; arrivals > 0; arrivals--) {
        const viewer = choose(viewers.filter((candidate) => !candidate.busy && !isConnected(v, candidate)));
        if (!viewer) break;
        bring(show, viewer, false);
        viewer.leaveAtMs = now + duration(show.spec.viewers.stayMinutes, minute);
      }
    } else if (watching.length > show.viewerTarget + 2 && chance(0.3)) {
      const early = watching
        .filter((viewer) => !viewer.busy)
        .sort((a, b) => (a.leaveAtMs ?? 0) - (b.leaveAtMs ?? 0))[0];
      if (early) depart(show, v, early);
    }

    // Everyone watches whoever publishes (clients subscribe on their own within a moment).
    let budget = 60;
    const publishers = publishersOf(show, v);
    for (const persona of show.personas) budget = subscribeAll(show, v, persona, publishers, budget);

    // Incidents, at their hourly rates.
    for (const [kind, perHour] of Object.entries(show.spec.incidents) as [IncidentKind, number][]) {
      if (chance((perHour * elapsed) / (60 * minute))) incident(show, kind);
    }

    ensureComposition(show, v, now);
  }

  function ensureComposition(show: ShowRuntime, v: View, now: number): void {
    const spec = show.spec.composition;
    if (!spec || now - show.sessionStartMs < 45_000) return;
    const current = show.compositionArn ? v.store.compositions.get(show.compositionArn) : undefined;
    if (current && isRunningComposition(current)) return;
    if (!show.personas.some((persona) => isPublishing(v, persona))) return;
    const arnOf = (records: Iterable<{ readonly name: string; readonly arn: string }>, name: string) =>
      [...records].find((record) => record.name === name)?.arn;
    const destinations: OperationRequest<"StartComposition">["destinations"] = [];
    if (spec.channel) {
      const encoder = arnOf(v.store.encoderConfigurations.values(), spec.channel.encoder);
      destinations.push({
        name: "broadcast",
        channel: {
          channelArn: `arn:aws:ivs:${show.scope.region}:${show.scope.account}:channel/${spec.channel.channelId}`,
          ...(encoder ? { encoderConfigurationArn: encoder } : {}),
        },
      });
    }
    if (spec.s3) {
      const storage = arnOf(v.store.storageConfigurations.values(), spec.s3.storage);
      const encoder = arnOf(v.store.encoderConfigurations.values(), spec.s3.encoder);
      if (storage && encoder) {
        destinations.push({
          name: "archive",
          s3: {
            storageConfigurationArn: storage,
            encoderConfigurationArns: [encoder],
            recordingConfiguration: { format: "HLS", hlsConfiguration: { targetSegmentDurationSeconds: 4 } },
            thumbnailConfigurations: [{ targetIntervalSeconds: 30, storage: ["SEQUENTIAL", "LATEST"] }],
          },
        });
      }
    }
    if (destinations.length === 0) return;
    const { composition } = callOperation(handlers, show.scope, "StartComposition", {
      stageArn: show.stageArn,
      layout: spec.layout,
      destinations,
      tags: { ...spec.tags },
    });
    show.compositionArn = composition?.arn;
  }

  function wrapUp(show: ShowRuntime, v: View, now: number): void {
    const present = (role: Role) => connectedOf(v, byRole(show, role));
    const viewers = present("viewer");
    if (viewers.length > 0) {
      const batch = Math.max(2, Math.ceil(viewers.length / 4));
      for (const viewer of viewers.slice(0, batch)) depart(show, v, viewer);
      return;
    }
    const next = [present("guest"), present("encoder"), present("host")].find((group) => group.length > 0);
    if (next) {
      for (const persona of next) depart(show, v, persona);
      return;
    }
    show.phase = "off-air";
    show.window = nextWindow(show, now);
  }

  function tick(show: ShowRuntime): void {
    const now = clock.now();
    guarded(show, () => {
      const v = view(show);
      if (!v) {
        show.retired = true;
        return;
      }
      if (show.phase === "off-air" && now >= show.window[0]) beginSession(show, now);
      if (show.phase === "on-air" && now >= show.window[1]) beginWrapUp(show, v);
      if (show.phase === "on-air") onAir(show, v, now);
      else if (show.phase === "wrap-up") wrapUp(show, v, now);
    });
    show.lastTickMs = now;
    if (show.retired) return;
    const next =
      show.phase === "off-air"
        ? Math.max(show.window[0], now + 1_000)
        : now + duration(show.phase === "wrap-up" ? [2, 4] : show.spec.tickSeconds, 1000);
    timers.set(`tick|${show.stageArn}`, next, () => tick(show));
  }

  // ---- keeping the world bounded ----

  function prune(): void {
    const now = clock.now();
    const byRegion = new Map<RegionStore, Set<string>>();
    for (const show of shows) {
      const v = view(show);
      if (!v) continue;
      const doomed = byRegion.get(v.store) ?? new Set<string>();
      byRegion.set(v.store, doomed);
      const ended = [...v.store.sessions.values()]
        .filter((session) => session.stageArn === show.stageArn && session.endTime !== undefined)
        .sort((a, b) => b.startTime.localeCompare(a.startTime));
      let events = 0;
      ended.forEach((session, index) => {
        events += v.store.events.get(session.sessionId)?.length ?? 0;
        const tooOld = now - Date.parse(session.endTime ?? session.startTime) > retention.maxAgeMs;
        const beyond =
          index >= retention.maxEndedSessionsPerStage || (index > 0 && events > retention.maxEventsPerStage);
        if (tooOld || beyond) doomed.add(session.sessionId);
      });
      for (const token of v.store.tokens.values()) {
        if (token.stageArn === show.stageArn && token.expiresAtMs < now - 60 * minute)
          v.store.tokens.delete(token.participantId);
      }
    }
    for (const [store, doomed] of byRegion) {
      if (doomed.size === 0) continue;
      for (const id of doomed) {
        store.sessions.delete(id);
        store.events.delete(id);
      }
      for (const [key, participant] of store.participants)
        if (doomed.has(participant.sessionId)) store.participants.delete(key);
      const kept = store.replicas.filter(
        (replica) => !doomed.has(replica.sourceSessionId) && !doomed.has(replica.destinationSessionId),
      );
      store.replicas.splice(0, store.replicas.length, ...kept);
    }
  }

  const pruneEveryMs = 10 * minute;
  const schedulePrune = () =>
    timers.set("prune", clock.now() + pruneEveryMs, () => {
      try {
        prune();
      } finally {
        schedulePrune();
      }
    });

  for (const show of shows) {
    show.lastTickMs = clock.now();
    if (show.window[1] === 0) show.window = nextWindow(show, clock.now());
    tick(show);
  }
  schedulePrune();

  return {
    shows,
    incident: (show, kind) => {
      let happened = false;
      guarded(show, () => (happened = incident(show, kind)));
      return happened;
    },
    prune,
    stop: () => timers.clearPrefix(""),
    snapshot: () => ({
      version: 1,
      shows: shows
        .filter((show) => !show.retired)
        .map((show) => ({
          region: show.scope.region,
          stage: show.spec.stage,
          stageArn: show.stageArn,
          phase: show.phase,
          window: [show.window[0], show.window[1]] as const,
          upcoming: show.upcoming.map(([start, end]) => [start, end] as const),
          sessionStartMs: show.sessionStartMs,
          ...(show.compositionArn === undefined ? {} : { compositionArn: show.compositionArn }),
          personas: Object.fromEntries(
            show.personas
              .filter((persona) => persona.role !== "encoder" && persona.participantId !== undefined)
              .map((persona) => [persona.spec.key, persona.participantId ?? ""]),
          ),
        })),
    }),
  };
}
