import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "../migrate";
import { openTestDatabase, testEngines, type TestDatabase } from "../testing";
import { migrations } from "./index";

const open: TestDatabase[] = [];
const rows = async (handle: TestDatabase) =>
  (await sql<Record<string, unknown>>`SELECT * FROM audit_log`.execute(handle.db)).rows;
afterEach(async () => {
  for (const handle of open.splice(0)) await handle.close();
});

describe.each(testEngines)("migration 0003_cluster on %s", (engine) => {
  it("adds the lease and budget tables to a database at 0002 with data in it, keeping the data", async () => {
    const handle = await openTestDatabase(engine, { migrate: false });
    open.push(handle);
    const upTo0002 = migrations.slice(
      0,
      migrations.findIndex(([name]) => name === "0003_cluster"),
    );
    await migrate(handle, upTo0002);
    await sql`INSERT INTO audit_log (at, username, kind, operation, outcome) VALUES ('2026-01-01T00:00:00.000Z', 'alice', 'auth', 'SignIn', 'success')`.execute(
      handle.db,
    );
    expect(await migrate(handle, migrations.slice(0, upTo0002.length + 1))).toEqual(["0003_cluster"]);
    expect(await rows(handle)).toEqual([expect.objectContaining({ username: "alice", operation: "SignIn" })]);
    await sql`INSERT INTO cluster_leases (name, holder, expires_at, acquired_at) VALUES ('observation', 'a', 1.5, 1)`.execute(
      handle.db,
    );
    await sql`INSERT INTO cluster_budget (key, next_at) VALUES ('|us-east-1|ListStages', 1234.25)`.execute(handle.db);
    const lease = (await sql<{ expires_at: number }>`SELECT expires_at FROM cluster_leases`.execute(handle.db)).rows[0];
    const slot = (await sql<{ next_at: number }>`SELECT next_at FROM cluster_budget`.execute(handle.db)).rows[0];
    // Fractions of a millisecond survive, and both engines give numbers back.
    expect(lease?.expires_at).toBe(1.5);
    expect(slot?.next_at).toBe(1234.25);
    // One lease per name.
    await expect(
      sql`INSERT INTO cluster_leases (name, holder, expires_at, acquired_at) VALUES ('observation', 'b', 2, 2)`.execute(
        handle.db,
      ),
    ).rejects.toThrow();
  });
});
