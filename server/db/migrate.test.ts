import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql, type Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type ConsoleDb } from "./database";
import { appliedMigrations, DatabaseNewerThanCode, migrate } from "./migrate";
import { migrations, type ConsoleMigration } from "./migrations";
import { openTestDatabase, testEngines } from "./testing";

const names = migrations.map(([name]) => name);
const open: ConsoleDb[] = [];
afterEach(async () => {
  for (const handle of open.splice(0)) await handle.close();
});

async function rows(handle: ConsoleDb, table: string): Promise<Record<string, unknown>[]> {
  return (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(handle.db)).rows;
}

describe.each(testEngines)("migrations on %s", (engine) => {
  it("creates every table on an empty database, once", async () => {
    const handle = await openTestDatabase(engine, { migrate: false });
    open.push(handle);
    expect(await migrate(handle)).toEqual(names);
    expect(await appliedMigrations(handle)).toEqual(names);
    expect(await migrate(handle)).toEqual([]);
    for (const table of ["users", "sessions", "audit_log", "layout_presets", "obs_participants", "alert_rules"])
      expect(await rows(handle, table)).toEqual([]);
  });

  it("refuses a database migrated by a newer version, naming both versions, and changes nothing", async () => {
    const handle = await openTestDatabase(engine, { migrate: false });
    open.push(handle);
    const future: ConsoleMigration = {
      up: async (db: Kysely<unknown>) => {
        await sql`CREATE TABLE from_the_future (x INTEGER)`.execute(db);
      },
    };
    await migrate(handle, [...migrations, ["0999_future", future]]);
    const before = await appliedMigrations(handle);
    const refused = migrate(handle);
    await expect(refused).rejects.toBeInstanceOf(DatabaseNewerThanCode);
    await expect(refused).rejects.toThrow(new RegExp(`0999_future.*knows migrations up to ${names.at(-1)}`));
    expect(await appliedMigrations(handle)).toEqual(before);
  });

  it("a failing migration leaves the database as it was (one transaction)", async () => {
    const handle = await openTestDatabase(engine, { migrate: false });
    open.push(handle);
    await migrate(handle, migrations.slice(0, 1));
    const broken: ConsoleMigration = {
      up: async (db: Kysely<unknown>) => {
        await sql`CREATE TABLE half_done (x INTEGER)`.execute(db);
        await sql`SELECT * FROM no_such_table`.execute(db);
      },
    };
    await expect(migrate(handle, [...migrations, ["0999_broken", broken]])).rejects.toThrow(/0999_broken failed/);
    expect(await appliedMigrations(handle)).toEqual(names.slice(0, 1));
    await expect(rows(handle, "half_done")).rejects.toThrow();
  });

  it("the audit trail refuses UPDATE and DELETE in the database itself", async () => {
    const handle = await openTestDatabase(engine);
    open.push(handle);
    await sql`INSERT INTO audit_log (at, username, kind, operation, outcome) VALUES ('2026-01-01T00:00:00.000Z', 'alice', 'auth', 'SignIn', 'success')`.execute(
      handle.db,
    );
    await expect(sql`UPDATE audit_log SET outcome = 'failure'`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(handle.db)).rejects.toThrow(/append-only/);
    if (engine === "postgres") await expect(sql`TRUNCATE audit_log`.execute(handle.db)).rejects.toThrow(/append-only/);
    expect(await rows(handle, "audit_log")).toEqual([expect.objectContaining({ outcome: "success" })]);
  });

  it("0002 (audit user index) keeps the trail, and the case-insensitive user filter uses the new index", async () => {
    const handle = await openTestDatabase(engine, { migrate: false });
    open.push(handle);
    await migrate(handle, migrations.slice(0, 1));
    await sql`INSERT INTO audit_log (at, username, kind, operation, outcome) VALUES ('2026-01-01T00:00:00.000Z', 'Alice', 'auth', 'SignIn', 'success')`.execute(
      handle.db,
    );
    expect(await migrate(handle, migrations.slice(0, 2))).toEqual(["0002_audit_user_search"]);
    expect(await rows(handle, "audit_log")).toEqual([
      expect.objectContaining({ username: "Alice", operation: "SignIn" }),
    ]);
    const plan =
      engine === "sqlite"
        ? (
            await sql<{
              detail: string;
            }>`EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE username = 'alice' COLLATE NOCASE`.execute(handle.db)
          ).rows
            .map((row) => row.detail)
            .join(" ")
        : (
            await sql<{
              indexdef: string;
            }>`SELECT indexdef FROM pg_indexes WHERE indexname = 'audit_log_user' AND schemaname = current_schema()`.execute(
              handle.db,
            )
          ).rows[0]?.indexdef;
    expect(plan).toMatch(engine === "sqlite" ? /USING INDEX audit_log_user/ : /lower\(username\)/);
  });
});

describe("a console.db written before versioned migrations", () => {
  const dir = mkdtempSync(join(tmpdir(), "console-db-"));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("upgrades in place with every row kept", async () => {
    const path = join(dir, "console.db");
    copyFileSync("server/db/fixtures/console-before-migrations.db", path);
    const before = await openDatabase({ path, migrate: false });
    const tables = [
      "users",
      "sessions",
      "sign_in_failures",
      "audit_log",
      "layout_presets",
      "obs_stages",
      "obs_sessions",
      "obs_participants",
      "obs_events",
      "obs_pushed",
      "obs_metric_points",
      "obs_metric_reads",
      "alert_meta",
      "alert_rules",
      "alert_alerts",
      "alert_history",
      "alert_webhooks",
      "alert_deliveries",
    ] as const;
    const snapshot = new Map<string, Record<string, unknown>[]>();
    for (const table of tables) snapshot.set(table, await rows(before, table));
    await before.close();
    for (const table of tables) expect(snapshot.get(table)?.length, table).toBeGreaterThan(0);

    const after = await openDatabase({ path });
    open.push(after);
    expect(await appliedMigrations(after)).toEqual(names);
    for (const table of tables) expect(await rows(after, table), table).toEqual(snapshot.get(table));
    // The search index and the append-only triggers still work on the adopted file.
    const found = await sql<{
      user_id: string;
    }>`SELECT p.user_id FROM obs_participants p WHERE p.rowid IN (SELECT rowid FROM obs_user_search WHERE user_id LIKE '%lice@%')`.execute(
      after.db,
    );
    expect(found.rows).toEqual([{ user_id: "alice@example.com" }]);
    await expect(sql`DELETE FROM audit_log`.execute(after.db)).rejects.toThrow(/append-only/);
    // Reopening changes nothing more.
    await after.close();
    open.pop();
    const again = await openDatabase({ path });
    open.push(again);
    expect(await migrate(again)).toEqual([]);
  });
});
