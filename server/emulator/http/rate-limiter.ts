/**
 * Stage (f), API rate quotas (api §6.1): one token bucket per (account, region, operation) with
 * capacity = TPS (at least 1) and a refill of TPS tokens per second of emulator-clock time. An empty bucket
 * answers 429 ThrottlingException (`{"message":"Rate exceeded"}`) with `Retry-After` in seconds.
 */
import type { Clock } from "@/server/emulator/clock";
import { EmulatorError } from "@/server/emulator/errors";

/** Rate for operations whose quota is not documented (the replication operations). */
export const defaultTps = 5;

export interface RateLimiterOptions {
  readonly clock: Clock;
  /** `false` (`--quotas off`) lets everything through. */
  readonly enabled: boolean;
}

export interface RateLimiter {
  /** Take one token for `key` at `tps`; throws a 429 `EmulatorError` when none is available. */
  take(key: RateKey, tps: number | undefined): void;
}

export interface RateKey {
  readonly account: string;
  readonly region: string;
  readonly operation: string;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function throttled(retryAfterSeconds: number): EmulatorError {
  return new EmulatorError("ThrottlingException", 429, "Rate exceeded", "message", {
    "Retry-After": String(retryAfterSeconds),
  });
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, tps) {
      if (!options.enabled) return;
      const rate = tps !== undefined && tps > 0 ? tps : defaultTps;
      const capacity = Math.max(1, rate);
      const id = `${key.account}\u0000${key.region}\u0000${key.operation}`;
      const now = options.clock.now();
      let bucket = buckets.get(id);
      if (bucket === undefined) {
        bucket = { tokens: capacity, updatedAt: now };
        buckets.set(id, bucket);
      } else if (now > bucket.updatedAt) {
        bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
        bucket.updatedAt = now;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const secondsUntilToken = (1 - bucket.tokens) / rate;
      throw throttled(Math.max(1, Math.ceil(secondsUntilToken)));
    },
  };
}
