import "server-only";
import { Migrator, sql, type Kysely, type Migration } from "kysely";
import type { ConsoleDb } from "./database";
import { migrations as allMigrations, type ConsoleMigration } from "./migrations";

type MigrationList = readonly (readonly [string, ConsoleMigration])[];

/** The database has migrations this code does not have: it was upgraded by a newer console. */
export class DatabaseNewerThanCode extends Error {
  constructor(
    readonly location: string,
    readonly unknown: readonly string[],
    readonly codeLatest: string | undefined,
  ) {
    super(
      `the database at ${location} was migrated by a newer version of the console: it has ${unknown.length === 1 ? "migration" : "migrations"} ` +
        `${unknown.join(", ")}, and this version knows migrations up to ${codeLatest ?? "(none)"}. ` +
        "Run the newer version (or restore a backup taken before the upgrade). The database was not changed.",
    );
    this.name = "DatabaseNewerThanCode";
  }
}

const table = "kysely_migration";

/** Names of the migrations already applied (none when the migration table does not exist yet). */
export async function appliedMigrations(handle: ConsoleDb): Promise<string[]> {
  const db = handle.db as unknown as Kysely<Record<string, { name: string }>>;
  const exists =
    handle.engine === "sqlite"
      ? (
          await sql<{
            n: number;
          }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(db)
        ).rows[0]?.n
      : (
          await sql<{
            n: number;
          }>`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ${handle.schema ?? "public"} AND table_name = ${table}`.execute(
            db,
          )
        ).rows[0]?.n;
  if (!exists) return [];
  const query = handle.schema ? db.withSchema(handle.schema) : db;
  return (await query.selectFrom(table).select("name").orderBy("name").execute()).map((row) => row.name);
}

/**
 * Brings the schema up to date under a lock: PostgreSQL's advisory lock (Kysely's), SQLite's write lock
 * (BEGIN IMMEDIATE: a second process waits, then finds nothing left to do). Every pending migration runs in one
 * transaction on both engines, so a failure leaves the database as it was. A database with a migration this
 * code does not know is refused (DatabaseNewerThanCode) before anything changes. Returns the names applied.
 */
export async function migrate(handle: ConsoleDb, list: MigrationList = allMigrations): Promise<string[]> {
  const known = new Set(list.map(([name]) => name));
  const refuseNewer = async () => {
    const unknown = (await appliedMigrations(handle)).filter((name) => !known.has(name));
    if (unknown.length > 0) throw new DatabaseNewerThanCode(handle.location, unknown, list.at(-1)?.[0]);
  };
  const migrator = new Migrator({
    db: handle.db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          list.map(([name, migration]): [string, Migration] => [
            name,
            { up: (db: Kysely<unknown>) => migration.up(db, handle.engine) },
          ]),
        ),
    },
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });

  const run = async (): Promise<string[]> => {
    await refuseNewer();
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((result) => result.status === "Error")?.migrationName;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(failed ? `migration ${failed} failed: ${reason}` : reason, { cause: error });
    }
    return (results ?? []).filter((result) => result.status === "Success").map((result) => result.migrationName);
  };

  if (handle.engine === "postgres") return run();
  // SQLite: Kysely's driver has one connection, so these statements and the migrator's share the transaction.
  await sql`BEGIN IMMEDIATE`.execute(handle.db);
  try {
    const applied = await run();
    await sql`COMMIT`.execute(handle.db);
    return applied;
  } catch (error) {
    await sql`ROLLBACK`.execute(handle.db);
    throw error;
  }
}
