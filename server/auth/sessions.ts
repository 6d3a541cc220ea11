import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { Role } from "@/lib/auth/roles";
import { authDb } from "./schema";
import { authSettings } from "./settings";

type Db = Database.Database;

/** Who a valid session belongs to (read fresh from the users table on every request: role changes apply at once). */
export interface SessionUser {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
}

export interface SessionOptions {
  readonly now: () => number;
  readonly idleMs: number;
  readonly absoluteMs: number;
}

interface SessionRow {
  id_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  username: string;
  role: Role;
  disabled: 0 | 1;
}

/** The SHA-256 (hex) of a session id: what the database keeps. A leaked database row cannot be replayed as a cookie. */
export function hashSessionId(id: string): string {
  return createHash("sha256").update(id, "utf8").digest("hex");
}

/** 32 random bytes, base64url: the opaque session id that lives only in the browser's cookie. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * Server-side sessions with an idle timeout (no request for `idleMs`) and an absolute one (`absoluteMs` after
 * sign-in). An expired, unknown or disabled user's session is refused and forgotten.
 */
export function createSessionStore(db: Db, options: SessionOptions) {
  const insert = db.prepare("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)");
  const select = db.prepare<[string], SessionRow>(
    `SELECT s.id_hash, s.user_id, s.created_at, s.last_seen_at, u.username, u.role, u.disabled
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
  );
  const touch = db.prepare("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?");
  const remove = db.prepare("DELETE FROM sessions WHERE id_hash = ?");
  const removeUser = db.prepare("DELETE FROM sessions WHERE user_id = ?");
  const purge = db.prepare("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?");

  return {
    /** A new session for `userId`: returns the id for the cookie (stored only as its hash). */
    create(userId: number): { id: string; expiresAt: number } {
      const id = newSessionId();
      const at = options.now();
      insert.run(hashSessionId(id), userId, at, at);
      return { id, expiresAt: at + options.absoluteMs };
    },

    /**
     * The session's user if the session is valid now. Refreshes its idle timer unless `touch` is false (the
     * browser's automatic polling must not keep an unattended console signed in forever).
     */
    validate(id: string | undefined, { touch: refresh = true }: { touch?: boolean } = {}): SessionUser | undefined {
      if (!id || !sessionIdPattern.test(id)) return undefined;
      const idHash = hashSessionId(id);
      const row = select.get(idHash);
      if (!row) return undefined;
      const at = options.now();
      const idle = at - row.last_seen_at >= options.idleMs;
      const tooOld = at - row.created_at >= options.absoluteMs;
      if (idle || tooOld || row.disabled === 1) {
        remove.run(idHash);
        return undefined;
      }
      if (refresh) touch.run(at, idHash);
      return { id: row.user_id, username: row.username, role: row.role };
    },

    /** Sign-out: the session ends for good. */
    revoke(id: string | undefined): void {
      if (id && sessionIdPattern.test(id)) remove.run(hashSessionId(id));
    },

    revokeAllForUser(userId: number): void {
      removeUser.run(userId);
    },

    /** Drops rows that can no longer be valid. */
    purgeExpired(): number {
      const at = options.now();
      return purge.run(at - options.idleMs, at - options.absoluteMs).changes;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

/** The console's session store: process-wide database, real clock, timeouts from the environment. */
const stores = new WeakMap<Db, SessionStore>();

export function sessions(): SessionStore {
  const db = authDb();
  let store = stores.get(db);
  if (!store) {
    const { idleMs, absoluteMs } = authSettings();
    stores.set(db, (store = createSessionStore(db, { now: Date.now, idleMs, absoluteMs })));
  }
  return store;
}
