import type { EventErrorCode } from "@/lib/ivs/enums";
import { minute, type PersonaRuntime, type ShowRuntime, type Stagehand, type View } from "./demo-world-cast";
import type { Band, IncidentKind } from "./demo-world-data";
import { maxPublishersPerStage } from "./kit";

/**
 * Things that go wrong in the demo world, each through the simulation's public functions: network drops and
 * reconnect loops, BITRATE_EXCEEDED then a successful republish, a camera turned off and on, a viewer with a
 * subscribe-only token trying to publish (INSUFFICIENT_CAPABILITIES), a misconfigured RTMP encoder
 * (B_FRAME_PRESENT, INVALID_STREAM_KEY) restarted later, the 13th publisher (QUOTA_EXCEEDED), and a viewer
 * subscribing to a publisher that just left (PUBLISHER_NOT_FOUND).
 */

export function createIncidents(hand: Stagehand) {
  const { sim, clock, duration, drawInt, choose, view, isConnected, isPublishing, refOf, canPublish, byRole, publishingCount, bring, later } = hand;

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
        const victim = people.find((persona) => persona.spec.flaky) ?? choose(people.filter((persona) => persona.role !== "host"));
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
    }
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
