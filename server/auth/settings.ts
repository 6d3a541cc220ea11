import "server-only";

/** Sign-in and session settings, from the environment (documented in README "Sign-in and roles"). */
export interface AuthSettings {
  /** A session ends after this long without a request (CONSOLE_SESSION_IDLE_MINUTES, default 30). */
  readonly idleMs: number;
  /** …and this long after sign-in, however active (CONSOLE_SESSION_MAX_HOURS, default 12). */
  readonly absoluteMs: number;
  /** Failed sign-ins per user name within the window before a lockout (CONSOLE_SIGNIN_MAX_FAILURES, default 5). */
  readonly maxFailuresPerUser: number;
  /** Failed sign-ins per client address within the window (CONSOLE_SIGNIN_MAX_FAILURES_PER_IP, default 20). */
  readonly maxFailuresPerIp: number;
  /** Window and lockout length (CONSOLE_SIGNIN_LOCKOUT_MINUTES, default 15). */
  readonly lockoutMs: number;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function authSettings(): AuthSettings {
  return {
    idleMs: positive("CONSOLE_SESSION_IDLE_MINUTES", 30) * 60_000,
    absoluteMs: positive("CONSOLE_SESSION_MAX_HOURS", 12) * 3_600_000,
    maxFailuresPerUser: Math.floor(positive("CONSOLE_SIGNIN_MAX_FAILURES", 5)),
    maxFailuresPerIp: Math.floor(positive("CONSOLE_SIGNIN_MAX_FAILURES_PER_IP", 20)),
    lockoutMs: positive("CONSOLE_SIGNIN_LOCKOUT_MINUTES", 15) * 60_000,
  };
}
