import "server-only";
import { sql, type Kysely } from "kysely";
import type { ClusterTables } from "./tables";

/**
 * A lease held in the database: at most one holder at a time, for `ttlMs` after its last renewal. Taking and
 * renewing are one atomic upsert (`INSERT … ON CONFLICT DO UPDATE … WHERE holder = me OR expired`), the same
 * statement on SQLite and PostgreSQL, so two instances racing for a free or expired lease cannot both win.
 *
 * The holder also keeps its own deadline (`heldUntil`, by its own clock): when it cannot renew (the database is
 * unreachable), it stops acting as the holder at that deadline, before anybody else may take the lease over.
 */
export interface LeaseDeps {
  readonly db: Kysely<ClusterTables>;
  readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;
  readonly now: () => number;
}

export interface LeaseState {
  readonly holder: string;
  readonly expiresAt: number;
  readonly acquiredAt: number;
}

export function createLease(deps: LeaseDeps) {
  const { db, name, holder, ttlMs } = deps;
  let heldUntil = 0;

  return {
    name,
    holder,
    /** Takes the lease if it is free or expired, renews it if this holder has it. True when held afterwards. */
    async acquire(): Promise<boolean> {
      const now = deps.now();
      const expiresAt = now + ttlMs;
      const row = await db
        .insertInto("cluster_leases")
        .values({ name, holder, expires_at: expiresAt, acquired_at: now })
        .onConflict((conflict) =>
          conflict
            .column("name")
            .doUpdateSet({
              holder,
              expires_at: expiresAt,
              // A renewal keeps the original acquisition time; a takeover starts a new one.
              acquired_at: sql<number>`CASE WHEN cluster_leases.holder = ${holder} THEN cluster_leases.acquired_at ELSE ${now} END`,
            })
            .where((eb) =>
              eb.or([eb("cluster_leases.holder", "=", holder), eb("cluster_leases.expires_at", "<=", now)]),
            ),
        )
        .returning(["holder"])
        .executeTakeFirst();
      heldUntil = row?.holder === holder ? expiresAt : 0;
      return heldUntil > 0;
    },
    /** Gives the lease up at once (clean shutdown): another instance takes it at its next attempt. */
    async release(): Promise<void> {
      heldUntil = 0;
      await db.deleteFrom("cluster_leases").where("name", "=", name).where("holder", "=", holder).execute();
    },
    /** Whether this holder may act now: it renewed within the lease's time, by its own clock. */
    holds(now: number = deps.now()): boolean {
      return now < heldUntil;
    },
    /** The lease as stored (for the status page, tests and benchmarks). */
    async state(): Promise<LeaseState | undefined> {
      const row = await db
        .selectFrom("cluster_leases")
        .select(["holder", "expires_at", "acquired_at"])
        .where("name", "=", name)
        .executeTakeFirst();
      return row
        ? { holder: row.holder, expiresAt: Number(row.expires_at), acquiredAt: Number(row.acquired_at) }
        : undefined;
    },
  };
}

export type Lease = ReturnType<typeof createLease>;

export interface LeadershipDeps {
  readonly lease: Lease;
  /** How often the holder renews and the others try to take over (a third of the lease's time or less). */
  readonly everyMs: number;
  /** Became the holder: start the work. */
  readonly onGain: () => void;
  /** Stopped being the holder (lost, expired or released): stop the work. */
  readonly onLose: () => void;
  readonly log?: (message: string) => void;
  readonly setInterval?: (run: () => void, ms: number) => { unref?: () => void } | number;
  readonly clearInterval?: (handle: unknown) => void;
}

/**
 * Runs a lease: tries to take it now and every `everyMs`, calls `onGain` when this instance becomes the
 * holder and `onLose` when it stops being it (a failed renewal, or its own deadline passing while the database
 * does not answer). `stop()` gives the lease up (clean shutdown). Every attempt is awaited before the next.
 */
export function runLeadership(deps: LeadershipDeps) {
  const { lease } = deps;
  let leading = false;
  let busy: Promise<void> | undefined;
  let stopped = false;
  let lastError = "";

  const setLeading = (now: boolean) => {
    if (now === leading) return;
    leading = now;
    if (now) deps.onGain();
    else deps.onLose();
  };

  async function attempt(): Promise<void> {
    if (stopped) return;
    try {
      const held = await lease.acquire();
      if (stopped) return;
      lastError = "";
      setLeading(held);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) deps.log?.(`lease ${lease.name}: cannot reach the database (${message})`);
      lastError = message;
      setLeading(lease.holds());
    }
  }

  const tick = (): Promise<void> => {
    busy ??= attempt().finally(() => {
      busy = undefined;
    });
    return busy;
  };
  const every = deps.setInterval ?? ((run, ms) => setInterval(run, ms));
  const timer = every(() => void tick(), deps.everyMs);
  if (typeof timer === "object") timer.unref?.();

  return {
    /** One attempt now (tests drive it with a fake clock; the timer calls it every `everyMs`). */
    tick,
    leading: () => leading,
    /** Stops trying, stops the work if this instance leads, and releases the lease. */
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      (deps.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>)))(timer);
      await busy;
      const wasLeading = leading;
      setLeading(false);
      if (wasLeading) await lease.release().catch(() => {});
    },
  };
}

export type Leadership = ReturnType<typeof runLeadership>;
