import "server-only";
import type Database from "better-sqlite3";
import { ensureSchema } from "@/server/db/database";

type Db = Database.Database;

/**
 * Accounts, sessions, sign-in failures and the audit trail. Passwords are scrypt hashes; sessions are stored
 * by the SHA-256 of their id (the id itself only ever lives in the browser's cookie). The audit trail is
 * append-only: triggers refuse every UPDATE and DELETE, and no code path issues one.
 */
export const authSchemaSql = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);

CREATE TABLE IF NOT EXISTS sign_in_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_failures_key ON sign_in_failures(key, at);

CREATE TABLE IF NOT EXISTS audit_log (
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
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log(username);
CREATE INDEX IF NOT EXISTS audit_log_operation ON audit_log(operation);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
`;

/** The console database with the auth tables in place. */
export function authDb(): Db {
  return ensureSchema("auth", authSchemaSql);
}
