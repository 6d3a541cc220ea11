import "server-only";
import { errorEntriesOf, liveStagesOf, newestErrors, type OverviewErrors } from "@/components/overview/model";
import { combineCoverage } from "@/lib/observe/coverage";
import type { ObservationStore, Scope } from "./store";

/** Errors the overview lists (the newest); the total counts them all. */
export const overviewErrorLimit = 50;

/**
 * Participant errors of every live session, from the observation store: every participant of every live
 * session, not a sample, and answered at once. Says how complete the store is for those sessions.
 */
export async function overviewErrors(
  store: ObservationStore,
  scope: Scope,
  now: number,
  degraded?: { code: string; message: string },
): Promise<OverviewErrors> {
  const live = liveStagesOf(await store.stages(scope));
  const stored = await store.errors(
    scope,
    live.map((stage) => ({ stageArn: stage.arn, sessionId: stage.sessionId })),
  );
  const entries = stored.flatMap((stored) => {
    const stage = live.find((s) => s.arn === stored.stageArn && s.sessionId === stored.sessionId);
    return stage
      ? errorEntriesOf(stage, { participantId: stored.participantId, userId: stored.userId }, [stored.event])
      : [];
  });
  const coverage = combineCoverage(
    await Promise.all(live.map((stage) => store.coverage(scope, { stageArn: stage.arn, sessionId: stage.sessionId }))),
  );
  return {
    errors: newestErrors(entries, overviewErrorLimit),
    total: entries.length,
    liveStages: live.length,
    coverage,
    fetchedAt: coverage.asOf ?? now,
    ...(degraded ? { degraded } : {}),
  };
}
