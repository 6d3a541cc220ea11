/**
 * Vitest support for the cluster tests: a migrated console database on each engine the database tests run on
 * (server/db/testing.ts), and further handles on the same database, as other console instances would have.
 * SQLite uses a file (an in-memory database cannot be shared).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { openDatabase, type ConsoleDb, type Engine } from "@/server/db/database";
import { openTestDatabase, testEngines } from "@/server/db/testing";
import type { ClusterTables } from "./tables";

export { testEngines };

export interface ClusterTestDb {
  /** Another handle on the same database (another "instance"). */
  open(): Promise<Kysely<ClusterTables>>;
  close(): Promise<void>;
}

const cluster = (handle: ConsoleDb) => handle.db as unknown as Kysely<ClusterTables>;

export async function openClusterTestDb(engine: Engine): Promise<ClusterTestDb> {
  const handles: ConsoleDb[] = [];
  if (engine === "sqlite") {
    const path = join(mkdtempSync(join(tmpdir(), "cluster-test-")), "console.db");
    handles.push(await openDatabase({ path }));
    return {
      open: async () => {
        const handle = await openDatabase({ path, migrate: false });
        handles.push(handle);
        return cluster(handle);
      },
      close: async () => void (await Promise.all(handles.map((h) => h.close()))),
    };
  }
  const first = await openTestDatabase("postgres");
  return {
    open: async () => {
      const handle = await first.reopen({ migrate: false });
      handles.push(handle);
      return cluster(handle);
    },
    close: async () => {
      await Promise.all(handles.map((h) => h.close()));
      await first.close();
    },
  };
}
