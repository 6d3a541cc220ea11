import type { ParticipantSummary } from "@/lib/ivs/structures";
import type { Coverage } from "@/lib/observe/coverage";
import type { Finding } from "./diagnosis";
import { severityOrder, type Severity } from "./diagnosis";
import type { Timeline } from "./model";
import { summarize } from "./model";

/** One place a user id appeared: a participant of one stage session, and how it went. */
export interface Appearance {
  readonly stageArn: string;
  readonly stageName: string;
  readonly sessionId: string;
  readonly sessionStart?: string;
  readonly sessionEnd?: string;
  readonly participant: ParticipantSummary;
  readonly outcome: Outcome;
}

/** A search over the observation store (GET /api/find-user). */
export interface FindUserResult {
  readonly appearances: readonly Appearance[];
  /** More matched than were returned. */
  readonly truncated: boolean;
  /** The store's completeness for the whole region: sessions still to read, participants pending. */
  readonly coverage: Coverage & { readonly pendingSessions: number; readonly sessions: number };
}

/** One appearance of a user id in one stage session, and how it went. Pure. */
export interface Outcome {
  readonly joined: boolean;
  readonly published: boolean;
  readonly errors: number;
  readonly codes: readonly string[];
  readonly worst: Severity;
  /** The most severe finding's title. */
  readonly headline: string;
}

export function outcomeOf(
  participant: ParticipantSummary,
  timeline: Timeline | undefined,
  findings: readonly Finding[],
): Outcome {
  const summary = timeline ? summarize(timeline) : undefined;
  const worstFinding = [...findings].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity])[0];
  const codes = new Set<string>();
  for (const event of timeline?.events ?? []) if (event.errorCode) codes.add(event.errorCode);
  return {
    joined: Boolean(participant.firstJoinTime) || (summary?.joins ?? 0) > 0,
    published: participant.published === true || (summary?.publishes ?? 0) > 0,
    errors: summary?.errors ?? 0,
    codes: [...codes].sort(),
    worst: worstFinding?.severity ?? "ok",
    headline: worstFinding?.title ?? (timeline ? "No events" : "Events not loaded"),
  };
}

/** Newest sessions first, at most `limit` (undefined = all). */
export function recentSessions<T extends { readonly startTime?: string }>(sessions: readonly T[], limit?: number): T[] {
  const sorted = [...sessions].sort((a, b) => (b.startTime ?? "").localeCompare(a.startTime ?? ""));
  return limit === undefined ? sorted : sorted.slice(0, limit);
}
