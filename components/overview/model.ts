/**
 * The overview's pure helpers: which stages are live, participant counts, running compositions, and the
 * participant-error list the server builds from the observation store. No React, no I/O: shared by the
 * overview's client components, its route handler and unit tests.
 */
import type { ListItem } from "@/lib/api/reads";
import { isErrorEventName, type ErrorEventName } from "@/lib/error-codes";
import type { Coverage } from "@/lib/observe/coverage";

export type StageSummary = ListItem<"ListStages">;
export type ParticipantSummary = ListItem<"ListParticipants">;
export type ParticipantEvent = ListItem<"ListParticipantEvents">;
export type CompositionSummary = ListItem<"ListCompositions">;

export interface LiveStage {
  readonly arn: string;
  readonly name: string;
  readonly sessionId: string;
}

/** Stages with an active session, by name (then ARN) so the wall does not reshuffle between polls. */
export function liveStagesOf(stages: readonly StageSummary[]): LiveStage[] {
  return stages
    .filter((stage): stage is StageSummary & { activeSessionId: string } => Boolean(stage.activeSessionId))
    .map((stage) => ({ arn: stage.arn, name: stage.name ?? "", sessionId: stage.activeSessionId }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

export interface ParticipantCounts {
  /** CONNECTED now. */
  readonly connected: number;
  /** CONNECTED and have published in this session (`published` means "at least once"). */
  readonly publishers: number;
  /** Every participant the page listed, connected or not. */
  readonly seen: number;
  /** The session has more participants than one page holds: the counts are lower bounds. */
  readonly truncated: boolean;
}

export function countParticipants(participants: readonly ParticipantSummary[], truncated = false): ParticipantCounts {
  let connected = 0;
  let publishers = 0;
  for (const participant of participants) {
    if (participant.state !== "CONNECTED") continue;
    connected++;
    if (participant.published) publishers++;
  }
  return { connected, publishers, seen: participants.length, truncated };
}

/** Sums per-stage counts (stages still loading count as zero and make the total a lower bound). */
export function sumCounts(counts: readonly (ParticipantCounts | undefined)[]): ParticipantCounts {
  return counts.reduce<ParticipantCounts>(
    (sum, count) =>
      count
        ? {
            connected: sum.connected + count.connected,
            publishers: sum.publishers + count.publishers,
            seen: sum.seen + count.seen,
            truncated: sum.truncated || count.truncated,
          }
        : { ...sum, truncated: true },
    { connected: 0, publishers: 0, seen: 0, truncated: false },
  );
}

export const runningCompositionStates: readonly string[] = ["STARTING", "ACTIVE", "STOPPING"];

/** Compositions that are starting, active or stopping, newest first. */
export function runningCompositions(compositions: readonly CompositionSummary[]): CompositionSummary[] {
  return compositions.filter((c) => runningCompositionStates.includes(c.state)).sort(byStartTimeDesc);
}

export function failedCompositions(compositions: readonly CompositionSummary[]): CompositionSummary[] {
  return compositions.filter((c) => c.state === "FAILED").sort(byStartTimeDesc);
}

function byStartTimeDesc(a: { startTime?: string; arn: string }, b: { startTime?: string; arn: string }): number {
  const ta = a.startTime ?? "";
  const tb = b.startTime ?? "";
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// Participant errors (computed on the server, shown in the browser)

export interface ParticipantErrorEntry {
  readonly stageArn: string;
  readonly stageName: string;
  readonly sessionId: string;
  readonly participantId: string;
  readonly userId?: string;
  readonly event: ErrorEventName;
  /** An EventErrorCode; kept as a string so that a code newer than this console still shows. */
  readonly errorCode: string;
  readonly eventTime?: string;
  /** The event concerns a replicated participant. */
  readonly replica?: boolean;
  /** SUBSCRIBE_ERROR: the publisher the participant tried to subscribe to. */
  readonly remoteParticipantId?: string;
}

export interface OverviewErrors {
  /** The newest errors (at most 50). */
  readonly errors: ParticipantErrorEntry[];
  /** Errors in the live sessions, all of them. */
  readonly total: number;
  readonly liveStages: number;
  /** How complete the observation of the live sessions is. */
  readonly coverage: Coverage;
  readonly fetchedAt: number;
  /** The collector's reads are failing (throttled, IVS errors): what it last got. */
  readonly degraded?: { readonly code: string; readonly message: string };
}

/** The *_ERROR events of one participant as overview entries. */
export function errorEntriesOf(
  stage: LiveStage,
  participant: ParticipantSummary,
  events: readonly ParticipantEvent[],
): ParticipantErrorEntry[] {
  const entries: ParticipantErrorEntry[] = [];
  for (const event of events) {
    if (!isErrorEventName(event.name) || !event.errorCode) continue;
    entries.push({
      stageArn: stage.arn,
      stageName: stage.name,
      sessionId: stage.sessionId,
      participantId: event.participantId || participant.participantId || "",
      ...(participant.userId ? { userId: participant.userId } : {}),
      event: event.name,
      errorCode: event.errorCode,
      ...(event.eventTime ? { eventTime: event.eventTime } : {}),
      ...(event.replica ? { replica: true } : {}),
      ...(event.remoteParticipantId ? { remoteParticipantId: event.remoteParticipantId } : {}),
    });
  }
  return entries;
}

/** Newest first (entries without a time last), at most `limit`. */
export function newestErrors(entries: readonly ParticipantErrorEntry[], limit: number): ParticipantErrorEntry[] {
  return [...entries]
    .sort((a, b) => {
      const ta = a.eventTime ?? "";
      const tb = b.eventTime ?? "";
      if (ta !== tb) return ta < tb ? 1 : -1;
      return a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0;
    })
    .slice(0, limit);
}

/** A stable React key for an error entry. */
export function errorKey(entry: ParticipantErrorEntry, index: number): string {
  return `${entry.stageArn}|${entry.sessionId}|${entry.participantId}|${entry.eventTime ?? ""}|${entry.event}|${entry.errorCode}|${index}`;
}
