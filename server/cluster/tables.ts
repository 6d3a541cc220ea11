import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";

/**
 * The tables the cluster code reads and writes (created by the migration `cluster` in server/db/migrations/).
 * Times are milliseconds since the epoch as the instances' clocks give them (kept in step by NTP); they are
 * stored as double precision so that both engines hand back plain numbers.
 */
export interface ClusterTables {
  /** One row per lease (e.g. "observation"): who holds it and until when. */
  cluster_leases: {
    name: string;
    holder: string;
    expires_at: number;
    acquired_at: number;
  };
  /**
   * The IVS read budget shared by every instance: one row per (profile, region, operation) holding the earliest
   * time the next call may be made (a "theoretical arrival time", GCRA).
   */
  cluster_budget: {
    key: string;
    next_at: number;
  };
}

/** This process's name in the cluster tables: host, pid and a random suffix (a restarted pid is another holder). */
export const instanceId = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
