import "server-only";
import { arnId } from "@/lib/format";
import { diagnose } from "@/lib/timeline/diagnosis";
import { outcomeOf, type Appearance, type FindUserResult } from "@/lib/timeline/find-user";
import { buildTimeline } from "@/lib/timeline/model";
import type { ObservationStore, Scope } from "./store";

export const findUserLimit = 200;

/**
 * Every stored appearance of a user id, or of user ids containing `term` (exact matches first, then the most
 * recent), with each appearance's outcome from its stored events. No IVS call: it searches what the collector
 * has observed, live sessions and history within the retention period.
 */
export async function findUser(
  store: ObservationStore,
  scope: Scope,
  term: string,
  options: { stageArn?: string; now: number; retentionDays: number },
): Promise<FindUserResult> {
  const rows = await store.findUser(scope, term, {
    ...(options.stageArn ? { stageArn: options.stageArn } : {}),
    limit: findUserLimit + 1,
  });
  const appearances: Appearance[] = [];
  for (const row of rows.slice(0, findUserLimit)) {
    const ref = { stageArn: row.stageArn, sessionId: row.sessionId, participantId: row.participantId };
    const events = await store.events(scope, ref);
    const timeline = (await store.eventsRead(scope, ref))
      ? buildTimeline(events, {
          now: options.now,
          ...(row.sessionEnd ? { sessionEnd: Date.parse(row.sessionEnd) } : {}),
          ...(row.summary.state ? { participantState: row.summary.state } : {}),
          participantId: row.participantId,
        })
      : undefined;
    const findings = timeline ? diagnose(timeline, { ...(row.userId ? { userId: row.userId } : {}) }) : [];
    appearances.push({
      stageArn: row.stageArn,
      stageName: row.stageName || arnId(row.stageArn),
      sessionId: row.sessionId,
      ...(row.sessionStart ? { sessionStart: row.sessionStart } : {}),
      ...(row.sessionEnd ? { sessionEnd: row.sessionEnd } : {}),
      participant: row.summary,
      outcome: outcomeOf(row.summary, timeline, findings),
    });
  }
  const since = new Date(options.now - options.retentionDays * 86_400_000).toISOString();
  return { appearances, truncated: rows.length > findUserLimit, coverage: await store.scopeCoverage(scope, since) };
}
