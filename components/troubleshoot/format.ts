import { describeErrorCode } from "@/lib/error-codes";
import type { TimelineEvent } from "@/lib/timeline/model";

/** "12:04:05.123Z" */
export function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 23)}Z`;
}

/** "2026-03-01 12:04:05Z" */
export function dateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

/** "1 h 2 min", "3.2 s", "120 ms" */
export function span(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

const names: Readonly<Record<string, string>> = {
  JOINED: "Joined",
  LEFT: "Left",
  PUBLISH_STARTED: "Publish started",
  PUBLISH_STOPPED: "Publish stopped",
  SUBSCRIBE_STARTED: "Subscribe started",
  SUBSCRIBE_STOPPED: "Subscribe stopped",
  PUBLISH_ERROR: "Publish error",
  SUBSCRIBE_ERROR: "Subscribe error",
  JOIN_ERROR: "Join error",
  REPLICATION_STARTED: "Replication started",
  REPLICATION_STOPPED: "Replication stopped",
  TOKEN_EXCHANGED: "Token exchanged",
};

export function eventLabel(name: string): string {
  return names[name] ?? (name || "Unnamed event");
}

/** One line: "Publish error BITRATE_EXCEEDED: Bitrate too high" / "Subscribe started → alice". */
export function eventSummary(event: TimelineEvent, nameOf: (participantId: string) => string = (id) => id): string {
  const parts = [eventLabel(event.name)];
  if (event.errorCode) {
    const info = describeErrorCode(event.errorCode);
    parts.push(`${event.errorCode}${info ? `: ${info.title}` : ""}`);
  }
  if (event.remoteParticipantId) parts.push(`→ ${nameOf(event.remoteParticipantId)}`);
  if (event.destinationStageArn)
    parts.push(`→ stage ${event.destinationStageArn.slice(event.destinationStageArn.lastIndexOf("/") + 1)}`);
  if (event.outOfOrder) parts.push("(arrived out of order)");
  return parts.join(" ");
}

/** Colours of the timeline, readable on the console's dark background (≥ 3:1 for graphics, 4.5:1 for text). */
export const palette = {
  connected: "#7d8da6",
  publishing: "#3ddc97",
  subscribed: "#5aa9ff",
  /** Subscribe edges: the subscribe blue at about 65 % and 20 % over the background, precomputed. */
  edge: "#3f77b5",
  edgeDim: "#1d2d42",
  error: "#ff4d5e",
  replication: "#c29bff",
  token: "#ffb547",
  warn: "#ffb547",
  ok: "#3ddc97",
  session: "#a9b6c8",
  grid: "#243043",
  hover: "#121822",
  separator: "#18202c",
  text: "#a9b6c8",
  textStrong: "#e6edf6",
  selection: "#e6edf6",
  background: "#0d1117",
} as const;

/** Axis labels in UTC, 24-hour: precise enough for the tick step, with the date where the day changes. */
export function axisFormatter(ticks: readonly Date[]): (tick: Date, index: number) => string {
  const step = ticks.length > 1 ? (ticks[1]?.getTime() ?? 0) - (ticks[0]?.getTime() ?? 0) : 60_000;
  return (tick, index) => {
    const iso = tick.toISOString();
    const time = step < 1000 ? iso.slice(11, 23) : step < 60_000 ? iso.slice(11, 19) : iso.slice(11, 16);
    const previous = index > 0 ? ticks[index - 1] : undefined;
    const newDay = step >= 3_600_000 && (!previous || previous.toISOString().slice(0, 10) !== iso.slice(0, 10));
    return newDay ? `${iso.slice(5, 10)} ${time}` : time;
  };
}
