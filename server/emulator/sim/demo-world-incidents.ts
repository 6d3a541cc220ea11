import type { EventErrorCode } from "@/lib/ivs/enums";
import { isoTime } from "../world/data";
import { appendEvent } from "../world/live/events";
import type { ParticipantEvent } from "../world/shapes";
import type { IssuedTokenRecord } from "../world/store";
import {
  callOperation,
  minute,
  type PersonaRuntime,
  type ShowRuntime,
  type Stagehand,
  type View,
} from "./demo-world-cast";
import { tokenDurationMinutes, type Band, type IncidentKind } from "./demo-world-data";
import { maxPublishersPerStage } from "./kit";

/**
 * Things that go wrong in the demo world, each through the simulation's public functions: network drops and
 * reconnect loops, BITRATE_EXCEEDED then a successful republish, a camera turned off and on, a viewer with a
 * subscribe-only token trying to publish (INSUFFICIENT_CAPABILITIES), a misconfigured RTMP encoder
 * (B_FRAME_PRESENT, INVALID_STREAM_KEY) restarted later, the 13th publisher (QUOTA_EXCEEDED), a viewer
 * subscribing to a publisher that just left (PUBLISHER_NOT_FOUND), a removed viewer retrying with its revoked
 * token (JOIN_ERROR), token exchanges (TOKEN_EXCHANGED) and a host replicated to another stage for a few minutes
 * (REPLICATION_STARTED / REPLICATION_STOPPED).
 */

type ExchangedParticipantToken = NonNullable<ParticipantEvent["newToken"]>;

/** The part of an issued token a TOKEN_EXCHANGED event shows (api: ExchangedParticipantToken). */
const exchangedView = (token: IssuedTokenRecord): ExchangedParticipantToken => ({
  capabilities: [...(token.data.capabilities ?? [])],
  attributes: { ...token.data.attributes },
  ...(token.data.userId ? { userId: token.data.userId } : {}),
  expirationTime: isoTime(token.expiresAtMs),
});

const demoProject = "control-room-demo";

export function createIncidents(hand: Stagehand) {
  const {
    sim,
    clock,
    timers,
    handlers,
    duration,
    drawInt,
    choose,
    view,
    recordOf,
    isConnected,
    isPublishing,
    refOf,
    canPublish,
    byRole,
    publishingCount,
    bring,
    later,
    guarded,
  } = hand;

  function incident(show: ShowRuntime, kind: IncidentKind): boolean {
    const v = view(show);
    if (!v || show.phase !== "on-air") return false;
    const free = show.personas.filter((persona) => !persona.busy);
    const people = free.filter((persona) => persona.role !== "encoder" && isConnected(v, persona));
    const publishers = people.filter((persona) => isPublishing(v, persona));
    switch (kind) {
      case "drop": {
        const victim = choose(people);
        if (!victim) return false;
        sim.drop(show.scope, refOf(show, victim));
        later(show, victim, "reconnect", duration([3, 25], 1000), () => bring(show, victim, false));
        return true;
      }
      case "reconnectLoop": {
        const victim =
          people.find((persona) => persona.spec.flaky) ?? choose(people.filter((persona) => persona.role !== "host"));
        if (!victim) return false;
        loop(show, victim, drawInt([3, 4]));
        return true;
      }
      case "bitrate": {
        const victim = choose(publishers);
        if (!victim) return false;
        sim.fail(show.scope, refOf(show, victim), { event: "PUBLISH_ERROR", errorCode: "BITRATE_EXCEEDED" });
        later(show, victim, "republish", duration([6, 15], 1000), () => republish(show, victim));
        return true;
      }
      case "cameraOff": {
        const victim = choose(publishers.filter((persona) => persona.role !== "viewer"));
        if (!victim) return false;
        sim.unpublish(show.scope, refOf(show, victim));
        later(show, victim, "republish", duration([10, 40], 1000), () => republish(show, victim));
        return true;
      }
      case "raiseHand": {
        const viewer = choose(people.filter((persona) => !canPublish(persona)));
        if (!viewer) return false;
        sim.publish(show.scope, refOf(show, viewer)); // PUBLISH_ERROR INSUFFICIENT_CAPABILITIES
        return true;
      }
      case "bFrames":
        return encoderFault(show, v, "B_FRAME_PRESENT", [20, 60]);
      case "staleKey":
        return encoderFault(show, v, "INVALID_STREAM_KEY", [30, 90]);
      case "thirteenth":
        return thirteenth(show);
      case "kick":
        return kick(show, v);
      case "tokenExchange":
        return exchangeToken(show, v);
      case "crossover":
        return crossover(show, v);
    }
  }

  /** DisconnectParticipant on a viewer (LEFT, token revoked); its app retries with that token: JOIN_ERROR. */
  function kick(show: ShowRuntime, v: View): boolean {
    const viewer = choose(byRole(show, "viewer").filter((persona) => !persona.busy && isConnected(v, persona)));
    if (!viewer?.participantId) return false;
    callOperation(handlers, show.scope, "DisconnectParticipant", {
      stageArn: show.stageArn,
      participantId: viewer.participantId,
      reason: "Removed by a moderator",
    });
    later(show, viewer, "retry-after-removal", duration([2, 8], 1000), () =>
      sim.reconnect(show.scope, refOf(show, viewer)),
    );
    return true;
  }

  /** TOKEN_EXCHANGED: a guest on camera moves to a SUBSCRIBE-only token, or else a host refreshes its token. */
  function exchangeToken(show: ShowRuntime, v: View): boolean {
    const guest = choose(byRole(show, "guest").filter((persona) => !persona.busy && isPublishing(v, persona)));
    const persona = guest ?? choose(byRole(show, "host").filter((persona) => !persona.busy && isConnected(v, persona)));
    const record = persona ? recordOf(v, persona) : undefined;
    const token = persona?.participantId === undefined ? undefined : v.store.tokens.get(persona.participantId);
    if (!persona || !record || !token) return false;
    const previousToken = exchangedView(token);
    const expirationTime = isoTime(clock.now() + tokenDurationMinutes * minute);
    if (guest) sim.unpublish(show.scope, refOf(show, persona));
    const newToken: ExchangedParticipantToken = guest
      ? {
          ...previousToken,
          capabilities: ["SUBSCRIBE"],
          attributes: { ...previousToken.attributes, onCamera: "false" },
          expirationTime,
        }
      : { ...previousToken, expirationTime };
    appendEvent(v.store, record, { name: "TOKEN_EXCHANGED", previousToken, newToken });
    if (guest) {
      // The guest's app has not caught up with its new token yet and tries to go on camera once more.
      later(show, persona, "publish-after-exchange", duration([3, 10], 1000), () => {
        const now = view(show);
        if (now && isConnected(now, persona))
          sim.fail(show.scope, refOf(show, persona), {
            event: "PUBLISH_ERROR",
            errorCode: "INSUFFICIENT_CAPABILITIES",
          });
      });
    }
    return true;
  }

  /** A publishing host is replicated to another live demo stage of the region for 2–5 minutes. */
  function crossover(show: ShowRuntime, v: View): boolean {
    const host = choose(byRole(show, "host").filter((persona) => !persona.busy && isPublishing(v, persona)));
    const destination = [...v.store.stages.values()].find(
      (stage) =>
        stage.arn !== show.stageArn &&
        stage.activeSessionId !== undefined &&
        v.store.tags.get(stage.arn)?.project === demoProject,
    );
    const participantId = host?.participantId;
    if (!host || !destination || participantId === undefined) return false;
    const ids = { sourceStageArn: show.stageArn, destinationStageArn: destination.arn, participantId };
    callOperation(handlers, show.scope, "StartParticipantReplication", {
      ...ids,
      reconnectWindowSeconds: 30,
      attributes: { crossover: show.spec.stage },
    });
    timers.set(`${show.stageArn}|${host.spec.key}|crossover`, clock.now() + duration([2, 5], minute), () =>
      guarded(show, () => {
        const replica = view(show)?.store.replicas.find(
          (r) =>
            r.replicationState === "ACTIVE" &&
            r.participantId === participantId &&
            r.destinationStageArn === destination.arn &&
            r.sourceStageArn === show.stageArn,
        );
        if (replica) callOperation(handlers, show.scope, "StopParticipantReplication", ids);
      }),
    );
    return true;
  }

  function republish(show: ShowRuntime, persona: PersonaRuntime): void {
    const v = view(show);
    if (v && isConnected(v, persona)) sim.publish(show.scope, refOf(show, persona));
  }

  /** Drop, reconnect, drop, reconnect… `rounds` times at a few seconds' interval. */
  function loop(show: ShowRuntime, persona: PersonaRuntime, rounds: number): void {
    const v = view(show);
    if (!v || !isConnected(v, persona)) return;
    sim.drop(show.scope, refOf(show, persona));
    later(show, persona, "loop", duration([3, 8], 1000), () => {
      bring(show, persona, false);
      if (rounds > 1) later(show, persona, "loop", duration([4, 12], 1000), () => loop(show, persona, rounds - 1));
    });
  }

  function encoderFault(show: ShowRuntime, v: View, errorCode: EventErrorCode, restartSeconds: Band): boolean {
    const encoder = byRole(show, "encoder").find((persona) => !persona.busy && isPublishing(v, persona));
    if (!encoder) return false;
    sim.fail(show.scope, refOf(show, encoder), { event: "PUBLISH_ERROR", errorCode });
    later(show, encoder, "restart", duration(restartSeconds, 1000), () => bring(show, encoder, true));
    return true;
  }

  /** Guests join until 12 publish; one more gets QUOTA_EXCEEDED, watches for a few minutes and leaves. */
  function thirteenth(show: ShowRuntime): boolean {
    for (;;) {
      const v = view(show);
      if (!v) return false;
      const guest = byRole(show, "guest").find((persona) => !persona.busy && !isConnected(v, persona));
      if (!guest) return false;
      const full = publishingCount(v) >= maxPublishersPerStage;
      bring(show, guest, true);
      guest.leaveAtMs = clock.now() + duration(full ? [2, 5] : show.spec.guests.stayMinutes, minute);
      if (full) return true;
    }
  }

  /** A viewer tries to watch a publisher that has just left: SUBSCRIBE_ERROR PUBLISHER_NOT_FOUND. */
  function lateSubscribe(show: ShowRuntime, departedId: string): void {
    const v = view(show);
    if (!v) return;
    const viewer = choose(byRole(show, "viewer").filter((persona) => !persona.busy && isConnected(v, persona)));
    if (!viewer) return;
    later(show, viewer, "late-subscribe", duration([1, 4], 1000), () => {
      const now = view(show);
      if (now && isConnected(now, viewer)) sim.subscribe(show.scope, refOf(show, viewer), departedId);
    });
  }

  return { incident, lateSubscribe };
}
