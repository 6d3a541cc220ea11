import "server-only";
import { sql, type Kysely } from "kysely";
import { operations, type OperationName } from "@/lib/ivs/operations";
import type { ClusterTables } from "@/server/cluster/tables";
import { defaultIvsRegion } from "./config";
import { TokenBucket } from "./token-bucket";

/**
 * The IVS read budget: per (profile, region, operation), 80 % of the operation's documented TPS quota, shared
 * by everything that reads IVS (the collector and the upstream cache), so that the console as a whole never
 * spends more than that, however many views or viewers it has. The 20 % left over is for mutations (their own
 * quotas, never paced here) and for hand-made calls from other tools.
 *
 * One instance (SQLite): an in-process token bucket per operation (`createBudget`). Several instances
 * (PostgreSQL): one schedule in the database that every instance takes its calls from (`createSharedBudget`),
 * so three instances together still never spend more than 80 % of a quota.
 */
export const budgetShare = 0.8;

/** What the collector and the upstream cache need: wait for this operation's next call. */
export interface Budget {
  take(scope: Scope, name: OperationName): Promise<void>;
}

/** Calls of an operation are spaced by this much (ms): no one-second window ever holds more than 80 % of its quota. */
export function spacingMs(name: OperationName): number {
  return 1000 / Math.max(1, (operations[name].tps ?? 5) * budgetShare);
}

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
      // No burst: calls are spaced by 1/rate, so no one-second window ever holds more than 80 % of the quota.
      found = new TokenBucket(1000 / spacingMs(name), 1, now);
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

export type LocalBudget = ReturnType<typeof createBudget>;

/**
 * Across instances the spacing gets a 5 % guard band (76 % of the quota on average): each call leaves its process
 * a little after its slot (timers, event-loop lag, the database round trip), differently in every process, and
 * without a margin that jitter put 5 calls of a 5 TPS operation into one second (bench: 3 instances, loaded host).
 */
export function sharedSpacingMs(name: OperationName): number {
  return spacingMs(name) * 1.05;
}

export interface SharedBudgetDeps {
  readonly db: Kysely<ClusterTables>;
  /** Epoch milliseconds (comparable between instances, unlike performance.now()). */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The budget of a cluster: every call of every instance reserves the next free slot of its operation in one
 * database row (`cluster_budget`, GCRA: the row holds the earliest time of the next call; a reservation moves
 * it one spacing later in a single atomic upsert), then waits for its slot. Slots are handed out in order of
 * arrival at the database, never closer than the spacing, whichever instance asks: the sum over all instances
 * is what one instance alone would be allowed. The cost is one small write per IVS read (at most the budget's
 * own rate: about 4 a second per operation and scope), and an instance that needs no calls takes no share.
 */
export function createSharedBudget(deps: SharedBudgetDeps) {
  const now = deps.now ?? Date.now;
  const sleep =
    deps.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        setTimeout(resolve, ms).unref?.();
      }));

  /** Reserves the next slot of this operation for one call; resolves with the slot's time (ms). */
  async function reserve(scope: Scope, name: OperationName): Promise<number> {
    // Printable (PostgreSQL text holds no NUL): profile names cannot contain "|".
    const key = `${scope.profile ?? ""}|${scope.region ?? defaultIvsRegion()}|${name}`;
    const at = now();
    const spacing = sharedSpacingMs(name);
    const row = await deps.db
      .insertInto("cluster_budget")
      .values({ key, next_at: at + spacing })
      .onConflict((conflict) =>
        conflict.column("key").doUpdateSet({
          next_at: sql<number>`CASE WHEN cluster_budget.next_at > ${at} THEN cluster_budget.next_at ELSE ${at} END + ${spacing}`,
        }),
      )
      .returning(["next_at"])
      .executeTakeFirstOrThrow();
    return Number(row.next_at) - spacing;
  }

  return {
    reserve,
    async take(scope: Scope, name: OperationName): Promise<void> {
      const slot = await reserve(scope, name);
      const wait = slot - now();
      if (wait > 0) await sleep(wait);
    },
  };
}

const globalKey = Symbol.for("ivs-control-room.budget");
type WithBudget = typeof globalThis & { [globalKey]?: Budget };

/** The process-wide budget (on globalThis: Next may load this module once per route bundle). */
export function budget(): Budget {
  const holder = globalThis as WithBudget;
  holder[globalKey] ??= createBudget();
  return holder[globalKey];
}

/** From now on this process takes its IVS reads from the cluster's shared budget (server/cluster/start.ts). */
export function shareBudget(db: Kysely<ClusterTables>): void {
  (globalThis as WithBudget)[globalKey] = createSharedBudget({ db });
}
