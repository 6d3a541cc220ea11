import "server-only";
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/canonical-json";
import type { Coverage } from "@/lib/observe/coverage";
import type { OutputOf } from "@/lib/ivs/operations";
import { consoleDb, type DbSource } from "@/server/db/database";
import { runnerOf, valuesSql, type Runner } from "@/server/db/raw";

export type StageSummary = NonNullable<OutputOf<"ListStages">["stages"]>[number];
export type StageSession = NonNullable<OutputOf<"GetStageSession">["stageSession"]>;
export type ParticipantSummary = NonNullable<OutputOf<"ListParticipants">["participants"]>[number];
export type Participant = NonNullable<OutputOf<"GetParticipant">["participant"]>;
export type ParticipantEvent = NonNullable<OutputOf<"ListParticipantEvents">["events"]>[number];

/** Which account view the rows belong to: the console's (region, profile) context. */
export interface Scope {
  readonly region: string;
  readonly profile: string;
}

export interface SessionRef {
  readonly stageArn: string;
  readonly sessionId: string;
}

export interface ParticipantRef extends SessionRef {
  readonly participantId: string;
}

/**
 * The observation store: what the collector has read from IVS (and what EventBridge pushed), kept in the
 * console's database so that every view reads it instead of IVS, and so that it outlives IVS's own lists.
 *
 * Identity: stages by ARN, sessions by (stage, session id), participants by (stage, session, participant id),
 * all within a scope. Events have no id in the API; an event's identity is a hash of its canonical JSON plus its
 * occurrence among identical events of the same participant, so re-reading overlapping pages never duplicates.
 * Tables: server/db/migrations (obs_*). The user-id search uses SQLite's FTS5 trigram table or PostgreSQL's
 * pg_trgm GIN index.
 */

/**
 * Keys for a participant's events listed oldest first: the hash of each event, suffixed with its occurrence
 * among identical events (two identical events in one list are two events, not one read twice).
 */
export function eventKeys(oldestFirst: readonly ParticipantEvent[]): string[] {
  const seen = new Map<string, number>();
  return oldestFirst.map((event) => {
    const hash = createHash("sha1").update(canonicalJson(event)).digest("base64url").slice(0, 22);
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    return `${hash}#${n}`;
  });
}

interface ParticipantRow {
  live?: number | null;
  stage_arn: string;
  session_id: string;
  participant_id: string;
  user_id: string;
  state: string | null;
  summary: string;
  detail: string | null;
  changed_at: number;
  events_read_at: number | null;
  events_wanted: number;
  detail_wanted: number;
}

export interface ParticipantWork extends ParticipantRef {
  /** Its session is the stage's active one. */
  readonly live: boolean;
  readonly state: string | undefined;
  readonly changedAt: number;
  readonly eventsReadAt: number | undefined;
  readonly eventsWanted: boolean;
  readonly detailWanted: boolean;
}

export interface SessionWork extends SessionRef {
  readonly live: boolean;
  readonly listedAt: number | undefined;
  /** `urgent`: someone opened it or it just ended; `backfill`: history read in the background. */
  readonly sweep: "urgent" | "backfill" | undefined;
  readonly detailReadAt: number | undefined;
  readonly knownAt: number;
}

export interface StoredError {
  readonly stageArn: string;
  readonly sessionId: string;
  readonly participantId: string;
  readonly userId: string;
  readonly event: ParticipantEvent;
}

export interface UserAppearance extends ParticipantRef {
  readonly userId: string;
  readonly stageName: string | undefined;
  readonly summary: ParticipantSummary;
  readonly sessionStart: string | undefined;
  readonly sessionEnd: string | undefined;
  readonly errorCodes: readonly string[];
}

export interface PushedRecord {
  readonly id: string;
  readonly region: string;
  readonly detailType: string;
  readonly eventName: string;
  readonly resource: string;
  readonly stageArn?: string | undefined;
  readonly sessionId?: string | undefined;
  readonly participantId?: string | undefined;
  readonly eventTime: string;
  readonly data: unknown;
}

export interface StageChange extends SessionRef {
  readonly kind: "started" | "ended";
}

function parse<T>(json: string | null): T | undefined {
  if (json === null) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

export function createObservationStore(source: DbSource) {
  const open = async (): Promise<Runner> => runnerOf(await source());
  const s = {
    stageGet: "SELECT active_session_id FROM obs_stages WHERE region = ? AND profile = ? AND arn = ?",
    stageUpsert: `INSERT INTO obs_stages (region, profile, arn, name, active_session_id, data, listed_at, gone_at)
      VALUES (@region, @profile, @arn, @name, @active, @data, @at, NULL)
      ON CONFLICT (region, profile, arn) DO UPDATE SET name = excluded.name, active_session_id = excluded.active_session_id,
        data = excluded.data, listed_at = excluded.listed_at, gone_at = NULL`,
    stagesUnlisted:
      "SELECT arn, active_session_id FROM obs_stages WHERE region = ? AND profile = ? AND listed_at < ? AND gone_at IS NULL",
    stageGone:
      "UPDATE obs_stages SET gone_at = ?, active_session_id = NULL WHERE region = ? AND profile = ? AND arn = ?",
    stagesAll:
      "SELECT data, active_session_id FROM obs_stages WHERE region = ? AND profile = ? AND gone_at IS NULL ORDER BY name, arn",
    stageName: "SELECT name FROM obs_stages WHERE region = ? AND profile = ? AND arn = ?",
    sessionEnsure: `INSERT INTO obs_sessions (region, profile, stage_arn, session_id, known_at, wanted_at, sweep_wanted)
      VALUES (?, ?, ?, ?, ?, NULL, 2) ON CONFLICT DO NOTHING`,
    sessionDetail: `INSERT INTO obs_sessions (region, profile, stage_arn, session_id, start_time, end_time, known_at, detail_read_at, sweep_wanted)
      VALUES (@region, @profile, @stageArn, @sessionId, @start, @end, @at, @at, @sweep)
      ON CONFLICT (region, profile, stage_arn, session_id) DO UPDATE SET start_time = coalesce(excluded.start_time, obs_sessions.start_time),
        end_time = coalesce(excluded.end_time, obs_sessions.end_time), detail_read_at = excluded.detail_read_at,
        sweep_wanted = CASE WHEN obs_sessions.end_time IS NULL AND excluded.end_time IS NOT NULL THEN 2 ELSE obs_sessions.sweep_wanted END`,
    sessionSummary: `INSERT INTO obs_sessions (region, profile, stage_arn, session_id, start_time, end_time, known_at, detail_read_at, sweep_wanted)
      VALUES (@region, @profile, @stageArn, @sessionId, @start, @end, @at, CASE WHEN CAST(@end AS TEXT) IS NULL THEN NULL ELSE CAST(@at AS BIGINT) END, 1)
      ON CONFLICT (region, profile, stage_arn, session_id) DO UPDATE SET start_time = coalesce(excluded.start_time, obs_sessions.start_time),
        end_time = coalesce(excluded.end_time, obs_sessions.end_time)`,
    sessionWant:
      "UPDATE obs_sessions SET sweep_wanted = 2, wanted_at = ? WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    sessionListed:
      "UPDATE obs_sessions SET listed_at = ?, sweep_wanted = CASE WHEN wanted_at IS NULL OR wanted_at <= ? THEN 0 ELSE sweep_wanted END WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    sessionGet:
      "SELECT start_time, end_time, listed_at, known_at FROM obs_sessions WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    stageSessionsPending:
      "SELECT count(*) AS total, coalesce(sum(CASE WHEN listed_at IS NULL OR sweep_wanted > 0 THEN 1 ELSE 0 END), 0) AS pending FROM obs_sessions WHERE region = ? AND profile = ? AND stage_arn = ?",
    sessionsOfStage:
      "SELECT session_id, start_time, end_time FROM obs_sessions WHERE region = ? AND profile = ? AND stage_arn = ? ORDER BY coalesce(start_time, '') DESC, session_id DESC",
    sessionWork: `SELECT s.stage_arn, s.session_id, s.listed_at, s.sweep_wanted, s.detail_read_at, s.known_at,
        CASE WHEN st.active_session_id = s.session_id THEN 1 ELSE 0 END AS live
      FROM obs_sessions s LEFT JOIN obs_stages st ON st.region = s.region AND st.profile = s.profile AND st.arn = s.stage_arn
      WHERE s.region = ? AND s.profile = ? AND (st.active_session_id = s.session_id OR s.sweep_wanted > 0 OR s.detail_read_at IS NULL)`,
    participantGet:
      "SELECT * FROM obs_participants WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ?",
    participantInsert: `INSERT INTO obs_participants (region, profile, stage_arn, session_id, participant_id, user_id, state, first_join_time, summary, changed_at)
      VALUES (@region, @profile, @stageArn, @sessionId, @participantId, @userId, @state, @firstJoin, @summary, @at)`,
    participantChange: `UPDATE obs_participants SET user_id = @userId, state = @state, first_join_time = @firstJoin, summary = @summary,
        changed_at = @at, events_wanted = 1 WHERE region = @region AND profile = @profile AND stage_arn = @stageArn AND session_id = @sessionId AND participant_id = @participantId`,
    participantDetail: `UPDATE obs_participants SET detail = ?, detail_wanted = 0 WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ?`,
    participantWant: `UPDATE obs_participants SET events_wanted = 1, changed_at = ? WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ?`,
    participantsOf:
      "SELECT summary FROM obs_participants WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? ORDER BY coalesce(first_join_time, ''), participant_id",
    participantWork: `SELECT p.stage_arn, p.session_id, p.participant_id, p.state, p.changed_at, p.events_read_at, p.events_wanted, p.detail_wanted,
        CASE WHEN st.active_session_id = p.session_id THEN 1 ELSE 0 END AS live
      FROM obs_participants p LEFT JOIN obs_stages st ON st.region = p.region AND st.profile = p.profile AND st.arn = p.stage_arn
      WHERE p.region = ? AND p.profile = ? AND (p.events_wanted = 1 OR p.detail_wanted = 1 OR p.state = 'CONNECTED')`,
    scopeCoverage: `SELECT
        (SELECT count(*) FROM obs_sessions WHERE region = @region AND profile = @profile AND (listed_at IS NULL OR sweep_wanted > 0) AND (end_time IS NULL OR end_time >= @since)) AS sessions_pending,
        (SELECT count(*) FROM obs_sessions WHERE region = @region AND profile = @profile) AS sessions,
        (SELECT count(*) FROM obs_participants WHERE region = @region AND profile = @profile AND (events_read_at IS NULL OR events_wanted = 1)) AS pending,
        (SELECT count(*) FROM obs_participants WHERE region = @region AND profile = @profile) AS total`,
    eventsRead: `UPDATE obs_participants SET events_read_at = @at, events_wanted = CASE WHEN changed_at <= @started THEN 0 ELSE events_wanted END
      WHERE region = @region AND profile = @profile AND stage_arn = @stageArn AND session_id = @sessionId AND participant_id = @participantId`,
    eventKeys:
      "SELECT event_key, ord FROM obs_events WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ?",
    eventInsert:
      "INSERT INTO obs_events (region, profile, stage_arn, session_id, participant_id, event_key, ord, event_time, name, error_code, data)",
    eventsOf:
      "SELECT data FROM obs_events WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ? ORDER BY coalesce(event_time, '') DESC, ord DESC",
    coverage: `SELECT count(*) AS total, coalesce(sum(CASE WHEN events_read_at IS NULL OR events_wanted = 1 THEN 1 ELSE 0 END), 0) AS pending,
        min(CASE WHEN state = 'CONNECTED' THEN events_read_at END) AS oldest_live, max(events_read_at) AS newest
      FROM obs_participants WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?`,
    errorsOf: `SELECT e.participant_id, e.data, p.user_id FROM obs_events e
      JOIN obs_participants p ON p.region = e.region AND p.profile = e.profile AND p.stage_arn = e.stage_arn AND p.session_id = e.session_id AND p.participant_id = e.participant_id
      WHERE e.region = ? AND e.profile = ? AND e.stage_arn = ? AND e.session_id = ? AND e.error_code IS NOT NULL`,
    /** `{agg}` and `{match}` differ by engine: see findUserSql. */
    findUser: `SELECT p.stage_arn, p.session_id, p.participant_id, p.user_id, p.summary, st.name AS stage_name, s.start_time, s.end_time,
        (SELECT {agg} FROM obs_events e WHERE e.region = p.region AND e.profile = p.profile AND e.stage_arn = p.stage_arn
          AND e.session_id = p.session_id AND e.participant_id = p.participant_id AND e.error_code IS NOT NULL) AS error_codes
      FROM obs_participants p
      LEFT JOIN obs_sessions s ON s.region = p.region AND s.profile = p.profile AND s.stage_arn = p.stage_arn AND s.session_id = p.session_id
      LEFT JOIN obs_stages st ON st.region = p.region AND st.profile = p.profile AND st.arn = p.stage_arn
      WHERE {match}
        AND p.region = @region AND p.profile = @profile AND (CAST(@stageArn AS TEXT) IS NULL OR p.stage_arn = @stageArn)
      ORDER BY (p.user_id = @exact) DESC, coalesce(p.first_join_time, '') DESC LIMIT @limit`,
    pushedInsert: `INSERT INTO obs_pushed (id, region, detail_type, event_name, resource, stage_arn, session_id, participant_id, event_time, received_at, data)
      VALUES (@id, @region, @detailType, @eventName, @resource, @stageArn, @sessionId, @participantId, @eventTime, @at, @data) ON CONFLICT (id) DO NOTHING`,
    pushedFor: "SELECT data FROM obs_pushed WHERE resource = ? ORDER BY event_time, received_at",
    pushedCount: "SELECT count(*) AS n FROM obs_pushed",
    purgeSessions:
      "DELETE FROM obs_sessions WHERE end_time IS NOT NULL AND end_time < ? RETURNING region, profile, stage_arn, session_id",
    purgeParticipants:
      "DELETE FROM obs_participants WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    purgeEvents: "DELETE FROM obs_events WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    purgePushed: "DELETE FROM obs_pushed WHERE received_at < ?",
  };

  const key = (scope: Scope) => [scope.region, scope.profile] as const;
  // Find a user: SQLite's FTS5 trigram table answers LIKE; PostgreSQL's pg_trgm GIN index answers ILIKE (no
  // escape character, like the trigram table).
  const findUserSql = {
    sqlite: s.findUser
      .replace("{agg}", "group_concat(DISTINCT e.error_code)")
      .replace("{match}", "p.rowid IN (SELECT rowid FROM obs_user_search WHERE user_id LIKE @pattern)"),
    postgres: s.findUser
      .replace("{agg}", "string_agg(DISTINCT e.error_code, ',')")
      .replace("{match}", "p.user_id ILIKE @pattern ESCAPE ''"),
  };

  return {
    /**
     * A complete ListStages answer: upserts every stage and reports sessions that started or ended since the
     * last answer (stages no longer listed are marked gone, and their active session counts as ended).
     */
    async recordStages(scope: Scope, stages: readonly StageSummary[], at: number): Promise<StageChange[]> {
      return (await open()).transaction(async (r) => {
        const changes: StageChange[] = [];
        for (const stage of stages) {
          const before =
            ((await r.get(s.stageGet, [...key(scope), stage.arn])) as { active_session_id: string | null } | undefined)
              ?.active_session_id ?? undefined;
          const active = stage.activeSessionId || undefined;
          await r.run(s.stageUpsert, {
            region: scope.region,
            profile: scope.profile,
            arn: stage.arn,
            name: stage.name ?? null,
            active: active ?? null,
            data: JSON.stringify(stage),
            at,
          });
          if (before && before !== active) {
            changes.push({ kind: "ended", stageArn: stage.arn, sessionId: before });
            await r.run(s.sessionWant, [at, ...key(scope), stage.arn, before]);
          }
          if (active && before !== active) {
            changes.push({ kind: "started", stageArn: stage.arn, sessionId: active });
            await r.run(s.sessionEnsure, [...key(scope), stage.arn, active, at]);
          }
        }
        for (const gone of (await r.all(s.stagesUnlisted, [...key(scope), at])) as {
          arn: string;
          active_session_id: string | null;
        }[]) {
          await r.run(s.stageGone, [at, ...key(scope), gone.arn]);
          if (gone.active_session_id) {
            changes.push({ kind: "ended", stageArn: gone.arn, sessionId: gone.active_session_id });
            await r.run(s.sessionWant, [at, ...key(scope), gone.arn, gone.active_session_id]);
          }
        }
        return changes;
      });
    },

    async stages(scope: Scope): Promise<StageSummary[]> {
      const r = await open();
      return ((await r.all(s.stagesAll, [...key(scope)])) as { data: string }[]).flatMap(
        (row) => parse<StageSummary>(row.data) ?? [],
      );
    },

    async stageName(scope: Scope, arn: string): Promise<string | undefined> {
      const r = await open();
      return (
        ((await r.get(s.stageName, [...key(scope), arn])) as { name: string | null } | undefined)?.name ?? undefined
      );
    },

    /** The stage has been listed at least once (its sessions can be answered from the store). */
    async knowsStage(scope: Scope, arn: string): Promise<boolean> {
      const r = await open();
      return (await r.get(s.stageGet, [...key(scope), arn])) !== undefined;
    },

    /** GetStageSession's answer. An ended session is swept once more (its last participant states). */
    async recordSession(scope: Scope, stageArn: string, session: StageSession, at: number): Promise<void> {
      const r = await open();
      if (!session.sessionId) return;
      await r.run(s.sessionDetail, {
        region: scope.region,
        profile: scope.profile,
        stageArn,
        sessionId: session.sessionId,
        start: session.startTime ?? null,
        end: session.endTime ?? null,
        at,
        sweep: 1,
      });
    },

    /** ListStageSessions' items: known sessions of a stage (not swept: history is read when someone opens it). */
    async recordSessionSummaries(
      scope: Scope,
      stageArn: string,
      sessions: readonly StageSession[],
      at: number,
    ): Promise<void> {
      return (await open()).transaction(async (r) => {
        for (const session of sessions) {
          if (!session.sessionId) continue;
          await r.run(s.sessionSummary, {
            region: scope.region,
            profile: scope.profile,
            stageArn,
            sessionId: session.sessionId,
            start: session.startTime ?? null,
            end: session.endTime ?? null,
            at,
          });
        }
      });
    },

    /**
     * Someone opened this session: make sure it has been read (`now`: list it again at once, e.g. EventBridge
     * named a participant the store does not know yet).
     */
    async wantSession(scope: Scope, ref: SessionRef, at: number, now = false): Promise<void> {
      const r = await open();
      await r.run(s.sessionEnsure, [...key(scope), ref.stageArn, ref.sessionId, at]);
      const row = (await r.get(s.sessionGet, [...key(scope), ref.stageArn, ref.sessionId])) as
        { listed_at: number | null } | undefined;
      if (row && (now || row.listed_at === null))
        await r.run(s.sessionWant, [at, ...key(scope), ref.stageArn, ref.sessionId]);
    },

    async session(scope: Scope, ref: SessionRef): Promise<(StageSession & { listedAt?: number }) | undefined> {
      const r = await open();
      const row = (await r.get(s.sessionGet, [...key(scope), ref.stageArn, ref.sessionId])) as
        { start_time: string | null; end_time: string | null; listed_at: number | null } | undefined;
      if (!row || row.start_time === null) return undefined;
      return {
        sessionId: ref.sessionId,
        startTime: row.start_time,
        ...(row.end_time ? { endTime: row.end_time } : {}),
        ...(row.listed_at !== null ? { listedAt: row.listed_at } : {}),
      };
    },

    /** A stage's sessions: how many are stored, how many still to read. */
    async stageCoverage(scope: Scope, stageArn: string, asOf: number): Promise<Coverage> {
      const r = await open();
      const row = (await r.get(s.stageSessionsPending, [...key(scope), stageArn])) as {
        total: number;
        pending: number;
      };
      return { observed: true, pending: row.pending, total: row.total, asOf, unit: "sessions" };
    },

    async sessionsOf(scope: Scope, stageArn: string): Promise<StageSession[]> {
      const r = await open();
      return (
        (await r.all(s.sessionsOfStage, [...key(scope), stageArn])) as {
          session_id: string;
          start_time: string | null;
          end_time: string | null;
        }[]
      ).map((row) => ({
        sessionId: row.session_id,
        ...(row.start_time ? { startTime: row.start_time } : {}),
        ...(row.end_time ? { endTime: row.end_time } : {}),
      }));
    },

    /**
     * A complete ListParticipants answer (every page), read from `startedAt`. Participants whose summary changed
     * are marked for an events read; the session's sweep mark is cleared unless it was set again meanwhile.
     * Returns the ids that are new or changed.
     */
    async recordParticipants(
      scope: Scope,
      ref: SessionRef,
      list: readonly ParticipantSummary[],
      startedAt: number,
      at: number,
    ): Promise<string[]> {
      return (await open()).transaction(async (r) => {
        const changed: string[] = [];
        for (const summary of list) {
          const participantId = summary.participantId;
          if (!participantId) continue;
          const json = JSON.stringify(summary);
          const row = (await r.get(s.participantGet, [...key(scope), ref.stageArn, ref.sessionId, participantId])) as
            ParticipantRow | undefined;
          const values = {
            region: scope.region,
            profile: scope.profile,
            stageArn: ref.stageArn,
            sessionId: ref.sessionId,
            participantId,
            userId: summary.userId ?? "",
            state: summary.state ?? null,
            firstJoin: summary.firstJoinTime ?? null,
            summary: json,
            at,
          };
          if (!row) {
            await r.run(s.participantInsert, values);
            changed.push(participantId);
          } else if (row.summary !== json) {
            await r.run(s.participantChange, values);
            changed.push(participantId);
          }
        }
        await r.run(s.sessionListed, [at, startedAt, ...key(scope), ref.stageArn, ref.sessionId]);
        return changed;
      });
    },

    async recordParticipantDetail(scope: Scope, ref: SessionRef, participant: Participant): Promise<void> {
      const r = await open();
      if (!participant.participantId) return;
      await r.run(s.participantDetail, [
        JSON.stringify(participant),
        ...key(scope),
        ref.stageArn,
        ref.sessionId,
        participant.participantId,
      ]);
    },

    /** A participant changed (EventBridge said so): read its events again, first. */
    async wantParticipant(scope: Scope, ref: ParticipantRef, at: number): Promise<boolean> {
      const r = await open();
      return (await r.run(s.participantWant, [at, ...key(scope), ref.stageArn, ref.sessionId, ref.participantId])) > 0;
    },

    /**
     * A read of a participant's events, newest first as IVS lists them: every page (`whole`) or the head pages
     * down to an event already known. Inserts what is new and returns how many, and whether the participant
     * stopped being pending; clears its "wanted" mark unless it changed again after the read started.
     */
    async recordEvents(
      scope: Scope,
      ref: ParticipantRef,
      newestFirst: readonly ParticipantEvent[],
      startedAt: number,
      at: number,
    ): Promise<{ added: number; settled: boolean }> {
      return (await open()).transaction(async (r) => {
        const before = (await r.get(s.participantGet, [
          ...key(scope),
          ref.stageArn,
          ref.sessionId,
          ref.participantId,
        ])) as ParticipantRow | undefined;
        const wasPending = before !== undefined && (before.events_read_at === null || before.events_wanted === 1);
        const known = new Map(
          (
            (await r.all(s.eventKeys, [...key(scope), ref.stageArn, ref.sessionId, ref.participantId])) as {
              event_key: string;
              ord: number;
            }[]
          ).map((r) => [r.event_key, r.ord]),
        );
        const oldestFirst = [...newestFirst].reverse();
        const keys = eventKeys(oldestFirst);
        let maxOrd = -1;
        for (const ord of known.values()) maxOrd = Math.max(maxOrd, ord);
        const rows = oldestFirst.flatMap((event, i) => {
          const eventKey = keys[i] ?? "";
          if (known.has(eventKey)) return [];
          maxOrd += 1;
          return [
            [
              scope.region,
              scope.profile,
              ref.stageArn,
              ref.sessionId,
              ref.participantId,
              eventKey,
              maxOrd,
              event.eventTime ?? null,
              event.name ?? null,
              event.errorCode ?? null,
              JSON.stringify(event),
            ],
          ];
        });
        let added = 0;
        // Multi-row inserts (a long history is one statement per 500 events, not one per event).
        for (let from = 0; from < rows.length; from += 500) {
          const chunk = rows.slice(from, from + 500);
          added += await r.run(valuesSql(s.eventInsert, 11, chunk.length, "ON CONFLICT DO NOTHING"), chunk.flat());
        }
        await r.run(s.eventsRead, {
          region: scope.region,
          profile: scope.profile,
          stageArn: ref.stageArn,
          sessionId: ref.sessionId,
          participantId: ref.participantId,
          at,
          started: startedAt,
        });
        const after = (await r.get(s.participantGet, [
          ...key(scope),
          ref.stageArn,
          ref.sessionId,
          ref.participantId,
        ])) as ParticipantRow | undefined;
        // `settled`: the participant was pending and is not any more (the session's coverage changed).
        return { added, settled: wasPending && after?.events_wanted === 0 };
      });
    },

    async participants(scope: Scope, ref: SessionRef): Promise<ParticipantSummary[]> {
      const r = await open();
      return (
        (await r.all(s.participantsOf, [...key(scope), ref.stageArn, ref.sessionId])) as { summary: string }[]
      ).flatMap((row) => parse<ParticipantSummary>(row.summary) ?? []);
    },

    /** GetParticipant's fields when read, with the newest summary's state over them. */
    async participant(
      scope: Scope,
      ref: ParticipantRef,
    ): Promise<{ participant: Participant; detailed: boolean } | undefined> {
      const r = await open();
      const row = (await r.get(s.participantGet, [...key(scope), ref.stageArn, ref.sessionId, ref.participantId])) as
        ParticipantRow | undefined;
      if (!row) return undefined;
      const summary = parse<ParticipantSummary>(row.summary) ?? {};
      const detail = parse<Participant>(row.detail);
      return { participant: { ...(detail ?? {}), ...summary }, detailed: detail !== undefined };
    },

    async events(scope: Scope, ref: ParticipantRef): Promise<ParticipantEvent[]> {
      const r = await open();
      return (
        (await r.all(s.eventsOf, [...key(scope), ref.stageArn, ref.sessionId, ref.participantId])) as { data: string }[]
      ).flatMap((row) => parse<ParticipantEvent>(row.data) ?? []);
    },

    /** Has this participant's event list been read at least once? */
    async eventsRead(scope: Scope, ref: ParticipantRef): Promise<boolean> {
      const r = await open();
      const row = (await r.get(s.participantGet, [...key(scope), ref.stageArn, ref.sessionId, ref.participantId])) as
        ParticipantRow | undefined;
      return row?.events_read_at !== null && row?.events_read_at !== undefined;
    },

    async coverage(scope: Scope, ref: SessionRef): Promise<Coverage> {
      const r = await open();
      const session = (await r.get(s.sessionGet, [...key(scope), ref.stageArn, ref.sessionId])) as
        { listed_at: number | null } | undefined;
      if (!session || session.listed_at === null) return { observed: false, pending: 0, total: 0 };
      const row = (await r.get(s.coverage, [...key(scope), ref.stageArn, ref.sessionId])) as {
        total: number;
        pending: number;
        oldest_live: number | null;
        newest: number | null;
      };
      // As of: the participant list and every connected participant's events (disconnected ones cannot change).
      const asOf = Math.min(session.listed_at, row.oldest_live ?? session.listed_at);
      return { observed: true, pending: row.pending, total: row.total, asOf };
    },

    /** The whole scope: sessions still to list (within `sinceIso`) and participants whose events are pending. */
    async scopeCoverage(
      scope: Scope,
      sinceIso: string,
    ): Promise<Coverage & { readonly pendingSessions: number; readonly sessions: number }> {
      const r = await open();
      const row = (await r.get(s.scopeCoverage, { region: scope.region, profile: scope.profile, since: sinceIso })) as {
        sessions_pending: number;
        sessions: number;
        pending: number;
        total: number;
      };
      return {
        observed: row.sessions > 0,
        pending: row.pending,
        total: row.total,
        pendingSessions: row.sessions_pending,
        sessions: row.sessions,
      };
    },

    /** Every error event stored for these sessions. */
    async errors(scope: Scope, sessions: readonly SessionRef[]): Promise<StoredError[]> {
      const r = await open();
      const out: StoredError[] = [];
      for (const ref of sessions) {
        for (const row of (await r.all(s.errorsOf, [...key(scope), ref.stageArn, ref.sessionId])) as {
          participant_id: string;
          data: string;
          user_id: string;
        }[]) {
          const event = parse<ParticipantEvent>(row.data);
          if (event)
            out.push({
              stageArn: ref.stageArn,
              sessionId: ref.sessionId,
              participantId: row.participant_id,
              userId: row.user_id,
              event,
            });
        }
      }
      return out;
    },

    /** Participants whose user id contains `term` (exact matches first, then the most recent), in every stored session. */
    async findUser(
      scope: Scope,
      term: string,
      options: { stageArn?: string; limit?: number } = {},
    ): Promise<UserAppearance[]> {
      const r = await open();
      // The trigram index answers LIKE without a scan but has no ESCAPE: `%` and `_` in a term match themselves
      // only in the exact-value filter below, so terms with them are searched on what surrounds them.
      const literal = term.replace(/[%_]/g, "");
      if (literal === "") return [];
      const rows = (await r.all(findUserSql[r.engine], {
        region: scope.region,
        profile: scope.profile,
        pattern: `%${literal}%`,
        exact: term,
        stageArn: options.stageArn ?? null,
        limit: options.limit ?? 200,
      })) as {
        stage_arn: string;
        session_id: string;
        participant_id: string;
        user_id: string;
        summary: string;
        stage_name: string | null;
        start_time: string | null;
        end_time: string | null;
        error_codes: string | null;
      }[];
      const needle = term.toLowerCase();
      return rows
        .filter((row) => literal === term || row.user_id.toLowerCase().includes(needle))
        .map((row) => ({
          stageArn: row.stage_arn,
          sessionId: row.session_id,
          participantId: row.participant_id,
          userId: row.user_id,
          stageName: row.stage_name ?? undefined,
          summary: parse<ParticipantSummary>(row.summary) ?? {},
          sessionStart: row.start_time ?? undefined,
          sessionEnd: row.end_time ?? undefined,
          errorCodes: row.error_codes ? row.error_codes.split(",") : [],
        }));
    },

    /** Sessions the collector should list: live ones, ones to sweep (ended, opened by someone), unknown details. */
    async sessionWork(scope: Scope): Promise<SessionWork[]> {
      const r = await open();
      return (
        (await r.all(s.sessionWork, [...key(scope)])) as {
          stage_arn: string;
          session_id: string;
          listed_at: number | null;
          sweep_wanted: number;
          detail_read_at: number | null;
          known_at: number;
          live: number | null;
        }[]
      ).map((row) => ({
        stageArn: row.stage_arn,
        sessionId: row.session_id,
        live: row.live === 1,
        listedAt: row.listed_at ?? undefined,
        sweep:
          row.sweep_wanted === 2 ? ("urgent" as const) : row.sweep_wanted === 1 ? ("backfill" as const) : undefined,
        detailReadAt: row.detail_read_at ?? undefined,
        knownAt: row.known_at,
      }));
    },

    /** Participants with something to read: wanted events or details, or connected (their events can grow). */
    async participantWork(scope: Scope): Promise<ParticipantWork[]> {
      const r = await open();
      return ((await r.all(s.participantWork, [...key(scope)])) as ParticipantRow[]).map((row) => ({
        stageArn: row.stage_arn,
        sessionId: row.session_id,
        participantId: row.participant_id,
        live: row.live === 1,
        state: row.state ?? undefined,
        changedAt: row.changed_at,
        eventsReadAt: row.events_read_at ?? undefined,
        eventsWanted: row.events_wanted === 1,
        detailWanted: row.detail_wanted === 1,
      }));
    },

    /** An EventBridge event; false when its id was seen before (delivery is at least once). */
    async recordPushed(record: PushedRecord, at: number): Promise<boolean> {
      const r = await open();
      return (
        (await r.run(s.pushedInsert, {
          id: record.id,
          region: record.region,
          detailType: record.detailType,
          eventName: record.eventName,
          resource: record.resource,
          stageArn: record.stageArn ?? null,
          sessionId: record.sessionId ?? null,
          participantId: record.participantId ?? null,
          eventTime: record.eventTime,
          at,
          data: JSON.stringify(record.data),
        })) > 0
      );
    },

    /** EventBridge events about one resource (a composition ARN, a stage ARN), in event-time order. */
    async pushedFor(resource: string): Promise<unknown[]> {
      const r = await open();
      return ((await r.all(s.pushedFor, [resource])) as { data: string }[]).flatMap(
        (row) => parse<unknown>(row.data) ?? [],
      );
    },

    async pushedCount(): Promise<number> {
      const r = await open();
      return ((await r.get(s.pushedCount)) as { n: number }).n;
    },

    /** Forgets sessions that ended before `cutoffIso`, with their participants and events, and old pushed events. */
    async purge(cutoffIso: string, cutoffMs: number): Promise<number> {
      return (await open()).transaction(async (r) => {
        const gone = (await r.all(s.purgeSessions, [cutoffIso])) as {
          region: string;
          profile: string;
          stage_arn: string;
          session_id: string;
        }[];
        for (const row of gone) {
          await r.run(s.purgeParticipants, [row.region, row.profile, row.stage_arn, row.session_id]);
          await r.run(s.purgeEvents, [row.region, row.profile, row.stage_arn, row.session_id]);
        }
        await r.run(s.purgePushed, [cutoffMs]);
        return gone.length;
      });
    },
  };
}

export type ObservationStore = ReturnType<typeof createObservationStore>;

const globalKey = Symbol.for("ivs-control-room.observation-store");
type WithStore = typeof globalThis & { [globalKey]?: ObservationStore };

/** The process-wide store over the console's database. */
export function observationStore(): ObservationStore {
  const holder = globalThis as WithStore;
  holder[globalKey] ??= createObservationStore(consoleDb);
  return holder[globalKey];
}
