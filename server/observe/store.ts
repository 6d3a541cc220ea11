import "server-only";
import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import { canonicalJson } from "@/lib/canonical-json";
import type { Coverage } from "@/lib/observe/coverage";
import type { OutputOf } from "@/lib/ivs/operations";
import { ensureSchema } from "@/server/db/database";

type Db = Database.Database;

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
 */
export const observationSchemaSql = `
CREATE TABLE IF NOT EXISTS obs_stages (
  region TEXT NOT NULL, profile TEXT NOT NULL, arn TEXT NOT NULL,
  name TEXT, active_session_id TEXT, data TEXT NOT NULL, listed_at INTEGER NOT NULL, gone_at INTEGER,
  PRIMARY KEY (region, profile, arn)
);
CREATE TABLE IF NOT EXISTS obs_sessions (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  start_time TEXT, end_time TEXT, known_at INTEGER NOT NULL,
  listed_at INTEGER, sweep_wanted INTEGER NOT NULL DEFAULT 1, wanted_at INTEGER, detail_read_at INTEGER,
  PRIMARY KEY (region, profile, stage_arn, session_id)
);
CREATE TABLE IF NOT EXISTS obs_participants (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  participant_id TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT '', state TEXT, first_join_time TEXT,
  summary TEXT NOT NULL, detail TEXT, changed_at INTEGER NOT NULL, events_read_at INTEGER,
  events_wanted INTEGER NOT NULL DEFAULT 1, detail_wanted INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (region, profile, stage_arn, session_id, participant_id)
);
CREATE VIRTUAL TABLE IF NOT EXISTS obs_user_search USING fts5(user_id, tokenize = 'trigram');
CREATE TRIGGER IF NOT EXISTS obs_participants_search_insert AFTER INSERT ON obs_participants BEGIN
  INSERT INTO obs_user_search (rowid, user_id) VALUES (new.rowid, new.user_id);
END;
CREATE TRIGGER IF NOT EXISTS obs_participants_search_update AFTER UPDATE OF user_id ON obs_participants BEGIN
  DELETE FROM obs_user_search WHERE rowid = old.rowid;
  INSERT INTO obs_user_search (rowid, user_id) VALUES (new.rowid, new.user_id);
END;
CREATE TRIGGER IF NOT EXISTS obs_participants_search_delete AFTER DELETE ON obs_participants BEGIN
  DELETE FROM obs_user_search WHERE rowid = old.rowid;
END;
CREATE TABLE IF NOT EXISTS obs_events (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  participant_id TEXT NOT NULL, event_key TEXT NOT NULL, ord INTEGER NOT NULL, event_time TEXT,
  name TEXT, error_code TEXT, data TEXT NOT NULL,
  PRIMARY KEY (region, profile, stage_arn, session_id, participant_id, event_key)
);
CREATE INDEX IF NOT EXISTS obs_events_errors ON obs_events (region, profile, stage_arn, session_id) WHERE error_code IS NOT NULL;
CREATE TABLE IF NOT EXISTS obs_pushed (
  id TEXT PRIMARY KEY, region TEXT NOT NULL, detail_type TEXT NOT NULL, event_name TEXT NOT NULL,
  resource TEXT NOT NULL, stage_arn TEXT, session_id TEXT, participant_id TEXT, event_time TEXT NOT NULL,
  received_at INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS obs_pushed_resource ON obs_pushed (resource, event_time);
`;

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

export function createObservationStore(db: Db) {
  db.exec(observationSchemaSql);
  // Participants stored before the search index existed.
  db.exec(
    "INSERT INTO obs_user_search (rowid, user_id) SELECT rowid, user_id FROM obs_participants WHERE rowid NOT IN (SELECT rowid FROM obs_user_search)",
  );
  const s = {
    stageGet: db.prepare("SELECT active_session_id FROM obs_stages WHERE region = ? AND profile = ? AND arn = ?"),
    stageUpsert:
      db.prepare(`INSERT INTO obs_stages (region, profile, arn, name, active_session_id, data, listed_at, gone_at)
      VALUES (@region, @profile, @arn, @name, @active, @data, @at, NULL)
      ON CONFLICT (region, profile, arn) DO UPDATE SET name = excluded.name, active_session_id = excluded.active_session_id,
        data = excluded.data, listed_at = excluded.listed_at, gone_at = NULL`),
    stagesUnlisted: db.prepare(
      "SELECT arn, active_session_id FROM obs_stages WHERE region = ? AND profile = ? AND listed_at < ? AND gone_at IS NULL",
    ),
    stageGone: db.prepare(
      "UPDATE obs_stages SET gone_at = ?, active_session_id = NULL WHERE region = ? AND profile = ? AND arn = ?",
    ),
    stagesAll: db.prepare(
      "SELECT data, active_session_id FROM obs_stages WHERE region = ? AND profile = ? AND gone_at IS NULL ORDER BY name, arn",
    ),
    stageName: db.prepare("SELECT name FROM obs_stages WHERE region = ? AND profile = ? AND arn = ?"),
    sessionEnsure:
      db.prepare(`INSERT INTO obs_sessions (region, profile, stage_arn, session_id, known_at, wanted_at, sweep_wanted)
      VALUES (?, ?, ?, ?, ?, NULL, 2) ON CONFLICT DO NOTHING`),
    sessionDetail:
      db.prepare(`INSERT INTO obs_sessions (region, profile, stage_arn, session_id, start_time, end_time, known_at, detail_read_at, sweep_wanted)
      VALUES (@region, @profile, @stageArn, @sessionId, @start, @end, @at, @at, @sweep)
      ON CONFLICT (region, profile, stage_arn, session_id) DO UPDATE SET start_time = coalesce(excluded.start_time, start_time),
        end_time = coalesce(excluded.end_time, end_time), detail_read_at = excluded.detail_read_at,
        sweep_wanted = CASE WHEN end_time IS NULL AND excluded.end_time IS NOT NULL THEN 2 ELSE sweep_wanted END`),
    sessionSummary:
      db.prepare(`INSERT INTO obs_sessions (region, profile, stage_arn, session_id, start_time, end_time, known_at, detail_read_at, sweep_wanted)
      VALUES (@region, @profile, @stageArn, @sessionId, @start, @end, @at, CASE WHEN @end IS NULL THEN NULL ELSE @at END, 1)
      ON CONFLICT (region, profile, stage_arn, session_id) DO UPDATE SET start_time = coalesce(excluded.start_time, start_time),
        end_time = coalesce(excluded.end_time, end_time)`),
    sessionWant: db.prepare(
      "UPDATE obs_sessions SET sweep_wanted = 2, wanted_at = ? WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    ),
    sessionListed: db.prepare(
      "UPDATE obs_sessions SET listed_at = ?, sweep_wanted = CASE WHEN wanted_at IS NULL OR wanted_at <= ? THEN 0 ELSE sweep_wanted END WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    ),
    sessionGet: db.prepare(
      "SELECT start_time, end_time, listed_at, known_at FROM obs_sessions WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    ),
    stageSessionsPending: db.prepare(
      "SELECT count(*) AS total, coalesce(sum(listed_at IS NULL OR sweep_wanted > 0), 0) AS pending FROM obs_sessions WHERE region = ? AND profile = ? AND stage_arn = ?",
    ),
    sessionsOfStage: db.prepare(
      "SELECT session_id, start_time, end_time FROM obs_sessions WHERE region = ? AND profile = ? AND stage_arn = ? ORDER BY coalesce(start_time, '') DESC, session_id DESC",
    ),
    sessionWork:
      db.prepare(`SELECT s.stage_arn, s.session_id, s.listed_at, s.sweep_wanted, s.detail_read_at, s.known_at,
        (st.active_session_id = s.session_id) AS live
      FROM obs_sessions s LEFT JOIN obs_stages st ON st.region = s.region AND st.profile = s.profile AND st.arn = s.stage_arn
      WHERE s.region = ? AND s.profile = ? AND (st.active_session_id = s.session_id OR s.sweep_wanted > 0 OR s.detail_read_at IS NULL)`),
    participantGet: db.prepare(
      "SELECT * FROM obs_participants WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ?",
    ),
    participantInsert:
      db.prepare(`INSERT INTO obs_participants (region, profile, stage_arn, session_id, participant_id, user_id, state, first_join_time, summary, changed_at)
      VALUES (@region, @profile, @stageArn, @sessionId, @participantId, @userId, @state, @firstJoin, @summary, @at)`),
    participantChange:
      db.prepare(`UPDATE obs_participants SET user_id = @userId, state = @state, first_join_time = @firstJoin, summary = @summary,
        changed_at = @at, events_wanted = 1 WHERE region = @region AND profile = @profile AND stage_arn = @stageArn AND session_id = @sessionId AND participant_id = @participantId`),
    participantDetail: db.prepare(
      `UPDATE obs_participants SET detail = ?, detail_wanted = 0 WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ?`,
    ),
    participantWant: db.prepare(
      `UPDATE obs_participants SET events_wanted = 1, changed_at = ? WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ?`,
    ),
    participantsOf: db.prepare(
      "SELECT summary FROM obs_participants WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? ORDER BY coalesce(first_join_time, ''), participant_id",
    ),
    participantWork:
      db.prepare(`SELECT p.stage_arn, p.session_id, p.participant_id, p.state, p.changed_at, p.events_read_at, p.events_wanted, p.detail_wanted,
        (st.active_session_id = p.session_id) AS live
      FROM obs_participants p LEFT JOIN obs_stages st ON st.region = p.region AND st.profile = p.profile AND st.arn = p.stage_arn
      WHERE p.region = ? AND p.profile = ? AND (p.events_wanted = 1 OR p.detail_wanted = 1 OR p.state = 'CONNECTED')`),
    scopeCoverage: db.prepare(`SELECT
        (SELECT count(*) FROM obs_sessions WHERE region = @region AND profile = @profile AND (listed_at IS NULL OR sweep_wanted > 0) AND (end_time IS NULL OR end_time >= @since)) AS sessions_pending,
        (SELECT count(*) FROM obs_sessions WHERE region = @region AND profile = @profile) AS sessions,
        (SELECT count(*) FROM obs_participants WHERE region = @region AND profile = @profile AND (events_read_at IS NULL OR events_wanted = 1)) AS pending,
        (SELECT count(*) FROM obs_participants WHERE region = @region AND profile = @profile) AS total`),
    eventsRead:
      db.prepare(`UPDATE obs_participants SET events_read_at = @at, events_wanted = CASE WHEN changed_at <= @started THEN 0 ELSE events_wanted END
      WHERE region = @region AND profile = @profile AND stage_arn = @stageArn AND session_id = @sessionId AND participant_id = @participantId`),
    eventKeys: db.prepare(
      "SELECT event_key, ord FROM obs_events WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ?",
    ),
    eventInsert:
      db.prepare(`INSERT INTO obs_events (region, profile, stage_arn, session_id, participant_id, event_key, ord, event_time, name, error_code, data)
      VALUES (@region, @profile, @stageArn, @sessionId, @participantId, @key, @ord, @time, @name, @errorCode, @data) ON CONFLICT DO NOTHING`),
    eventsOf: db.prepare(
      "SELECT data FROM obs_events WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ? AND participant_id = ? ORDER BY coalesce(event_time, '') DESC, ord DESC",
    ),
    coverage:
      db.prepare(`SELECT count(*) AS total, coalesce(sum(events_read_at IS NULL OR events_wanted = 1), 0) AS pending,
        min(CASE WHEN state = 'CONNECTED' THEN events_read_at END) AS oldest_live, max(events_read_at) AS newest
      FROM obs_participants WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?`),
    errorsOf: db.prepare(`SELECT e.participant_id, e.data, p.user_id FROM obs_events e
      JOIN obs_participants p ON p.region = e.region AND p.profile = e.profile AND p.stage_arn = e.stage_arn AND p.session_id = e.session_id AND p.participant_id = e.participant_id
      WHERE e.region = ? AND e.profile = ? AND e.stage_arn = ? AND e.session_id = ? AND e.error_code IS NOT NULL`),
    findUser:
      db.prepare(`SELECT p.stage_arn, p.session_id, p.participant_id, p.user_id, p.summary, st.name AS stage_name, s.start_time, s.end_time,
        (SELECT group_concat(DISTINCT e.error_code) FROM obs_events e WHERE e.region = p.region AND e.profile = p.profile AND e.stage_arn = p.stage_arn
          AND e.session_id = p.session_id AND e.participant_id = p.participant_id AND e.error_code IS NOT NULL) AS error_codes
      FROM obs_participants p
      LEFT JOIN obs_sessions s ON s.region = p.region AND s.profile = p.profile AND s.stage_arn = p.stage_arn AND s.session_id = p.session_id
      LEFT JOIN obs_stages st ON st.region = p.region AND st.profile = p.profile AND st.arn = p.stage_arn
      WHERE p.rowid IN (SELECT rowid FROM obs_user_search WHERE user_id LIKE @pattern)
        AND p.region = @region AND p.profile = @profile AND (@stageArn IS NULL OR p.stage_arn = @stageArn)
      ORDER BY (p.user_id = @exact) DESC, coalesce(p.first_join_time, '') DESC LIMIT @limit`),
    pushedInsert:
      db.prepare(`INSERT INTO obs_pushed (id, region, detail_type, event_name, resource, stage_arn, session_id, participant_id, event_time, received_at, data)
      VALUES (@id, @region, @detailType, @eventName, @resource, @stageArn, @sessionId, @participantId, @eventTime, @at, @data) ON CONFLICT (id) DO NOTHING`),
    pushedFor: db.prepare("SELECT data FROM obs_pushed WHERE resource = ? ORDER BY event_time, received_at"),
    pushedCount: db.prepare("SELECT count(*) AS n FROM obs_pushed"),
    purgeSessions: db.prepare(
      "DELETE FROM obs_sessions WHERE end_time IS NOT NULL AND end_time < ? RETURNING region, profile, stage_arn, session_id",
    ),
    purgeParticipants: db.prepare(
      "DELETE FROM obs_participants WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    ),
    purgeEvents: db.prepare(
      "DELETE FROM obs_events WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    ),
    purgePushed: db.prepare("DELETE FROM obs_pushed WHERE received_at < ?"),
  };

  const key = (scope: Scope) => [scope.region, scope.profile] as const;

  return {
    /**
     * A complete ListStages answer: upserts every stage and reports sessions that started or ended since the
     * last answer (stages no longer listed are marked gone, and their active session counts as ended).
     */
    recordStages: db.transaction((scope: Scope, stages: readonly StageSummary[], at: number): StageChange[] => {
      const changes: StageChange[] = [];
      for (const stage of stages) {
        const before =
          (s.stageGet.get(...key(scope), stage.arn) as { active_session_id: string | null } | undefined)
            ?.active_session_id ?? undefined;
        const active = stage.activeSessionId || undefined;
        s.stageUpsert.run({
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
          s.sessionWant.run(at, ...key(scope), stage.arn, before);
        }
        if (active && before !== active) {
          changes.push({ kind: "started", stageArn: stage.arn, sessionId: active });
          s.sessionEnsure.run(...key(scope), stage.arn, active, at);
        }
      }
      for (const gone of s.stagesUnlisted.all(...key(scope), at) as {
        arn: string;
        active_session_id: string | null;
      }[]) {
        s.stageGone.run(at, ...key(scope), gone.arn);
        if (gone.active_session_id) {
          changes.push({ kind: "ended", stageArn: gone.arn, sessionId: gone.active_session_id });
          s.sessionWant.run(at, ...key(scope), gone.arn, gone.active_session_id);
        }
      }
      return changes;
    }),

    stages(scope: Scope): StageSummary[] {
      return (s.stagesAll.all(...key(scope)) as { data: string }[]).flatMap(
        (row) => parse<StageSummary>(row.data) ?? [],
      );
    },

    stageName(scope: Scope, arn: string): string | undefined {
      return (s.stageName.get(...key(scope), arn) as { name: string | null } | undefined)?.name ?? undefined;
    },

    /** The stage has been listed at least once (its sessions can be answered from the store). */
    knowsStage(scope: Scope, arn: string): boolean {
      return s.stageGet.get(...key(scope), arn) !== undefined;
    },

    /** GetStageSession's answer. An ended session is swept once more (its last participant states). */
    recordSession(scope: Scope, stageArn: string, session: StageSession, at: number): void {
      if (!session.sessionId) return;
      s.sessionDetail.run({
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
    recordSessionSummaries: db.transaction(
      (scope: Scope, stageArn: string, sessions: readonly StageSession[], at: number) => {
        for (const session of sessions) {
          if (!session.sessionId) continue;
          s.sessionSummary.run({
            region: scope.region,
            profile: scope.profile,
            stageArn,
            sessionId: session.sessionId,
            start: session.startTime ?? null,
            end: session.endTime ?? null,
            at,
          });
        }
      },
    ),

    /**
     * Someone opened this session: make sure it has been read (`now`: list it again at once, e.g. EventBridge
     * named a participant the store does not know yet).
     */
    wantSession(scope: Scope, ref: SessionRef, at: number, now = false): void {
      s.sessionEnsure.run(...key(scope), ref.stageArn, ref.sessionId, at);
      const row = s.sessionGet.get(...key(scope), ref.stageArn, ref.sessionId) as
        { listed_at: number | null } | undefined;
      if (row && (now || row.listed_at === null)) s.sessionWant.run(at, ...key(scope), ref.stageArn, ref.sessionId);
    },

    session(scope: Scope, ref: SessionRef): (StageSession & { listedAt?: number }) | undefined {
      const row = s.sessionGet.get(...key(scope), ref.stageArn, ref.sessionId) as
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
    stageCoverage(scope: Scope, stageArn: string, asOf: number): Coverage {
      const row = s.stageSessionsPending.get(...key(scope), stageArn) as { total: number; pending: number };
      return { observed: true, pending: row.pending, total: row.total, asOf, unit: "sessions" };
    },

    sessionsOf(scope: Scope, stageArn: string): StageSession[] {
      return (
        s.sessionsOfStage.all(...key(scope), stageArn) as {
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
    recordParticipants: db.transaction(
      (scope: Scope, ref: SessionRef, list: readonly ParticipantSummary[], startedAt: number, at: number): string[] => {
        const changed: string[] = [];
        for (const summary of list) {
          const participantId = summary.participantId;
          if (!participantId) continue;
          const json = JSON.stringify(summary);
          const row = s.participantGet.get(...key(scope), ref.stageArn, ref.sessionId, participantId) as
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
            s.participantInsert.run(values);
            changed.push(participantId);
          } else if (row.summary !== json) {
            s.participantChange.run(values);
            changed.push(participantId);
          }
        }
        s.sessionListed.run(at, startedAt, ...key(scope), ref.stageArn, ref.sessionId);
        return changed;
      },
    ),

    recordParticipantDetail(scope: Scope, ref: SessionRef, participant: Participant): void {
      if (!participant.participantId) return;
      s.participantDetail.run(
        JSON.stringify(participant),
        ...key(scope),
        ref.stageArn,
        ref.sessionId,
        participant.participantId,
      );
    },

    /** A participant changed (EventBridge said so): read its events again, first. */
    wantParticipant(scope: Scope, ref: ParticipantRef, at: number): boolean {
      return s.participantWant.run(at, ...key(scope), ref.stageArn, ref.sessionId, ref.participantId).changes > 0;
    },

    /**
     * A read of a participant's events, newest first as IVS lists them: every page (`whole`) or the head pages
     * down to an event already known. Inserts what is new and returns how many, and whether the participant
     * stopped being pending; clears its "wanted" mark unless it changed again after the read started.
     */
    recordEvents: db.transaction(
      (
        scope: Scope,
        ref: ParticipantRef,
        newestFirst: readonly ParticipantEvent[],
        startedAt: number,
        at: number,
      ): { added: number; settled: boolean } => {
        const before = s.participantGet.get(...key(scope), ref.stageArn, ref.sessionId, ref.participantId) as
          ParticipantRow | undefined;
        const wasPending = before !== undefined && (before.events_read_at === null || before.events_wanted === 1);
        const known = new Map(
          (
            s.eventKeys.all(...key(scope), ref.stageArn, ref.sessionId, ref.participantId) as {
              event_key: string;
              ord: number;
            }[]
          ).map((r) => [r.event_key, r.ord]),
        );
        const oldestFirst = [...newestFirst].reverse();
        const keys = eventKeys(oldestFirst);
        let maxOrd = -1;
        for (const ord of known.values()) maxOrd = Math.max(maxOrd, ord);
        let added = 0;
        oldestFirst.forEach((event, i) => {
          const eventKey = keys[i] ?? "";
          if (known.has(eventKey)) return;
          maxOrd += 1;
          const inserted = s.eventInsert.run({
            region: scope.region,
            profile: scope.profile,
            stageArn: ref.stageArn,
            sessionId: ref.sessionId,
            participantId: ref.participantId,
            key: eventKey,
            ord: maxOrd,
            time: event.eventTime ?? null,
            name: event.name ?? null,
            errorCode: event.errorCode ?? null,
            data: JSON.stringify(event),
          });
          added += inserted.changes;
        });
        s.eventsRead.run({
          region: scope.region,
          profile: scope.profile,
          stageArn: ref.stageArn,
          sessionId: ref.sessionId,
          participantId: ref.participantId,
          at,
          started: startedAt,
        });
        const after = s.participantGet.get(...key(scope), ref.stageArn, ref.sessionId, ref.participantId) as
          ParticipantRow | undefined;
        // `settled`: the participant was pending and is not any more (the session's coverage changed).
        return { added, settled: wasPending && after?.events_wanted === 0 };
      },
    ),

    participants(scope: Scope, ref: SessionRef): ParticipantSummary[] {
      return (s.participantsOf.all(...key(scope), ref.stageArn, ref.sessionId) as { summary: string }[]).flatMap(
        (row) => parse<ParticipantSummary>(row.summary) ?? [],
      );
    },

    /** GetParticipant's fields when read, with the newest summary's state over them. */
    participant(scope: Scope, ref: ParticipantRef): { participant: Participant; detailed: boolean } | undefined {
      const row = s.participantGet.get(...key(scope), ref.stageArn, ref.sessionId, ref.participantId) as
        ParticipantRow | undefined;
      if (!row) return undefined;
      const summary = parse<ParticipantSummary>(row.summary) ?? {};
      const detail = parse<Participant>(row.detail);
      return { participant: { ...(detail ?? {}), ...summary }, detailed: detail !== undefined };
    },

    events(scope: Scope, ref: ParticipantRef): ParticipantEvent[] {
      return (
        s.eventsOf.all(...key(scope), ref.stageArn, ref.sessionId, ref.participantId) as { data: string }[]
      ).flatMap((row) => parse<ParticipantEvent>(row.data) ?? []);
    },

    /** Has this participant's event list been read at least once? */
    eventsRead(scope: Scope, ref: ParticipantRef): boolean {
      const row = s.participantGet.get(...key(scope), ref.stageArn, ref.sessionId, ref.participantId) as
        ParticipantRow | undefined;
      return row?.events_read_at !== null && row?.events_read_at !== undefined;
    },

    coverage(scope: Scope, ref: SessionRef): Coverage {
      const session = s.sessionGet.get(...key(scope), ref.stageArn, ref.sessionId) as
        { listed_at: number | null } | undefined;
      if (!session || session.listed_at === null) return { observed: false, pending: 0, total: 0 };
      const row = s.coverage.get(...key(scope), ref.stageArn, ref.sessionId) as {
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
    scopeCoverage(
      scope: Scope,
      sinceIso: string,
    ): Coverage & { readonly pendingSessions: number; readonly sessions: number } {
      const row = s.scopeCoverage.get({ region: scope.region, profile: scope.profile, since: sinceIso }) as {
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
    errors(scope: Scope, sessions: readonly SessionRef[]): StoredError[] {
      const out: StoredError[] = [];
      for (const ref of sessions) {
        for (const row of s.errorsOf.all(...key(scope), ref.stageArn, ref.sessionId) as {
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
    findUser(scope: Scope, term: string, options: { stageArn?: string; limit?: number } = {}): UserAppearance[] {
      // The trigram index answers LIKE without a scan but has no ESCAPE: `%` and `_` in a term match themselves
      // only in the exact-value filter below, so terms with them are searched on what surrounds them.
      const literal = term.replace(/[%_]/g, "");
      if (literal === "") return [];
      const rows = s.findUser.all({
        region: scope.region,
        profile: scope.profile,
        pattern: `%${literal}%`,
        exact: term,
        stageArn: options.stageArn ?? null,
        limit: options.limit ?? 200,
      }) as {
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
    sessionWork(scope: Scope): SessionWork[] {
      return (
        s.sessionWork.all(...key(scope)) as {
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
    participantWork(scope: Scope): ParticipantWork[] {
      return (s.participantWork.all(...key(scope)) as ParticipantRow[]).map((row) => ({
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
    recordPushed(record: PushedRecord, at: number): boolean {
      return (
        s.pushedInsert.run({
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
        }).changes > 0
      );
    },

    /** EventBridge events about one resource (a composition ARN, a stage ARN), in event-time order. */
    pushedFor(resource: string): unknown[] {
      return (s.pushedFor.all(resource) as { data: string }[]).flatMap((row) => parse<unknown>(row.data) ?? []);
    },

    pushedCount(): number {
      return (s.pushedCount.get() as { n: number }).n;
    },

    /** Forgets sessions that ended before `cutoffIso`, with their participants and events, and old pushed events. */
    purge: db.transaction((cutoffIso: string, cutoffMs: number): number => {
      const gone = s.purgeSessions.all(cutoffIso) as {
        region: string;
        profile: string;
        stage_arn: string;
        session_id: string;
      }[];
      for (const row of gone) {
        s.purgeParticipants.run(row.region, row.profile, row.stage_arn, row.session_id);
        s.purgeEvents.run(row.region, row.profile, row.stage_arn, row.session_id);
      }
      s.purgePushed.run(cutoffMs);
      return gone.length;
    }),
  };
}

export type ObservationStore = ReturnType<typeof createObservationStore>;

const globalKey = Symbol.for("ivs-control-room.observation-store");
type WithStore = typeof globalThis & { [globalKey]?: ObservationStore };

/** The process-wide store over the console's database. */
export function observationStore(): ObservationStore {
  const holder = globalThis as WithStore;
  holder[globalKey] ??= createObservationStore(ensureSchema("observation", observationSchemaSql));
  return holder[globalKey];
}
