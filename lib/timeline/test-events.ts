import type { EventErrorCode, EventName } from "@/lib/ivs/enums";
import type { Event } from "@/lib/ivs/structures";

/** Crafted event sequences for tests (and the benchmark's data generator). */
export const t0 = Date.parse("2026-03-01T12:00:00.000Z");

export function ev(
  name: EventName,
  seconds: number,
  extra: {
    remote?: string;
    code?: EventErrorCode;
    participantId?: string;
    replica?: boolean;
    destinationStageArn?: string;
    destinationSessionId?: string;
  } = {},
): Event {
  return {
    name,
    participantId: extra.participantId ?? "p1",
    eventTime: new Date(t0 + seconds * 1000).toISOString(),
    ...(extra.remote ? { remoteParticipantId: extra.remote } : {}),
    ...(extra.code ? { errorCode: extra.code } : {}),
    ...(extra.replica ? { replica: true } : {}),
    ...(extra.destinationStageArn ? { destinationStageArn: extra.destinationStageArn } : {}),
    ...(extra.destinationSessionId ? { destinationSessionId: extra.destinationSessionId } : {}),
  };
}

/** As IVS lists them: newest first. */
export const newestFirst = (events: readonly Event[]): Event[] => [...events].reverse();

/** A participant with `pairs` publish/unpublish cycles (and a subscription and an error every so often). */
export function busyParticipant(
  participantId: string,
  count: number,
  options: { start?: number; stepMs?: number; remotes?: readonly string[] } = {},
): Event[] {
  const start = options.start ?? t0;
  const step = options.stepMs ?? 1000;
  const events: Event[] = [];
  const at = (i: number) => new Date(start + i * step).toISOString();
  events.push({ name: "JOINED", participantId, eventTime: at(0) });
  let i = 1;
  let publishing = false;
  const remotes = options.remotes ?? [];
  while (events.length < count - 1) {
    const cycle = i % 10;
    if (cycle === 3 && remotes.length) {
      const remote = remotes[((i / 10) % remotes.length) | 0] ?? "";
      events.push({ name: "SUBSCRIBE_STARTED", participantId, remoteParticipantId: remote, eventTime: at(i) });
    } else if (cycle === 7 && remotes.length) {
      const remote = remotes[((i / 10) % remotes.length) | 0] ?? "";
      events.push({ name: "SUBSCRIBE_STOPPED", participantId, remoteParticipantId: remote, eventTime: at(i) });
    } else if (cycle === 9 && i % 50 === 49) {
      events.push({ name: "PUBLISH_ERROR", participantId, errorCode: "BITRATE_EXCEEDED", eventTime: at(i) });
    } else {
      events.push({ name: publishing ? "PUBLISH_STOPPED" : "PUBLISH_STARTED", participantId, eventTime: at(i) });
      publishing = !publishing;
    }
    i++;
  }
  events.push({ name: "LEFT", participantId, eventTime: at(i) });
  return events;
}
