import "server-only";
import { env } from "@/server/env";

/** Sign-in and session settings, from the environment (server/env.ts; README "Sign-in and roles"). */
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

export function authSettings(): AuthSettings {
  const vars = env();
  return {
    idleMs: vars.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: vars.CONSOLE_SESSION_MAX_HOURS * 3_600_000,
    maxFailuresPerUser: vars.CONSOLE_SIGNIN_MAX_FAILURES,
    maxFailuresPerIp: vars.CONSOLE_SIGNIN_MAX_FAILURES_PER_IP,
    lockoutMs: vars.CONSOLE_SIGNIN_LOCKOUT_MINUTES * 60_000,
  };
}
