import { collectPages } from "@/lib/api/reads";
import type { InputOf, OutputOf } from "@/lib/ivs/operations";
import type { ErrorInfo, ReadResult } from "@/lib/result";
import {
  errorEntriesOf,
  eventsMaxAgeMs,
  liveStagesOf,
  newestErrors,
  recentParticipants,
  type LiveStage,
  type OverviewErrors,
  type ParticipantErrorEntry,
  type ParticipantSummary,
} from "@/components/overview/model";

type Read = "ListStages" | "ListParticipants" | "ListParticipantEvents";

/** A cached read (the route passes the shared upstream cache); `maxAgeMs` = how old a cached answer may be. */
export type OverviewReader = <N extends Read>(name: N, input: InputOf<N>, maxAgeMs?: number) => Promise<ReadResult<OutputOf<N>>>;

export interface OverviewLimits {
  /** The most recently joined participants looked at per live stage. */
  readonly participantsPerStage: number;
  /** Participants looked at in total per refresh (bounds the ListParticipantEvents fan-out). */
  readonly maxParticipants: number;
  /** Errors returned. */
  readonly maxErrors: number;
  /** The answer waits this long at most for event reads; the rest are reported as pending and keep going. */
  readonly answerWithinMs: number;
}

export const defaultOverviewLimits: OverviewLimits = { participantsPerStage: 20, maxParticipants: 100, maxErrors: 50, answerWithinMs: 2500 };

/**
 * Participant errors of every live session: ListStages → ListParticipants of each active session (the same
 * input the browser polls for the counts, so the cache answers both) → ListParticipantEvents of the most
 * recent participants, within the limits. A stage whose reads fail is reported and the others still count;
 * only a ListStages failure fails the whole answer.
 */
export async function collectOverviewErrors(
  read: OverviewReader,
  toError: (error: unknown) => ErrorInfo,
  limits: OverviewLimits = defaultOverviewLimits,
): Promise<OverviewErrors> {
  const stages = await collectPages("ListStages", { maxResults: 100 }, (input) => read("ListStages", input));
  const live = liveStagesOf(stages.items);

  let fetchedAt = stages.fetchedAt;
  let stale = stages.stale;
  let degraded = stages.degraded;
  const note = (result: ReadResult<unknown>) => {
    fetchedAt = Math.min(fetchedAt, result.fetchedAt);
    stale ||= result.stale;
    degraded ??= result.degraded;
  };

  const failures: OverviewErrors["failures"][number][] = [];
  const participantLists = await Promise.all(
    live.map(async (stage) => {
      try {
        const result = await read("ListParticipants", { stageArn: stage.arn, sessionId: stage.sessionId, maxResults: 100 });
        note(result);
        return { stage, participants: result.data.participants };
      } catch (error) {
        failures.push({ stageArn: stage.arn, stageName: stage.name, error: toError(error) });
        return undefined;
      }
    }),
  );

  // Spread the budget: each stage gets its most recent participants, up to the per-stage and total bounds.
  let budget = limits.maxParticipants;
  let skipped = 0;
  let scannedStages = 0;
  const work: { stage: LiveStage; participant: ParticipantSummary }[] = [];
  for (const list of participantLists) {
    if (!list) continue;
    const take = Math.min(limits.participantsPerStage, budget);
    const chosen = recentParticipants(list.participants, take);
    skipped += list.participants.length - chosen.length;
    budget -= chosen.length;
    if (chosen.length > 0 || list.participants.length === 0) scannedStages++;
    for (const participant of chosen) work.push({ stage: list.stage, participant });
  }

  const entries: ParticipantErrorEntry[] = [];
  const failedStages = new Set<string>();
  let completed = 0;
  const reads = Promise.all(
    work.map(async ({ stage, participant }) => {
      try {
        const result = await read(
          "ListParticipantEvents",
          { stageArn: stage.arn, sessionId: stage.sessionId, participantId: participant.participantId ?? "", maxResults: 100 },
          eventsMaxAgeMs(participant),
        );
        note(result);
        entries.push(...errorEntriesOf(stage, participant, result.data.events));
      } catch (error) {
        if (failedStages.has(stage.arn)) return;
        failedStages.add(stage.arn);
        failures.push({ stageArn: stage.arn, stageName: stage.name, error: toError(error) });
      } finally {
        completed++;
      }
    }),
  );
  // Paced by the IVS quota, 80 participants take about 20 s: answer with what is known after a moment.
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([reads, new Promise<void>((resolve) => (timer = setTimeout(resolve, limits.answerWithinMs)))]);
  clearTimeout(timer);
  const done = completed;

  return {
    errors: newestErrors(entries, limits.maxErrors),
    scan: {
      liveStages: live.length,
      scannedStages,
      scannedParticipants: done,
      skippedParticipants: skipped,
      pendingParticipants: work.length - done,
      participantsPerStage: limits.participantsPerStage,
    },
    // A copy: reads still under way must not change an answer already given.
    failures: [...failures],
    fetchedAt,
    stale,
    ...(degraded ? { degraded } : {}),
  };
}
