import type { Kysely } from "kysely";

export type Engine = "sqlite" | "postgres";

/** One schema change. `up` runs inside the migration lock (and, on both engines, inside one transaction). */
export interface ConsoleMigration {
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}
