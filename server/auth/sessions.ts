import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Role } from "@/lib/auth/roles";
import { consoleDb, type DbSource } from "@/server/db/database";
import { authSettings } from "./settings";

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
export function createSessionStore(source: DbSource, options: SessionOptions) {
  const remove = async (idHash: string) => {
    const { db } = await source();
    await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
  };

  return {
    /** A new session for `userId`: returns the id for the cookie (stored only as its hash). */
    async create(userId: number): Promise<{ id: string; expiresAt: number }> {
      const id = newSessionId();
      const at = options.now();
      const { db } = await source();
      await db
        .insertInto("sessions")
        .values({ id_hash: hashSessionId(id), user_id: userId, created_at: at, last_seen_at: at })
        .execute();
      return { id, expiresAt: at + options.absoluteMs };
    },

    /**
     * The session's user if the session is valid now. Refreshes its idle timer unless `touch` is false (the
     * browser's automatic polling must not keep an unattended console signed in forever).
     */
    async validate(
      id: string | undefined,
      { touch: refresh = true }: { touch?: boolean } = {},
    ): Promise<SessionUser | undefined> {
      if (!id || !sessionIdPattern.test(id)) return undefined;
      const idHash = hashSessionId(id);
      const { db } = await source();
      const row: SessionRow | undefined = await db
        .selectFrom("sessions as s")
        .innerJoin("users as u", "u.id", "s.user_id")
        .select(["s.id_hash", "s.user_id", "s.created_at", "s.last_seen_at", "u.username", "u.role", "u.disabled"])
        .where("s.id_hash", "=", idHash)
        .executeTakeFirst();
      if (!row) return undefined;
      const at = options.now();
      const idle = at - row.last_seen_at >= options.idleMs;
      const tooOld = at - row.created_at >= options.absoluteMs;
      if (idle || tooOld || row.disabled === 1) {
        await remove(idHash);
        return undefined;
      }
      if (refresh) await db.updateTable("sessions").set({ last_seen_at: at }).where("id_hash", "=", idHash).execute();
      return { id: row.user_id, username: row.username, role: row.role };
    },

    /** Sign-out: the session ends for good. */
    async revoke(id: string | undefined): Promise<void> {
      if (id && sessionIdPattern.test(id)) await remove(hashSessionId(id));
    },

    async revokeAllForUser(userId: number): Promise<void> {
      const { db } = await source();
      await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
    },

    /** Drops rows that can no longer be valid. */
    async purgeExpired(): Promise<number> {
      const at = options.now();
      const { db } = await source();
      const result = await db
        .deleteFrom("sessions")
        .where((eb) =>
          eb.or([eb("last_seen_at", "<", at - options.idleMs), eb("created_at", "<", at - options.absoluteMs)]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

let store: SessionStore | undefined;

/** The console's session store: process-wide database, real clock, timeouts from the environment. */
export function sessions(): SessionStore {
  if (!store) {
    const { idleMs, absoluteMs } = authSettings();
    store = createSessionStore(consoleDb, { now: Date.now, idleMs, absoluteMs });
  }
  return store;
}
