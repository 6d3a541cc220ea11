import "server-only";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql, type Kysely } from "kysely";
import { configuredDatabase, consoleDb } from "@/server/db/database";
import { shareBudget } from "@/server/ivs/budget";
import { bus, announceMs, type ClusterSignal, type Envelope } from "@/server/push/bus";
import { createPgRelay } from "@/server/push/pg-relay";
import { createLease, runLeadership, type Leadership } from "./lease";
import { instanceId, type ClusterTables } from "./tables";

/**
 * Several console instances on one PostgreSQL database (README "Run several instances"):
 * - the collector, the metrics reader and alert evaluation run on exactly one instance, the holder of the
 *   `observation` lease (lease.ts: renewed every 3 s, lasts 15 s, so a dead holder is replaced within 18 s; a
 *   clean shutdown releases it at once);
 * - the push bus is relayed over LISTEN/NOTIFY (server/push/pg-relay.ts), so changes reach browsers connected
 *   to any instance, and the other instances' hints (a session opened, an EventBridge event) reach the holder;
 * - IVS reads take their turns from one budget in the database (server/ivs/budget.ts, `createSharedBudget`).
 * On SQLite (one instance) none of this runs: the work starts at once, in process, as it always did.
 */
export interface ObservationWork {
  /** This instance now observes: start the collector, the metrics reader and alert evaluation. */
  start(): void;
  /** It no longer does (lost the lease, or shutting down). */
  stop(): void;
  /** A hint from any instance, for the observing one. */
  handle(signal: ClusterSignal): void;
}

export const leaseTtlMs = 15_000;
export const leaseEveryMs = 3_000;

interface ClusterState {
  /** True once started on PostgreSQL. */
  clustered: boolean;
  /** Whether this instance observes now (always, once started, on SQLite). */
  observing: boolean;
  leadership?: Leadership;
}

const globalKey = Symbol.for("ivs-control-room.cluster");
type WithCluster = typeof globalThis & { [globalKey]?: ClusterState };

function state(): ClusterState {
  const holder = globalThis as WithCluster;
  holder[globalKey] ??= { clustered: false, observing: false };
  return holder[globalKey];
}

/** Whether this instance runs the collector now (hints are handled here rather than sent to the holder). */
export function isObserving(): boolean {
  return state().observing;
}

/** This instance's role, for the status endpoint and tests. */
export function clusterStatus(): { instance: string; clustered: boolean; observing: boolean } {
  const current = state();
  return { instance: instanceId, clustered: current.clustered, observing: current.observing };
}

/** The build this instance runs (Next's BUILD_ID in the build folder). */
function buildId(): string {
  try {
    const dir = process.env.NEXT_DIST_DIR || ".next";
    return readFileSync(join(/* turbopackIgnore: true */ process.cwd(), dir, "BUILD_ID"), "utf8").trim();
  } catch {
    return "unknown";
  }
}

/** Names, once each, another build some instance announces (every instance must run the same build). */
export function createBuildCheck(own: string, log: (message: string) => void): (envelope: Envelope) => void {
  const seen = new Set<string>();
  return (envelope) => {
    if (envelope.t !== "hello" || envelope.build === own || seen.has(envelope.build)) return;
    seen.add(envelope.build);
    log(
      `Cluster: instance ${envelope.instance} runs build ${envelope.build}, this one runs ${own}. Run one build on ` +
        "every instance: server actions of one build fail on another (README: Run several instances).",
    );
  };
}

/** Starts the observation work here, or competes for the lease when the database is PostgreSQL. */
export async function startCluster(work: ObservationWork): Promise<void> {
  const current = state();
  bus().onSignal((signal) => {
    if (current.observing) work.handle(signal);
  });
  const handle = await consoleDb();
  if (handle.engine !== "postgres") {
    current.observing = true;
    work.start();
    return;
  }
  const url = configuredDatabase().url ?? "";
  const db = handle.db as unknown as Kysely<ClusterTables>;
  current.clustered = true;
  shareBudget(db);

  const log = (message: string) => console.warn(message);
  const build = buildId();
  const checkBuild = createBuildCheck(build, log);
  if (!process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY)
    log(
      "Cluster: NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not set. Set the same key on every instance (and for the build) " +
        "so that server actions work whichever instance answers (README: Run several instances).",
    );
  const relay = createPgRelay({
    url,
    notify: async (channel, payload) => {
      await sql`SELECT pg_notify(${channel}, ${payload})`.execute(db);
    },
    receive: (envelope) => {
      checkBuild(envelope);
      bus().receive(envelope);
    },
    reconnected: () => bus().resync(),
    log,
  });
  bus().useRelay(relay);
  // What is on this instance's screens, for the holder's collector (it reads on-screen sessions first), and
  // which build it runs (an instance on another build is named in the others' logs).
  const announcer = setInterval(() => {
    relay.send({ t: "hello", instance: instanceId, build });
    for (const envelope of bus().announcements()) relay.send(envelope);
  }, announceMs);
  announcer.unref?.();

  const lease = createLease({ db, name: "observation", holder: instanceId, ttlMs: leaseTtlMs, now: Date.now });
  current.leadership = runLeadership({
    lease,
    everyMs: leaseEveryMs,
    onGain: () => {
      current.observing = true;
      console.log(`Cluster: this instance (${instanceId}) observes now (holds the observation lease).`);
      work.start();
    },
    onLose: () => {
      current.observing = false;
      console.log(`Cluster: this instance (${instanceId}) no longer observes.`);
      work.stop();
    },
    log,
  });
  await current.leadership.tick();

  // A clean stop releases the lease at once (another instance takes over within one attempt, ~3 s) and ends
  // this instance's streams, so browsers reconnect through the load balancer. Next's own handler exits after.
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    clearInterval(announcer);
    bus().closeAll();
    const released = (current.leadership?.stop() ?? Promise.resolve()).finally(() => relay.stop());
    // Next's own handler exits as soon as its server has closed, which would cut the release short (the others
    // would then wait for the lease to expire): its exit waits for the release, 2 s at the most.
    const exit = process.exit.bind(process);
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    process.exit = ((code?: Parameters<typeof process.exit>[0]) => {
      void Promise.race([released, deadline]).finally(() => exit(code));
    }) as typeof process.exit;
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
