"use client";

import { useQuery } from "@tanstack/react-query";
import { Time } from "@/components/ui/time";
import Link from "next/link";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { LayoutCanvas } from "@/components/designer/layout-canvas";
import { useStageParticipants } from "@/components/designer/use-stage-participants";
import type { ConsoleContext } from "@/lib/context";
import type { OutputOf } from "@/lib/ivs/operations";
import { computeLayout } from "@/lib/layout/geometry";
import { canvasOf } from "@/lib/layout/options";
import { livePollMs, readQuery, slowPollMs } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";
import { CompositionStateBadge } from "./state-badge";
import { fetchConsoleJson } from "@/lib/api/fetch-json";
import type { CompositionEvent } from "@/lib/compositions/events";
import { contextParams } from "@/lib/context";
import { ivsKeys } from "@/lib/query-keys";
import { appendObservations, mergeTimeline, observationsOf, type Observation, type TimelineEntry } from "./timeline";

type Composition = NonNullable<OutputOf<"GetComposition">["composition"]>;

// The timelines this tab has seen, per composition (kept in sessionStorage so a reload keeps them).
const timelines = new Map<string, TimelineEntry[]>();
const listeners = new Set<() => void>();
const none: TimelineEntry[] = [];
const storageKey = (arn: string) => `composition-timeline:${arn}`;

function load(arn: string): TimelineEntry[] {
  const known = timelines.get(arn);
  if (known) return known;
  let entries: TimelineEntry[] = [];
  try {
    const raw = window.sessionStorage.getItem(storageKey(arn));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed))
      entries = parsed.filter(
        (e): e is TimelineEntry =>
          Boolean(e) && typeof e === "object" && typeof (e as TimelineEntry).state === "string",
      );
  } catch {
    entries = [];
  }
  timelines.set(arn, entries);
  return entries;
}

function record(arn: string, observations: readonly Observation[], seenAt: number) {
  const before = load(arn);
  const after = appendObservations(before, observations, seenAt);
  if (after.length === before.length) return;
  timelines.set(arn, after);
  try {
    window.sessionStorage.setItem(storageKey(arn), JSON.stringify(after));
  } catch {
    // Storage full or disabled: the timeline still lives in memory.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function useTimeline(arn: string): TimelineEntry[] {
  return useSyncExternalStore(
    subscribe,
    () => timelines.get(arn) ?? none,
    () => none,
  );
}

async function fetchCompositionEvents(
  context: ConsoleContext,
  arn: string,
  signal?: AbortSignal,
): Promise<CompositionEvent[]> {
  const params = contextParams(context);
  params.set("arn", arn);
  return fetchConsoleJson<{ events?: CompositionEvent[] }, CompositionEvent[]>(
    `/api/compositions/events?${params.toString()}`,
    signal,
    (body) => body.events,
  );
}

function firstEncoderArn(composition: Composition): string | undefined {
  for (const d of composition.destinations) {
    const arn = d.configuration.s3?.encoderConfigurationArns[0] ?? d.configuration.channel?.encoderConfigurationArn;
    if (arn) return arn;
  }
  return undefined;
}

/**
 * Live parts of the composition page: the state transitions this page observed (with IVS's own timestamps
 * where it gives them) and the layout as it would render now with the stage's live participants.
 */
export function CompositionLive({
  context,
  composition,
  fetchedAt,
}: {
  context: ConsoleContext;
  composition: Composition;
  fetchedAt?: number;
}) {
  const observations = observationsOf(composition);
  const signature = JSON.stringify(observations);
  useEffect(() => {
    record(composition.arn, JSON.parse(signature) as Observation[], fetchedAt ?? Date.now());
  }, [composition.arn, signature, fetchedAt]);
  const seen = useTimeline(composition.arn);
  // The EventBridge events the console stored for it: the real time of each change (asked again on every state
  // change this page sees, and every 10 s while it runs).
  const isRunning = composition.state === "STARTING" || composition.state === "ACTIVE";
  const events = useQuery({
    queryKey: [...ivsKeys.all(context), "composition-events", composition.arn, signature],
    queryFn: ({ signal }) => fetchCompositionEvents(context, composition.arn, signal),
    refetchInterval: isRunning ? 10_000 : false,
    refetchIntervalInBackground: false,
  });
  const labels = useMemo(() => new Map(observations.map((o) => [o.subject, o.label])), [observations]);
  const timeline = useMemo(() => mergeTimeline(events.data ?? [], seen, labels), [events.data, seen, labels]);
  const fromEvents = timeline.some((entry) => entry.source === "event");
  const onlySeen = timeline.length > 0 && !fromEvents;

  const stage = useQuery(readQuery(context, "GetStage", { arn: composition.stageArn }, livePollMs));
  const sessionId = stage.data?.data.stage?.activeSessionId || undefined;
  const live = useStageParticipants(context, composition.stageArn, sessionId);
  const encoderArn = firstEncoderArn(composition);
  const encoder = useQuery({
    ...readQuery(context, "GetEncoderConfiguration", { arn: encoderArn ?? "" }, slowPollMs),
    enabled: Boolean(encoderArn),
  });
  const video = encoder.data?.data.encoderConfiguration?.video;
  const { width, height } = canvasOf(video);
  const result = useMemo(
    () => computeLayout(composition.layout, { width, height }, live.participants),
    [composition.layout, width, height, live.participants],
  );
  const running = composition.state === "STARTING" || composition.state === "ACTIVE";

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section aria-labelledby="composition-timeline" className="rounded border border-room-700 bg-room-900 p-4">
        <h2 id="composition-timeline" className="mb-1 text-sm font-semibold text-room-100">
          State timeline
        </h2>
        <p className="mb-3 text-xs text-room-300" data-testid="timeline-times">
          {fromEvents
            ? "Times are when each change happened, from the composition's EventBridge events. A change without an event is marked “first seen by this page”."
            : onlySeen
              ? `No EventBridge event for this composition yet: the times are when this page first saw each state (first seen by this page, polled every ${livePollMs / 1000} s), not when it changed.`
              : ""}
        </p>
        {timeline.length === 0 ? (
          <p className="text-xs text-room-300">Waiting for the first answer…</p>
        ) : (
          <ol className="space-y-1 text-xs" aria-label="State changes">
            {timeline.map((entry, index) => (
              <li
                key={`${entry.subject}-${entry.state}-${index}`}
                className="grid grid-cols-[10rem_minmax(0,1fr)_auto] items-start gap-x-2"
                data-subject={entry.subject}
                data-state={entry.state}
                data-source={entry.source}
              >
                <span className="font-mono text-room-300">
                  <Time iso={entry.time} />
                  {entry.source === "seen" ? (
                    <span className="block text-[11px] italic">first seen by this page</span>
                  ) : null}
                </span>
                <span className="min-w-0">
                  <span className="block truncate text-room-100">{entry.label}</span>
                  {entry.eventName ? (
                    <span className="block text-room-300">
                      {entry.eventName}
                      {entry.reason ? `: ${entry.reason}` : ""}
                    </span>
                  ) : null}
                  {entry.source === "seen" && entry.ivsTime ? (
                    <span className="block text-room-300">
                      IVS {entry.state === "ACTIVE" ? "start" : "end"}: <Time iso={entry.ivsTime} />
                    </span>
                  ) : null}
                </span>
                <CompositionStateBadge state={entry.state} />
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="composition-preview" className="rounded border border-room-700 bg-room-900 p-4">
        <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
          <h2 id="composition-preview" className="text-sm font-semibold text-room-100">
            Layout preview
          </h2>
          <Link
            href={link(context, routes.designer(composition.stageArn))}
            className="text-xs text-accent hover:underline"
          >
            Open the stage in the designer
          </Link>
        </div>
        <p className="mb-3 text-xs text-room-300">
          {running
            ? sessionId
              ? `This layout with the stage's ${live.participants.length} connected participant${live.participants.length === 1 ? "" : "s"} and their token attributes.`
              : "Nobody is on the stage: IVS stops a composition 60 s after its last publisher leaves."
            : "The composition has ended; the preview shows its layout with whoever is on the stage now."}
        </p>
        <LayoutCanvas result={result} label="Preview of this composition's layout" />
      </section>
    </div>
  );
}
