"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchConsoleJson } from "@/lib/api/fetch-json";
import { contextParams, type ConsoleContext } from "@/lib/context";
import type { QualityAnswer, QualitySeries } from "@/lib/metrics/quality";

export interface QualityTarget {
  readonly stageArn: string;
  readonly sessionId: string;
  readonly participantId?: string;
  /** Epoch ms: the session's start and (when it has ended) end. */
  readonly start: number;
  readonly end?: number;
}

/** The metrics routes answer `{ data }`. */
const fetchData = <T>(url: string, signal?: AbortSignal) =>
  fetchConsoleJson<{ data?: T }, T>(url, signal, (body) => body.data);

export function qualityUrl(context: ConsoleContext, target: QualityTarget): string {
  const search = contextParams(context);
  search.set("stageArn", target.stageArn);
  search.set("sessionId", target.sessionId);
  if (target.participantId) search.set("participantId", target.participantId);
  search.set("start", new Date(target.start).toISOString());
  if (target.end !== undefined) search.set("end", new Date(target.end).toISOString());
  return `/api/metrics/quality?${search.toString()}`;
}

/** How often a live session's metrics are read again from the store (new values arrive every 5-10 s). */
export const qualityPollMs = 10_000;

/**
 * The quality metrics of a session or participant, from the console's store (the metrics reader keeps them).
 * Live sessions poll the store; ended ones are read once.
 */
export function useQuality(context: ConsoleContext, target: QualityTarget | undefined) {
  const live = target !== undefined && target.end === undefined;
  return useQuery({
    queryKey: [
      "metrics",
      context.region,
      context.profile ?? "",
      target?.stageArn,
      target?.sessionId,
      target?.participantId ?? "",
      target?.start,
      target?.end,
    ],
    queryFn: ({ signal }) => fetchData<QualityAnswer>(qualityUrl(context, target as QualityTarget), signal),
    enabled: target !== undefined,
    refetchInterval: live ? qualityPollMs : false,
    staleTime: live ? qualityPollMs / 2 : Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
}

export interface StageSparkline {
  readonly stageArn: string;
  readonly sessionId: string;
  readonly publishers: QualitySeries | undefined;
  readonly subscribers: QualitySeries | undefined;
}

/** Every live stage's Publishers and Subscribers over the last 30 minutes (one request shared by all sparklines). */
export function useSparklines(context: ConsoleContext) {
  const search = contextParams(context).toString();
  return useQuery({
    queryKey: ["metrics", context.region, context.profile ?? "", "sparklines"],
    queryFn: ({ signal }) => fetchData<StageSparkline[]>(`/api/metrics/sparklines?${search}`, signal),
    refetchInterval: 30_000,
    staleTime: 15_000,
  });
}
