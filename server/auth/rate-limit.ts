import "server-only";
import type Database from "better-sqlite3";
import { authDb } from "./schema";
import { authSettings } from "./settings";

type Db = Database.Database;

export interface LimiterOptions {
  readonly now: () => number;
  readonly maxPerUser: number;
  readonly maxPerIp: number;
  /** Both the counting window and the lockout length. */
  readonly lockoutMs: number;
}

export type LockState = { readonly locked: false } | { readonly locked: true; readonly retryAfterMs: number };

/**
 * Sign-in throttling: `maxPerUser` failures for one user name (known or not) or `maxPerIp` from one address
 * within `lockoutMs` lock further attempts until `lockoutMs` after the latest failure. While locked, the
 * password is not even checked, so guessing cannot continue. A success clears the user name's failures.
 */
export function createSignInLimiter(db: Db, options: LimiterOptions) {
  const recent = db.prepare<[string, number], { at: number }>(
    "SELECT at FROM sign_in_failures WHERE key = ? AND at > ? ORDER BY at DESC",
  );
  const insert = db.prepare("INSERT INTO sign_in_failures (key, at) VALUES (?, ?)");
  const clear = db.prepare("DELETE FROM sign_in_failures WHERE key = ?");
  const forgetOld = db.prepare("DELETE FROM sign_in_failures WHERE at <= ?");

  const userKey = (username: string) => `user:${username.toLowerCase()}`;
  const ipKey = (ip: string) => `ip:${ip}`;

  function lockOf(key: string, max: number, at: number): number {
    const failures = recent.all(key, at - options.lockoutMs);
    const latest = failures[0];
    return failures.length >= max && latest ? latest.at + options.lockoutMs - at : 0;
  }

  return {
    check(username: string, ip: string): LockState {
      const at = options.now();
      const wait = Math.max(lockOf(userKey(username), options.maxPerUser, at), lockOf(ipKey(ip), options.maxPerIp, at));
      return wait > 0 ? { locked: true, retryAfterMs: wait } : { locked: false };
    },
    recordFailure(username: string, ip: string): void {
      const at = options.now();
      forgetOld.run(at - options.lockoutMs);
      insert.run(userKey(username), at);
      insert.run(ipKey(ip), at);
    },
    recordSuccess(username: string): void {
      clear.run(userKey(username));
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

const limiters = new WeakMap<Db, SignInLimiter>();

export function signInLimiter(): SignInLimiter {
  const db = authDb();
  let limiter = limiters.get(db);
  if (!limiter) {
    const settings = authSettings();
    limiter = createSignInLimiter(db, {
      now: Date.now,
      maxPerUser: settings.maxFailuresPerUser,
      maxPerIp: settings.maxFailuresPerIp,
      lockoutMs: settings.lockoutMs,
    });
    limiters.set(db, limiter);
  }
  return limiter;
}

/** "14 minutes" / "1 minute" / "40 seconds". */
export function describeWait(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.ceil(ms / 60_000);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}
