import "server-only";
import { operations, type OperationName } from "@/lib/ivs/operations";
import { defaultIvsRegion } from "./config";
import { TokenBucket } from "./token-bucket";

/**
 * The IVS read budget of this process: one token bucket per (profile, region, operation) at 80 % of the
 * operation's documented TPS quota, shared by everything that reads IVS (the collector and the upstream cache),
 * so that the console as a whole never spends more than that, however many views or viewers it has. The 20 %
 * left over is for mutations (their own quotas, never paced here) and for hand-made calls from other tools.
 */
export const budgetShare = 0.8;

export interface Scope {
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
}

export function scopeKey(scope: Scope): string {
  return `${scope.profile ?? ""}\u0000${scope.region ?? defaultIvsRegion()}`;
}

export function createBudget(now: () => number = () => performance.now()) {
  const buckets = new Map<string, TokenBucket>();

  function bucket(scope: Scope, name: OperationName): TokenBucket {
    const key = `${scopeKey(scope)}\u0000${name}`;
    let found = buckets.get(key);
    if (!found) {
      const tps = operations[name].tps ?? 5;
      // No burst: calls are spaced by 1/rate, so no one-second window ever holds more than 80 % of the quota.
      found = new TokenBucket(Math.max(1, tps * budgetShare), 1, now);
      buckets.set(key, found);
    }
    return found;
  }

  return {
    /** Waits for a token of this operation's bucket (first come, first served). */
    take: (scope: Scope, name: OperationName) => bucket(scope, name).take(),
    /** A token now, or false (never waits). */
    tryTake: (scope: Scope, name: OperationName) => bucket(scope, name).tryTake(),
    /** Callers waiting for this operation's tokens. */
    queued: (scope: Scope, name: OperationName) => bucket(scope, name).queued,
  };
}

export type Budget = ReturnType<typeof createBudget>;

const globalKey = Symbol.for("ivs-control-room.budget");
type WithBudget = typeof globalThis & { [globalKey]?: Budget };

/** The process-wide budget (on globalThis: Next may load this module once per route bundle). */
export function budget(): Budget {
  const holder = globalThis as WithBudget;
  holder[globalKey] ??= createBudget();
  return holder[globalKey];
}
