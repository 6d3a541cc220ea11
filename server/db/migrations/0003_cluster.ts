import type { Kysely } from "kysely";
import type { ConsoleMigration } from "./types";

/**
 * Several console instances on one database (server/cluster/): the lease of the instance that observes, and the
 * IVS read budget every instance takes its calls from. Times are epoch milliseconds as double precision, which
 * both engines hand back as plain numbers (the budget's spacings have fractions of a millisecond).
 */
export const cluster: ConsoleMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("cluster_leases")
      .addColumn("name", "text", (col) => col.primaryKey())
      .addColumn("holder", "text", (col) => col.notNull())
      .addColumn("expires_at", "double precision", (col) => col.notNull())
      .addColumn("acquired_at", "double precision", (col) => col.notNull())
      .execute();
    await db.schema
      .createTable("cluster_budget")
      .addColumn("key", "text", (col) => col.primaryKey())
      .addColumn("next_at", "double precision", (col) => col.notNull())
      .execute();
  },
};
