import { sql, type Kysely } from "kysely";
import type { ConsoleMigration } from "./types";

/**
 * The schema as the console created it before versioned migrations (each feature ran `CREATE TABLE IF NOT
 * EXISTS` at first use). On SQLite the statements are those very statements, so a `console.db` written by an
 * earlier version is adopted as it is (nothing is dropped or rewritten) and a new file gets the same schema.
 * On PostgreSQL the same tables: integer times as BIGINT, case-insensitive names through unique indexes on
 * lower(name), the user-id search through a pg_trgm GIN index (SQLite: an FTS5 trigram table), and the audit
 * trail's append-only triggers as a PL/pgSQL function.
 */
const sqlite = [
  // Accounts, sessions, sign-in failures, audit trail (server/auth).
  `CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
)`,
  `CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id)`,
  `CREATE TABLE IF NOT EXISTS sign_in_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
)`,
  `CREATE INDEX IF NOT EXISTS sign_in_failures_key ON sign_in_failures(key, at)`,
  `CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user_id INTEGER,
  username TEXT,
  role TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('mutation', 'reveal', 'user', 'auth')),
  operation TEXT NOT NULL,
  target TEXT,
  region TEXT,
  account TEXT,
  input TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'denied', 'invalid')),
  error_code TEXT,
  request_id TEXT,
  ip TEXT
)`,
  `CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at)`,
  `CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log(username)`,
  `CREATE INDEX IF NOT EXISTS audit_log_operation ON audit_log(operation)`,
  `CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`,
  `CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`,
  // Layout presets (server/db/presets.ts).
  `CREATE TABLE IF NOT EXISTS layout_presets (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  layout TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT
)`,
  // The observation store (server/observe/store.ts).
  `CREATE TABLE IF NOT EXISTS obs_stages (
  region TEXT NOT NULL, profile TEXT NOT NULL, arn TEXT NOT NULL,
  name TEXT, active_session_id TEXT, data TEXT NOT NULL, listed_at INTEGER NOT NULL, gone_at INTEGER,
  PRIMARY KEY (region, profile, arn)
)`,
  `CREATE TABLE IF NOT EXISTS obs_sessions (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  start_time TEXT, end_time TEXT, known_at INTEGER NOT NULL,
  listed_at INTEGER, sweep_wanted INTEGER NOT NULL DEFAULT 1, wanted_at INTEGER, detail_read_at INTEGER,
  PRIMARY KEY (region, profile, stage_arn, session_id)
)`,
  `CREATE TABLE IF NOT EXISTS obs_participants (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  participant_id TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT '', state TEXT, first_join_time TEXT,
  summary TEXT NOT NULL, detail TEXT, changed_at INTEGER NOT NULL, events_read_at INTEGER,
  events_wanted INTEGER NOT NULL DEFAULT 1, detail_wanted INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (region, profile, stage_arn, session_id, participant_id)
)`,
  `CREATE VIRTUAL TABLE IF NOT EXISTS obs_user_search USING fts5(user_id, tokenize = 'trigram')`,
  `CREATE TRIGGER IF NOT EXISTS obs_participants_search_insert AFTER INSERT ON obs_participants BEGIN
  INSERT INTO obs_user_search (rowid, user_id) VALUES (new.rowid, new.user_id);
END`,
  `CREATE TRIGGER IF NOT EXISTS obs_participants_search_update AFTER UPDATE OF user_id ON obs_participants BEGIN
  DELETE FROM obs_user_search WHERE rowid = old.rowid;
  INSERT INTO obs_user_search (rowid, user_id) VALUES (new.rowid, new.user_id);
END`,
  `CREATE TRIGGER IF NOT EXISTS obs_participants_search_delete AFTER DELETE ON obs_participants BEGIN
  DELETE FROM obs_user_search WHERE rowid = old.rowid;
END`,
  // Participants stored before the search index existed.
  `INSERT INTO obs_user_search (rowid, user_id) SELECT rowid, user_id FROM obs_participants WHERE rowid NOT IN (SELECT rowid FROM obs_user_search)`,
  `CREATE TABLE IF NOT EXISTS obs_events (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  participant_id TEXT NOT NULL, event_key TEXT NOT NULL, ord INTEGER NOT NULL, event_time TEXT,
  name TEXT, error_code TEXT, data TEXT NOT NULL,
  PRIMARY KEY (region, profile, stage_arn, session_id, participant_id, event_key)
)`,
  `CREATE INDEX IF NOT EXISTS obs_events_errors ON obs_events (region, profile, stage_arn, session_id) WHERE error_code IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS obs_pushed (
  id TEXT PRIMARY KEY, region TEXT NOT NULL, detail_type TEXT NOT NULL, event_name TEXT NOT NULL,
  resource TEXT NOT NULL, stage_arn TEXT, session_id TEXT, participant_id TEXT, event_time TEXT NOT NULL,
  received_at INTEGER NOT NULL, data TEXT NOT NULL
)`,
  `CREATE INDEX IF NOT EXISTS obs_pushed_resource ON obs_pushed (resource, event_time)`,
  // Metrics (server/observe/metrics.ts).
  `CREATE TABLE IF NOT EXISTS obs_metric_points (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, participant_id TEXT NOT NULL,
  series TEXT NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL,
  PRIMARY KEY (region, profile, stage_arn, participant_id, series, t)
) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS obs_metric_reads (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  read_from INTEGER NOT NULL, read_until INTEGER NOT NULL, read_at INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (region, profile, stage_arn, session_id)
)`,
  // Alerts (server/alerts/store.ts).
  `CREATE TABLE IF NOT EXISTS alert_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS alert_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT
)`,
  `CREATE TABLE IF NOT EXISTS alert_alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT, rule_id INTEGER NOT NULL, rule_name TEXT NOT NULL, kind TEXT NOT NULL,
  severity TEXT NOT NULL, region TEXT NOT NULL, profile TEXT NOT NULL, subject_key TEXT NOT NULL, subject TEXT NOT NULL,
  summary TEXT NOT NULL, evidence TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('firing', 'acknowledged', 'resolved')),
  fired_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, clear_since INTEGER,
  acknowledged_at TEXT, acknowledged_by TEXT, resolved_at TEXT
)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS alert_alerts_open ON alert_alerts (rule_id, region, profile, subject_key) WHERE state <> 'resolved'`,
  `CREATE INDEX IF NOT EXISTS alert_alerts_state ON alert_alerts (state, id)`,
  `CREATE TABLE IF NOT EXISTS alert_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id INTEGER NOT NULL, at TEXT NOT NULL, transition TEXT NOT NULL, actor TEXT, detail TEXT
)`,
  `CREATE INDEX IF NOT EXISTS alert_history_alert ON alert_history (alert_id, id)`,
  `CREATE TABLE IF NOT EXISTS alert_webhooks (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, url TEXT NOT NULL, format TEXT NOT NULL CHECK (format IN ('json', 'slack')),
  secret TEXT NOT NULL, enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)), updated_at TEXT NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS alert_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, webhook_id INTEGER NOT NULL, alert_id INTEGER NOT NULL, transition TEXT NOT NULL,
  attempt INTEGER NOT NULL, outcome TEXT NOT NULL, http_status INTEGER, error TEXT, duration_ms INTEGER NOT NULL, at TEXT NOT NULL
)`,
  `CREATE INDEX IF NOT EXISTS alert_deliveries_at ON alert_deliveries (id)`,
];

const postgres = [
  `CREATE TABLE users (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  username TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  disabled SMALLINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL
)`,
  `CREATE UNIQUE INDEX users_username ON users (lower(username))`,
  `CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
)`,
  `CREATE INDEX sessions_user ON sessions(user_id)`,
  `CREATE TABLE sign_in_failures (key TEXT NOT NULL, at BIGINT NOT NULL)`,
  `CREATE INDEX sign_in_failures_key ON sign_in_failures(key, at)`,
  `CREATE TABLE audit_log (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at TEXT NOT NULL,
  user_id BIGINT,
  username TEXT,
  role TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('mutation', 'reveal', 'user', 'auth')),
  operation TEXT NOT NULL,
  target TEXT,
  region TEXT,
  account TEXT,
  input TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'denied', 'invalid')),
  error_code TEXT,
  request_id TEXT,
  ip TEXT
)`,
  `CREATE INDEX audit_log_at ON audit_log(at)`,
  `CREATE INDEX audit_log_user ON audit_log(username)`,
  `CREATE INDEX audit_log_operation ON audit_log(operation)`,
  `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$`,
  `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
  `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
  `CREATE TABLE layout_presets (
  name TEXT PRIMARY KEY,
  layout TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT
)`,
  `CREATE UNIQUE INDEX layout_presets_name ON layout_presets (lower(name))`,
  `CREATE TABLE obs_stages (
  region TEXT NOT NULL, profile TEXT NOT NULL, arn TEXT NOT NULL,
  name TEXT, active_session_id TEXT, data TEXT NOT NULL, listed_at BIGINT NOT NULL, gone_at BIGINT,
  PRIMARY KEY (region, profile, arn)
)`,
  `CREATE TABLE obs_sessions (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  start_time TEXT, end_time TEXT, known_at BIGINT NOT NULL,
  listed_at BIGINT, sweep_wanted INTEGER NOT NULL DEFAULT 1, wanted_at BIGINT, detail_read_at BIGINT,
  PRIMARY KEY (region, profile, stage_arn, session_id)
)`,
  `CREATE TABLE obs_participants (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  participant_id TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT '', state TEXT, first_join_time TEXT,
  summary TEXT NOT NULL, detail TEXT, changed_at BIGINT NOT NULL, events_read_at BIGINT,
  events_wanted INTEGER NOT NULL DEFAULT 1, detail_wanted INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (region, profile, stage_arn, session_id, participant_id)
)`,
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  `CREATE INDEX obs_participants_user_search ON obs_participants USING gin (user_id gin_trgm_ops)`,
  `CREATE TABLE obs_events (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  participant_id TEXT NOT NULL, event_key TEXT NOT NULL, ord INTEGER NOT NULL, event_time TEXT,
  name TEXT, error_code TEXT, data TEXT NOT NULL,
  PRIMARY KEY (region, profile, stage_arn, session_id, participant_id, event_key)
)`,
  `CREATE INDEX obs_events_errors ON obs_events (region, profile, stage_arn, session_id) WHERE error_code IS NOT NULL`,
  `CREATE TABLE obs_pushed (
  id TEXT PRIMARY KEY, region TEXT NOT NULL, detail_type TEXT NOT NULL, event_name TEXT NOT NULL,
  resource TEXT NOT NULL, stage_arn TEXT, session_id TEXT, participant_id TEXT, event_time TEXT NOT NULL,
  received_at BIGINT NOT NULL, data TEXT NOT NULL
)`,
  `CREATE INDEX obs_pushed_resource ON obs_pushed (resource, event_time)`,
  `CREATE TABLE obs_metric_points (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, participant_id TEXT NOT NULL,
  series TEXT NOT NULL, t BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (region, profile, stage_arn, participant_id, series, t)
)`,
  `CREATE TABLE obs_metric_reads (
  region TEXT NOT NULL, profile TEXT NOT NULL, stage_arn TEXT NOT NULL, session_id TEXT NOT NULL,
  read_from BIGINT NOT NULL, read_until BIGINT NOT NULL, read_at BIGINT NOT NULL, done INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (region, profile, stage_arn, session_id)
)`,
  `CREATE TABLE alert_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE alert_rules (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT
)`,
  `CREATE TABLE alert_alerts (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, rule_id BIGINT NOT NULL, rule_name TEXT NOT NULL, kind TEXT NOT NULL,
  severity TEXT NOT NULL, region TEXT NOT NULL, profile TEXT NOT NULL, subject_key TEXT NOT NULL, subject TEXT NOT NULL,
  summary TEXT NOT NULL, evidence TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('firing', 'acknowledged', 'resolved')),
  fired_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, clear_since BIGINT,
  acknowledged_at TEXT, acknowledged_by TEXT, resolved_at TEXT
)`,
  `CREATE UNIQUE INDEX alert_alerts_open ON alert_alerts (rule_id, region, profile, subject_key) WHERE state <> 'resolved'`,
  `CREATE INDEX alert_alerts_state ON alert_alerts (state, id)`,
  `CREATE TABLE alert_history (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, alert_id BIGINT NOT NULL, at TEXT NOT NULL, transition TEXT NOT NULL, actor TEXT, detail TEXT
)`,
  `CREATE INDEX alert_history_alert ON alert_history (alert_id, id)`,
  `CREATE TABLE alert_webhooks (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL, format TEXT NOT NULL CHECK (format IN ('json', 'slack')),
  secret TEXT NOT NULL, enabled SMALLINT NOT NULL CHECK (enabled IN (0, 1)), updated_at TEXT NOT NULL
)`,
  `CREATE TABLE alert_deliveries (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, webhook_id BIGINT NOT NULL, alert_id BIGINT NOT NULL, transition TEXT NOT NULL,
  attempt INTEGER NOT NULL, outcome TEXT NOT NULL, http_status INTEGER, error TEXT, duration_ms INTEGER NOT NULL, at TEXT NOT NULL
)`,
];

export const baseline: ConsoleMigration = {
  async up(db: Kysely<unknown>, engine) {
    for (const statement of engine === "sqlite" ? sqlite : postgres) await sql.raw(statement).execute(db);
  },
};
