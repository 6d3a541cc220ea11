import "server-only";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, sql, SqliteDialect, type SqliteDatabase, type SqliteStatement } from "kysely";
import pg from "pg";
import { env } from "@/server/env";
import { migrate } from "./migrate";
import type { Engine } from "./migrations";
import type { Tables } from "./tables";

/**
 * The console's own database, through one layer (Kysely) over two engines:
 * - `DATABASE_URL=postgres://…` → PostgreSQL (several console instances can share it);
 * - otherwise SQLite in one file, `CONSOLE_DB_PATH` (default `data/console.db`; `:memory:` for throwaway runs).
 * `consoleDb()` opens it once per process and brings its schema up to date (server/db/migrations) before
 * anything reads it. Stores take a `DbSource` (normally `consoleDb`) so tests can hand them their own database.
 */
export type { Engine } from "./migrations";
export type { Tables } from "./tables";

export interface ConsoleDb {
  readonly db: Kysely<Tables>;
  readonly engine: Engine;
  /** The file, or the URL without its password: for messages. */
  readonly location: string;
  /** PostgreSQL: the schema the tables live in (current_schema()). */
  readonly schema?: string | undefined;
  close(): Promise<void>;
}

/** Where a store gets its database: `consoleDb` in the app, a test's own database in tests. */
export type DbSource = () => Promise<ConsoleDb>;

export interface OpenOptions {
  /** A postgres:// URL; when absent, SQLite at `path`. */
  readonly url?: string | undefined;
  readonly path?: string | undefined;
  /** PostgreSQL: put the tables in this schema (tests: one schema each), created if missing. */
  readonly pgSchema?: string | undefined;
  readonly poolSize?: number | undefined;
  /** Bring the schema up to date (default true). */
  readonly migrate?: boolean | undefined;
}

/** The URL without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

/**
 * better-sqlite3 under Kysely, with prepared statements kept (Kysely prepares each query it runs; the collector
 * runs the same few statements thousands of times a minute).
 */
function withStatementCache(raw: Database.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(text: string): SqliteStatement {
      let statement = cache.get(text);
      if (!statement) {
        statement = raw.prepare(text);
        if (cache.size >= size) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

function openSqlite(path: string): ConsoleDb {
  if (path !== ":memory:") mkdirSync(dirname(resolve(/* turbopackIgnore: true */ path)), { recursive: true });
  const raw = new Database(path);
  raw.pragma("journal_mode = WAL");
  // WAL with NORMAL sync: a commit is not fsynced (the WAL is, at checkpoints). The file cannot be corrupted by
  // a crash; a power loss may drop the last commits. The collector commits thousands of small transactions.
  raw.pragma("synchronous = NORMAL");
  raw.pragma("foreign_keys = ON");
  raw.pragma("busy_timeout = 5000");
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  return { db, engine: "sqlite", location: path, close: () => db.destroy() };
}

/** BIGINT (epoch ms, ids, counts) and NUMERIC (sums) as numbers: every value the console stores fits a double. */
const numberTypes = new Set<number>([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    numberTypes.has(oid) && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function openPostgres(url: string, options: OpenOptions): Promise<ConsoleDb> {
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: pgTypes,
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await db.schema.createSchema(schema).ifNotExists().execute();
    const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
    return {
      db,
      engine: "postgres",
      location: redactUrl(url),
      schema: rows[0]?.schema,
      close: () => db.destroy(),
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** Opens (and by default migrates) a console database. The caller closes it. */
export async function openDatabase(options: OpenOptions = {}): Promise<ConsoleDb> {
  const handle = options.url ? await openPostgres(options.url, options) : openSqlite(options.path ?? ":memory:");
  if (options.migrate !== false) {
    try {
      await migrate(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

/** What the environment selects (server/env.ts): PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export function configuredDatabase(): OpenOptions {
  const { DATABASE_URL: url, CONSOLE_DB_PATH: path } = env();
  return url ? { url } : { path };
}

const globalKey = Symbol.for("ivs-control-room.console-db");
type WithDb = typeof globalThis & { [globalKey]?: Promise<ConsoleDb> };

/**
 * The process-wide console database, migrated. A database this code cannot run on (migrated by a newer
 * version, unreachable, a failed migration) stops the process with exit code 1 and the reason on stderr.
 */
export function consoleDb(): Promise<ConsoleDb> {
  const holder = globalThis as WithDb;
  holder[globalKey] ??= openDatabase(configuredDatabase()).catch((error: unknown) => {
    console.error(`Control Room: cannot use the console database: ${error instanceof Error ? error.message : error}`);
    if (process.env.VITEST === undefined) process.exit(1);
    throw error;
  });
  return holder[globalKey];
}

/** Tests: forget (and close) the process-wide database, so the next `consoleDb()` opens a fresh one. */
export async function resetConsoleDb(): Promise<void> {
  const holder = globalThis as WithDb;
  const current = holder[globalKey];
  holder[globalKey] = undefined;
  if (current) await (await current).close();
}
