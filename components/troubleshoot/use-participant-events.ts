"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchAllPages, fetchRead } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import type { Event } from "@/lib/ivs/structures";
import { ivsKeys, livePollMs } from "@/lib/query-keys";
import { alignHead } from "@/lib/timeline/merge";
import { detectOrder } from "@/lib/timeline/model";
import type { ReadResult } from "@/lib/result";

/** Every event of one participant, as the API listed them (newest first), and how they were read. */
export interface ParticipantEvents {
  readonly events: readonly Event[];
  readonly fetchedAt: number;
  /** When the list last changed (stays put across polls that found nothing new). */
  readonly changedAt: number;
  readonly pages: number;
  readonly degraded?: ReadResult<unknown>["degraded"];
}

export interface LoadProgress {
  readonly loaded: number;
  readonly pages: number;
}

const pageSize = 100;

export const participantEventsKey = (
  context: ConsoleContext,
  stageArn: string,
  sessionId: string,
  participantId: string,
) =>
  [...ivsKeys.operation(context, "ListParticipantEvents"), "timeline", { stageArn, sessionId, participantId }] as const;

/**
 * Reads every page of a participant's events. The first load walks all pages with progress; later polls
 * read from the head (IVS lists newest first) until they meet the events already known, so a live timeline
 * grows for the cost of one request per poll. A list the API gives oldest first is reloaded whole instead.
 */
export async function loadParticipantEvents(
  context: ConsoleContext,
  input: { stageArn: string; sessionId: string; participantId: string },
  previous: ParticipantEvents | undefined,
  onProgress?: (progress: LoadProgress) => void,
  signal?: AbortSignal,
): Promise<ParticipantEvents> {
  const base = { ...input, maxResults: pageSize };
  const ordered = previous ? detectOrder(previous.events.map((e) => Date.parse(e.eventTime ?? ""))) : "unknown";
  if (previous && ordered !== "oldest-first") {
    const head: Event[] = [];
    let nextToken: string | undefined;
    let fetchedAt = Date.now();
    let degraded: ReadResult<unknown>["degraded"];
    do {
      const page = await fetchRead(
        context,
        "ListParticipantEvents",
        { ...base, ...(nextToken ? { nextToken } : {}) },
        signal,
      );
      fetchedAt = Math.min(fetchedAt, page.fetchedAt);
      degraded ??= page.degraded;
      head.push(...(page.data.events ?? []));
      nextToken = page.data.nextToken || undefined;
      const merged = alignHead(previous.events, head, !nextToken);
      if (merged) {
        const same = merged.length === previous.events.length;
        const events = same ? previous.events : merged;
        return {
          events,
          fetchedAt,
          changedAt: same ? previous.changedAt : fetchedAt,
          pages: Math.max(previous.pages, Math.ceil(events.length / pageSize)),
          ...(degraded ? { degraded } : {}),
        };
      }
    } while (nextToken);
  }
  const all = await fetchAllPages(
    context,
    "ListParticipantEvents",
    base,
    (loaded, pages) => onProgress?.({ loaded, pages }),
    signal,
  );
  return {
    events: all.items,
    fetchedAt: all.fetchedAt,
    changedAt: all.fetchedAt,
    pages: all.pages,
    ...(all.degraded ? { degraded: all.degraded } : {}),
  };
}

export function useParticipantEvents(
  context: ConsoleContext,
  stageArn: string,
  sessionId: string,
  participantId: string,
  live: boolean,
) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<LoadProgress>({ loaded: 0, pages: 0 });
  const queryKey = participantEventsKey(context, stageArn, sessionId, participantId);
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      loadParticipantEvents(
        context,
        { stageArn, sessionId, participantId },
        queryClient.getQueryData<ParticipantEvents>(queryKey),
        setProgress,
        signal,
      ),
    refetchInterval: live ? livePollMs : false,
    refetchIntervalInBackground: false,
    // Structural sharing of 10,000 events per poll costs more than it saves: the loader keeps the old array when nothing changed.
    structuralSharing: false,
  });
  return { ...query, progress };
}
