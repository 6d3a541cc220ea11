"use client";

import { memo } from "react";
import Link from "next/link";
import { describeErrorCode } from "@/lib/error-codes";
import type { Interval, Timeline, TimelineEvent } from "@/lib/timeline/model";
import { clock, dateTime, eventLabel, span } from "./format";

/** What one event means: its facts, and for an error the code's meaning and what to do. */
export const EventDetails = memo(function EventDetails({
  timeline,
  event,
  nameOf,
  participantHref,
  stageHref,
}: {
  timeline: Timeline;
  event: TimelineEvent | undefined;
  nameOf: (participantId: string) => string;
  participantHref: (participantId: string) => string | undefined;
  stageHref: (stageArn: string) => string;
}) {
  if (!event) {
    return (
      <div className="rounded border border-dashed border-room-700 p-4 text-sm text-room-300" aria-live="polite">
        Select an event in the list or on the timeline to see what it means.
      </div>
    );
  }
  const info = event.errorCode ? describeErrorCode(event.errorCode) : undefined;
  const within = timeline.intervals.filter(
    (i) => i.start <= event.time && i.end >= event.time && (i.startEventId === event.id || i.endEventId === event.id),
  );
  const remoteHref = event.remoteParticipantId ? participantHref(event.remoteParticipantId) : undefined;
  return (
    <section
      aria-label="Selected event"
      aria-live="polite"
      className="space-y-3 rounded border border-room-700 bg-room-900 p-4 text-sm"
    >
      <div>
        <p className={`font-semibold ${event.kind === "error" ? "text-live" : "text-room-100"}`}>
          {eventLabel(event.name)} <span className="font-mono text-xs text-room-300">{event.name}</span>
        </p>
        <p className="font-mono text-xs text-room-300">
          {dateTime(event.time).slice(0, 10)} {clock(event.time)}
        </p>
      </div>
      {event.errorCode ? (
        <div className="rounded border border-live/40 bg-live/10 p-3" data-testid="error-meaning">
          <p className="font-mono text-xs font-semibold text-live">{event.errorCode}</p>
          <p className="mt-1 text-room-100">
            <span className="font-medium">Meaning: </span>
            {info?.meaning ?? "This console does not know this code."}
          </p>
          <p className="mt-1 text-room-100">
            <span className="font-medium">What to do: </span>
            {info?.guidance ?? "Look it up in the Amazon IVS Real-Time API reference (Event.errorCode)."}
          </p>
          {info?.limits?.length ? (
            <p className="mt-1 text-xs text-room-300">Limits: {info.limits.join(" · ")}</p>
          ) : null}
        </div>
      ) : event.name === "JOIN_ERROR" ? (
        <p className="rounded border border-live/40 bg-live/10 p-3 text-room-100">
          No error code: IVS records this when the token is expired or revoked.
        </p>
      ) : null}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
        {event.remoteParticipantId ? (
          <>
            <dt className="text-room-300">{event.name.startsWith("SUBSCRIBE") ? "Publisher" : "Remote participant"}</dt>
            <dd className="font-mono">
              {remoteHref ? (
                <Link href={remoteHref} className="text-accent hover:underline">
                  {nameOf(event.remoteParticipantId)}
                </Link>
              ) : (
                nameOf(event.remoteParticipantId)
              )}
              {event.replica ? " (replica)" : ""}
            </dd>
          </>
        ) : null}
        {event.destinationStageArn ? (
          <>
            <dt className="text-room-300">Destination</dt>
            <dd className="font-mono">
              <Link href={stageHref(event.destinationStageArn)} className="text-accent hover:underline">
                {event.destinationStageArn.slice(event.destinationStageArn.lastIndexOf("/") + 1)}
              </Link>
              {event.destinationSessionId ? ` · ${event.destinationSessionId}` : ""}
            </dd>
          </>
        ) : null}
        {event.name === "TOKEN_EXCHANGED" ? <TokenChange event={event} /> : null}
        {within.map((interval) => (
          <IntervalFact key={`${interval.kind}${interval.start}`} interval={interval} eventId={event.id} />
        ))}
        {event.outOfOrder ? (
          <>
            <dt className="text-warn">Order</dt>
            <dd className="text-warn">Arrived out of order in the API&apos;s list; drawn at its own time.</dd>
          </>
        ) : null}
        <dt className="text-room-300">Event id</dt>
        <dd className="font-mono text-room-300">{event.id}</dd>
      </dl>
    </section>
  );
});

function TokenChange({ event }: { event: TimelineEvent }) {
  const describe = (token: TimelineEvent["raw"]["newToken"]) =>
    token
      ? [
          token.userId ? `user ${token.userId}` : "",
          token.capabilities?.length ? token.capabilities.join("+") : "",
          token.expirationTime ? `expires ${token.expirationTime}` : "",
        ]
          .filter(Boolean)
          .join(" · ") || "—"
      : "—";
  return (
    <>
      <dt className="text-room-300">Previous token</dt>
      <dd className="font-mono">{describe(event.raw.previousToken)}</dd>
      <dt className="text-room-300">New token</dt>
      <dd className="font-mono">{describe(event.raw.newToken)}</dd>
    </>
  );
}

function IntervalFact({ interval, eventId }: { interval: Interval; eventId: string }) {
  const what =
    interval.kind === "connected" ? "Connection" : interval.kind === "publishing" ? "Publishing" : "Subscription";
  const role = interval.startEventId === eventId ? "starts" : "ends";
  return (
    <>
      <dt className="text-room-300">{what}</dt>
      <dd>
        {role} here · lasted {span(interval.end - interval.start)}
        {interval.open === "ongoing"
          ? " so far (still going)"
          : interval.open === "missing"
            ? " (no closing event: open end)"
            : ""}
        {interval.inferredEnd === "left"
          ? " (ended by LEFT)"
          : interval.inferredEnd === "rejoined"
            ? " (LEFT missing: ended by the next JOINED)"
            : ""}
      </dd>
    </>
  );
}
