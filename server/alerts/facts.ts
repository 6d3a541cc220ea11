import "server-only";
import {
  mergeErrorFacts,
  type CompositionFact,
  type ErrorFact,
  type QualityFact,
  type RecordingFact,
  type SessionFact,
} from "@/lib/alerts/evaluate";
import type { QualityMetric, StageFacts } from "@/lib/alerts/rules";

import type { DbSource } from "@/server/db/database";
import { runnerOf, type Runner } from "@/server/db/raw";

export interface Scope {
  readonly region: string;
  readonly profile: string;
}

/** A FAILED composition is deleted by IVS five minutes later: its alert condition ends with it. */
const failedCompositionLifeMs = 5 * 60_000;
/** How far back composition state changes are read. */
const compositionHistoryMs = 6 * 3_600_000;

const ms = (iso: string | null | undefined): number | undefined => {
  if (!iso) return undefined;
  const value = Date.parse(iso);
  return Number.isFinite(value) ? value : undefined;
};

/**
 * Reads what alert rules look at from the observation store's tables (server/observe/store.ts), for one scope:
 * stages with names and tags, recent error events, live sessions' connected counts, session starts and ends,
 * and the EventBridge records of compositions and participant recordings. Read-only.
 */
export function createFactsReader(source: DbSource) {
  const open = async (): Promise<Runner> => runnerOf(await source());
  const s = {
    stages:
      "SELECT arn, name, data, active_session_id FROM obs_stages WHERE region = ? AND profile = ? AND gone_at IS NULL",
    errors: `SELECT e.stage_arn, e.session_id, e.participant_id, e.name, e.error_code, e.event_time, p.user_id FROM obs_events e
      LEFT JOIN obs_participants p ON p.region = e.region AND p.profile = e.profile AND p.stage_arn = e.stage_arn AND p.session_id = e.session_id AND p.participant_id = e.participant_id
      WHERE e.region = ? AND e.profile = ? AND e.error_code IS NOT NULL AND e.event_time >= ?`,
    connected: `SELECT st.arn, st.active_session_id AS session_id,
        (SELECT count(*) FROM obs_participants p WHERE p.region = st.region AND p.profile = st.profile AND p.stage_arn = st.arn
          AND p.session_id = st.active_session_id AND p.state = 'CONNECTED') AS connected
      FROM obs_stages st WHERE st.region = ? AND st.profile = ? AND st.gone_at IS NULL AND st.active_session_id IS NOT NULL`,
    sessions: `SELECT stage_arn, session_id, start_time, end_time, known_at FROM obs_sessions
      WHERE region = @region AND profile = @profile AND (start_time >= @since OR end_time >= @since OR (start_time IS NULL AND known_at >= @sinceMs))`,
    /** Publish errors pushed by EventBridge (with their code): an alert need not wait for ListParticipantEvents. */
    pushedErrors: `SELECT x.stage_arn, x.session_id, x.participant_id, x.event_time, x.received_at, {errorCode} AS error_code, p.user_id FROM obs_pushed x
      LEFT JOIN obs_participants p ON p.region = x.region AND p.profile = @profile AND p.stage_arn = x.stage_arn AND p.session_id = x.session_id AND p.participant_id = x.participant_id
      WHERE x.region = @region AND x.detail_type = 'IVS Stage Update' AND x.event_name = 'Participant Publish Error' AND x.received_at >= @sinceMs
        AND x.stage_arn IS NOT NULL AND x.session_id IS NOT NULL AND x.participant_id IS NOT NULL`,
    /**
     * Quality values of live sessions: the stage's series and each participant's of the active session, looked up
     * by the metrics table's key (stage, participant, series, time), so the cost follows the live participants.
     */
    quality: `WITH k AS (
        SELECT st.arn AS stage_arn, st.active_session_id AS session_id, '' AS participant_id, NULL AS user_id FROM obs_stages st
          WHERE st.region = @region AND st.profile = @profile AND st.gone_at IS NULL AND st.active_session_id IS NOT NULL
        UNION ALL
        SELECT p.stage_arn, p.session_id, p.participant_id, p.user_id FROM obs_stages st JOIN obs_participants p
          ON p.region = st.region AND p.profile = st.profile AND p.stage_arn = st.arn AND p.session_id = st.active_session_id
          WHERE st.region = @region AND st.profile = @profile AND st.gone_at IS NULL)
      SELECT k.stage_arn, k.session_id, k.participant_id, k.user_id, m.t, m.value FROM k JOIN obs_metric_points m
        ON m.region = @region AND m.profile = @profile AND m.stage_arn = k.stage_arn AND m.participant_id = k.participant_id
          AND m.series = @series AND m.t >= @sinceMs
      ORDER BY k.stage_arn, k.participant_id, m.t`,
    pushed: `SELECT event_name, resource, stage_arn, session_id, participant_id, event_time, received_at, data FROM obs_pushed
      WHERE region = ? AND detail_type = ? AND received_at >= ? ORDER BY event_time, received_at`,
  };

  // EventBridge records are JSON text: SQLite's json_extract, PostgreSQL's ->/->> on a json cast.
  const pushedErrors = {
    sqlite: s.pushedErrors.replace("{errorCode}", "json_extract(x.data, '$.detail.error_code')"),
    postgres: s.pushedErrors.replace("{errorCode}", "(x.data::json -> 'detail' ->> 'error_code')"),
  };

  return {
    async stages(scope: Scope): Promise<Map<string, StageFacts & { activeSessionId?: string | undefined }>> {
      const r = await open();
      const out = new Map<string, StageFacts & { activeSessionId?: string | undefined }>();
      for (const row of (await r.all(s.stages, [scope.region, scope.profile])) as {
        arn: string;
        name: string | null;
        data: string;
        active_session_id: string | null;
      }[]) {
        let tags: Record<string, string> | undefined;
        try {
          tags = (JSON.parse(row.data) as { tags?: Record<string, string> }).tags;
        } catch {
          tags = undefined;
        }
        out.set(row.arn, {
          arn: row.arn,
          name: row.name ?? undefined,
          tags,
          activeSessionId: row.active_session_id ?? undefined,
        });
      }
      return out;
    },

    async errors(scope: Scope, sinceMs: number): Promise<ErrorFact[]> {
      const r = await open();
      const rows = (await r.all(s.errors, [scope.region, scope.profile, new Date(sinceMs).toISOString()])) as {
        stage_arn: string;
        session_id: string;
        participant_id: string;
        name: string | null;
        error_code: string;
        event_time: string | null;
        user_id: string | null;
      }[];
      const listed = rows.flatMap((row) => {
        const at = ms(row.event_time);
        return at === undefined
          ? []
          : [
              {
                stageArn: row.stage_arn,
                sessionId: row.session_id,
                participantId: row.participant_id,
                userId: row.user_id || undefined,
                eventName: row.name ?? "",
                code: row.error_code,
                at,
              },
            ];
      });
      const pushed = (
        (await r.all(pushedErrors[r.engine], { region: scope.region, profile: scope.profile, sinceMs })) as {
          stage_arn: string;
          session_id: string;
          participant_id: string;
          event_time: string;
          received_at: number;
          error_code: unknown;
          user_id: string | null;
        }[]
      ).flatMap((row): ErrorFact[] =>
        typeof row.error_code === "string" && row.error_code !== ""
          ? [
              {
                stageArn: row.stage_arn,
                sessionId: row.session_id,
                participantId: row.participant_id,
                userId: row.user_id || undefined,
                eventName: "PUBLISH_ERROR",
                code: row.error_code,
                at: ms(row.event_time) ?? row.received_at,
              },
            ]
          : [],
      );
      return mergeErrorFacts(listed, pushed);
    },

    /** Quality series of live sessions since `sinceMs` (the metrics store's 5-s values). */
    async quality(scope: Scope, metrics: ReadonlySet<QualityMetric>, sinceMs: number): Promise<QualityFact[]> {
      const r = await open();
      const out: QualityFact[] = [];
      for (const metric of metrics) {
        let current: { stageArn: string; participantId: string; times: number[]; values: number[] } | undefined;
        for (const row of (await r.all(s.quality, {
          region: scope.region,
          profile: scope.profile,
          series: metric,
          sinceMs,
        })) as Iterable<{
          stage_arn: string;
          session_id: string;
          participant_id: string;
          user_id: string | null;
          t: number;
          value: number;
        }>) {
          if (!current || current.stageArn !== row.stage_arn || current.participantId !== row.participant_id) {
            current = {
              stageArn: row.stage_arn,
              participantId: row.participant_id,
              times: [],
              values: [],
            };
            out.push({
              stageArn: row.stage_arn,
              sessionId: row.session_id,
              participantId: row.participant_id,
              userId: row.user_id || undefined,
              metric,
              times: current.times,
              values: current.values,
            });
          }
          current.times.push(row.t);
          current.values.push(row.value);
        }
      }
      return out;
    },

    async connected(scope: Scope): Promise<{ stageArn: string; sessionId: string; count: number }[]> {
      const r = await open();
      return (
        (await r.all(s.connected, [scope.region, scope.profile])) as {
          arn: string;
          session_id: string;
          connected: number;
        }[]
      ).map((row) => ({ stageArn: row.arn, sessionId: row.session_id, count: row.connected }));
    },

    async sessions(scope: Scope, sinceMs: number): Promise<SessionFact[]> {
      const r = await open();
      const rows = (await r.all(s.sessions, {
        region: scope.region,
        profile: scope.profile,
        since: new Date(sinceMs).toISOString(),
        sinceMs,
      })) as {
        stage_arn: string;
        session_id: string;
        start_time: string | null;
        end_time: string | null;
        known_at: number;
      }[];
      const out: SessionFact[] = [];
      for (const row of rows) {
        const started = ms(row.start_time) ?? row.known_at;
        if (started >= sinceMs)
          out.push({ stageArn: row.stage_arn, sessionId: row.session_id, kind: "started", at: started });
        const ended = ms(row.end_time);
        if (ended !== undefined && ended >= sinceMs)
          out.push({ stageArn: row.stage_arn, sessionId: row.session_id, kind: "ended", at: ended });
      }
      return out;
    },

    /** The newest state of each composition and destination, from its EventBridge state changes. */
    async compositions(scope: Scope, now: number): Promise<CompositionFact[]> {
      const r = await open();
      const rows = (await r.all(s.pushed, [
        scope.region,
        "IVS Composition State Change",
        now - compositionHistoryMs,
      ])) as {
        event_name: string;
        resource: string;
        stage_arn: string | null;
        event_time: string;
        received_at: number;
        data: string;
      }[];
      const compositions = new Map<
        string,
        {
          stageArn?: string | undefined;
          state: string;
          at: number;
          destinations: Map<string, { state: string; at: number }>;
        }
      >();
      for (const row of rows) {
        const at = ms(row.event_time) ?? row.received_at;
        let destinationId: string | undefined;
        try {
          const detail = (JSON.parse(row.data) as { detail?: { destination_id?: unknown } }).detail;
          destinationId = typeof detail?.destination_id === "string" ? detail.destination_id : undefined;
        } catch {
          destinationId = undefined;
        }
        const entry = compositions.get(row.resource) ?? {
          stageArn: row.stage_arn ?? undefined,
          state: "ACTIVE",
          at,
          destinations: new Map(),
        };
        compositions.set(row.resource, entry);
        if (row.stage_arn) entry.stageArn = row.stage_arn;
        switch (row.event_name) {
          case "Session Start":
            entry.state = "ACTIVE";
            entry.at = at;
            entry.destinations.clear();
            break;
          case "Session End":
            entry.state = "STOPPED";
            entry.at = at;
            entry.destinations.clear();
            break;
          case "Session Failure":
            entry.state = "FAILED";
            entry.at = at;
            break;
          case "Destination Start":
          case "Destination End":
          case "Destination Failure":
          case "Destination Reconnecting": {
            if (!destinationId) break;
            const state = {
              "Destination Start": "ACTIVE",
              "Destination End": "STOPPED",
              "Destination Failure": "FAILED",
              "Destination Reconnecting": "RECONNECTING",
            }[row.event_name];
            entry.destinations.set(destinationId, { state, at });
            break;
          }
        }
      }
      const out: CompositionFact[] = [];
      for (const [arn, entry] of compositions) {
        if (entry.state === "STOPPED") continue;
        if (entry.state === "FAILED" && now - entry.at > failedCompositionLifeMs) continue;
        if (entry.state === "FAILED") out.push({ arn, stageArn: entry.stageArn, state: "FAILED", at: entry.at });
        for (const [destinationId, destination] of entry.destinations)
          out.push({ arn, stageArn: entry.stageArn, destinationId, state: destination.state, at: destination.at });
      }
      return out;
    },

    async recordings(scope: Scope, sinceMs: number): Promise<RecordingFact[]> {
      const r = await open();
      const rows = (await r.all(s.pushed, [scope.region, "IVS Participant Recording State Change", sinceMs])) as {
        event_name: string;
        stage_arn: string | null;
        session_id: string | null;
        participant_id: string | null;
        event_time: string;
        received_at: number;
      }[];
      return rows.flatMap((row) => {
        const which =
          row.event_name === "Recording Start Failure"
            ? "start"
            : row.event_name === "Recording End Failure"
              ? "end"
              : undefined;
        if (!which || !row.stage_arn || !row.session_id || !row.participant_id) return [];
        return [
          {
            stageArn: row.stage_arn,
            sessionId: row.session_id,
            participantId: row.participant_id,
            which,
            at: ms(row.event_time) ?? row.received_at,
          },
        ];
      });
    },
  };
}

export type FactsReader = ReturnType<typeof createFactsReader>;
