/**
 * Vitest support: the engines the database tests run on, and a fresh database per test.
 *   describe.each(testEngines)("users on %s", (engine) => { … const handle = await openTestDatabase(engine) … })
 * SQLite always (in memory). PostgreSQL when TEST_DATABASE_URL is set (scripts/pg-cluster.sh prints one); each
 * test gets its own schema in that database, dropped on close, so parallel workers never meet. Under CI the
 * PostgreSQL tests run even without the URL, and fail: CI must test both engines.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type ConsoleDb, type Engine } from "./database";

export type { Engine } from "./database";

const url = process.env.TEST_DATABASE_URL?.trim() || undefined;

export const testEngines: readonly Engine[] = url || process.env.CI ? ["sqlite", "postgres"] : ["sqlite"];

let extension: Promise<void> | undefined;

/** pg_trgm once per database, in `public` (every test schema's search path ends with it). */
async function ensureTrigramExtension(admin: pg.Client): Promise<void> {
  try {
    await admin.query("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public");
  } catch (error) {
    // Two workers creating it at once: one wins, the other sees a duplicate. Either way it exists now.
    const exists = await admin.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'");
    if (exists.rowCount === 0) throw error;
  }
}

async function withAdmin<T>(connection: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase extends ConsoleDb {
  /** Opens a second handle on the same database (or schema), as another console instance would. */
  reopen(options?: { migrate?: boolean }): Promise<ConsoleDb>;
}

/** A fresh, empty database of `engine` (migrated unless `migrate: false`). Close it when done. */
export async function openTestDatabase(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (engine === "sqlite") {
    const handle = await openDatabase({ path: ":memory:", migrate: options.migrate });
    return { ...handle, reopen: () => Promise.reject(new Error("an in-memory SQLite database cannot be reopened")) };
  }
  if (!url) {
    throw new Error(
      "TEST_DATABASE_URL is not set: CI runs the database tests on PostgreSQL too (export TEST_DATABASE_URL=$(scripts/pg-cluster.sh)).",
    );
  }
  const schema = `t_${process.pid}_${randomBytes(5).toString("hex")}`;
  extension ??= withAdmin(url, ensureTrigramExtension);
  await extension;
  const open = (migrate?: boolean) => openDatabase({ url, pgSchema: schema, poolSize: 3, migrate });
  const handle = await open(options.migrate);
  return {
    ...handle,
    reopen: (again = {}) => open(again.migrate),
    close: async () => {
      await handle.close();
      await withAdmin(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}
