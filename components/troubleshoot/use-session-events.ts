"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { ConsoleContext } from "@/lib/context";
import type { ParticipantSummary } from "@/lib/ivs/structures";
import { ivsKeys } from "@/lib/query-keys";
import { mapBounded } from "@/lib/timeline/concurrency";
import { loadParticipantEvents, type ParticipantEvents } from "./use-participant-events";

/**
 * The events of every participant of a session, read with bounded concurrency through the console's read
 * route (whose upstream cache paces ListParticipantEvents to 80 % of its 5 TPS quota, so 4 in flight keeps
 * the pipe full without queueing behind it). Lanes appear as their events arrive. Live sessions re-read only
 * connected participants, from the head of their lists.
 */
export const sessionEventsConcurrency = 4;
export const sessionEventsPollMs = 10_000;

export interface SessionEvents {
  readonly byParticipant: Readonly<Record<string, ParticipantEvents>>;
  readonly fetchedAt: number;
}

export interface SessionProgress {
  readonly done: number;
  readonly total: number;
  readonly events: number;
}

export function useSessionEvents(
  context: ConsoleContext,
  stageArn: string,
  sessionId: string,
  participants: readonly ParticipantSummary[] | undefined,
  live: boolean,
) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<SessionProgress>({ done: 0, total: 0, events: 0 });
  const [partial, setPartial] = useState<Record<string, ParticipantEvents>>({});
  const latest = useRef(participants);
  useEffect(() => {
    latest.current = participants;
  }, [participants]);
  const queryKey = [
    ...ivsKeys.operation(context, "ListParticipantEvents"),
    "session",
    { stageArn, sessionId },
  ] as const;
  const ids = (participants ?? []).map((p) => p.participantId ?? "").filter(Boolean);

  const query = useQuery({
    queryKey,
    enabled: participants !== undefined,
    refetchInterval: live ? sessionEventsPollMs : false,
    refetchIntervalInBackground: false,
    structuralSharing: false,
    queryFn: async ({ signal }): Promise<SessionEvents> => {
      const previous = queryClient.getQueryData<SessionEvents>(queryKey);
      const list = (latest.current ?? []).filter((p) => p.participantId);
      // Keep what cannot have changed: a disconnected participant's events once read (unless it reconnects).
      const todo = list.filter((p) => {
        const known = previous?.byParticipant[p.participantId ?? ""];
        return !known || p.state === "CONNECTED";
      });
      const byParticipant: Record<string, ParticipantEvents> = { ...(previous?.byParticipant ?? {}) };
      let events = Object.values(byParticipant).reduce((sum, p) => sum + p.events.length, 0);
      let flush: ReturnType<typeof setTimeout> | undefined;
      const firstLoad = !previous;
      if (firstLoad) setProgress({ done: 0, total: todo.length, events: 0 });
      await mapBounded(
        todo,
        sessionEventsConcurrency,
        async (p) => {
          const id = p.participantId ?? "";
          const before = byParticipant[id]?.events.length ?? 0;
          const loaded = await loadParticipantEvents(
            context,
            { stageArn, sessionId, participantId: id },
            byParticipant[id],
            undefined,
            signal,
          );
          byParticipant[id] = loaded;
          events += loaded.events.length - before;
          if (firstLoad) {
            // Lanes appear as they load; batched so that 100 participants do not mean 100 renders.
            flush ??= setTimeout(() => {
              flush = undefined;
              setPartial({ ...byParticipant });
            }, 250);
          }
        },
        { onProgress: (done, total) => firstLoad && setProgress({ done, total, events }), signal },
      );
      if (flush) clearTimeout(flush);
      // Nothing new: keep the same object, so that nothing downstream rebuilds.
      const unchanged =
        previous &&
        Object.keys(byParticipant).length === Object.keys(previous.byParticipant).length &&
        Object.entries(byParticipant).every(([id, data]) => previous.byParticipant[id]?.events === data.events);
      return unchanged ? previous : { byParticipant, fetchedAt: Date.now() };
    },
  });
  // A participant that appeared since the last read: read again now rather than at the next poll.
  const missing = query.data ? ids.some((id) => !query.data.byParticipant[id]) : false;
  const { refetch, isFetching } = query;
  useEffect(() => {
    if (missing && !isFetching) void refetch();
  }, [missing, isFetching, refetch]);

  return {
    ...query,
    byParticipant: query.data?.byParticipant ?? partial,
    progress,
    complete: Boolean(query.data) && !missing,
  };
}
