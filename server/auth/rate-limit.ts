import "server-only";
import { consoleDb, type DbSource } from "@/server/db/database";
import { authSettings } from "./settings";

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
export function createSignInLimiter(source: DbSource, options: LimiterOptions) {
  const userKey = (username: string) => `user:${username.toLowerCase()}`;
  const ipKey = (ip: string) => `ip:${ip}`;

  async function lockOf(key: string, max: number, at: number): Promise<number> {
    const { db } = await source();
    const failures = await db
      .selectFrom("sign_in_failures")
      .select("at")
      .where("key", "=", key)
      .where("at", ">", at - options.lockoutMs)
      .orderBy("at", "desc")
      .execute();
    const latest = failures[0];
    return failures.length >= max && latest ? latest.at + options.lockoutMs - at : 0;
  }

  return {
    async check(username: string, ip: string): Promise<LockState> {
      const at = options.now();
      const [user, address] = await Promise.all([
        lockOf(userKey(username), options.maxPerUser, at),
        lockOf(ipKey(ip), options.maxPerIp, at),
      ]);
      const wait = Math.max(user, address);
      return wait > 0 ? { locked: true, retryAfterMs: wait } : { locked: false };
    },
    async recordFailure(username: string, ip: string): Promise<void> {
      const at = options.now();
      const { db } = await source();
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom("sign_in_failures")
          .where("at", "<=", at - options.lockoutMs)
          .execute();
        await trx
          .insertInto("sign_in_failures")
          .values([
            { key: userKey(username), at },
            { key: ipKey(ip), at },
          ])
          .execute();
      });
    },
    async recordSuccess(username: string): Promise<void> {
      const { db } = await source();
      await db.deleteFrom("sign_in_failures").where("key", "=", userKey(username)).execute();
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

let limiter: SignInLimiter | undefined;

/** The console's limiter: counted in the console database, so every instance sharing it counts the same failures. */
export function signInLimiter(): SignInLimiter {
  if (!limiter) {
    const settings = authSettings();
    limiter = createSignInLimiter(consoleDb, {
      now: Date.now,
      maxPerUser: settings.maxFailuresPerUser,
      maxPerIp: settings.maxFailuresPerIp,
      lockoutMs: settings.lockoutMs,
    });
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
