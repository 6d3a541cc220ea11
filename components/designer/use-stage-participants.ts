"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { ConsoleContext } from "@/lib/context";
import type { LayoutParticipant } from "@/lib/layout/types";
import { livePollMs, readQuery, slowPollMs } from "@/lib/query-keys";

/** How many connected participants the designer reads attributes of (a stage has at most 12 publishers). */
export const MAX_LIVE_PARTICIPANTS = 50;

export interface LiveParticipant extends LayoutParticipant {
  readonly userId?: string;
  readonly firstJoinTime?: string;
  /** False until GetParticipant answered (attributes unknown). */
  readonly attributesKnown: boolean;
}

/**
 * The CONNECTED participants of a stage's active session with their token attributes (ListParticipants, then
 * GetParticipant each), in arrival order (first join time). IVS reports whether someone has published in this
 * session (`published`), not whether their video is on: video is assumed on.
 */
export function useStageParticipants(
  context: ConsoleContext,
  stageArn: string | undefined,
  sessionId: string | undefined,
) {
  const enabled = Boolean(stageArn && sessionId);
  const list = useQuery({
    ...readQuery(
      context,
      "ListParticipants",
      {
        stageArn: stageArn ?? "",
        sessionId: sessionId ?? "st-0000000000000",
        filterByState: "CONNECTED",
        maxResults: 100,
      },
      livePollMs,
    ),
    enabled,
  });
  const connected = useMemo(
    () =>
      (list.data?.data.participants ?? [])
        .filter((p) => p.state === "CONNECTED" && p.participantId)
        .sort(
          (a, b) =>
            (a.firstJoinTime ?? "").localeCompare(b.firstJoinTime ?? "") ||
            (a.participantId ?? "").localeCompare(b.participantId ?? ""),
        )
        .slice(0, MAX_LIVE_PARTICIPANTS),
    [list.data],
  );
  const details = useQueries({
    queries: connected.map((p) => ({
      ...readQuery(
        context,
        "GetParticipant",
        { stageArn: stageArn ?? "", sessionId: sessionId ?? "", participantId: p.participantId ?? "" },
        slowPollMs,
      ),
      enabled,
    })),
  });
  const attributesById = new Map(
    details.map((d, index) => [connected[index]?.participantId ?? "", d.data?.data.participant?.attributes]),
  );
  const participants: LiveParticipant[] = connected.map((p) => {
    const id = p.participantId ?? "";
    const attributes = attributesById.get(id);
    return {
      id,
      name: p.userId || id,
      ...(p.userId ? { userId: p.userId } : {}),
      ...(p.firstJoinTime ? { firstJoinTime: p.firstJoinTime } : {}),
      attributes: attributes ?? {},
      attributesKnown: attributes !== undefined,
      publishing: p.published === true,
      videoOn: true,
    };
  });
  return {
    participants,
    loading: enabled && list.isLoading,
    error: list.error,
    fetchedAt: list.data?.fetchedAt,
    truncated: Boolean(list.data?.data.nextToken) || (list.data?.data.participants.length ?? 0) > MAX_LIVE_PARTICIPANTS,
  };
}
