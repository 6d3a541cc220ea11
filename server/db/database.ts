import "server-only";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

/**
 * The console's own database (SQLite via better-sqlite3): layout presets, accounts, sessions, audit trail.
 * One file per deployment (`CONSOLE_DB_PATH`, default `data/console.db`; `:memory:` for throwaway runs).
 * Each feature declares its tables with `ensureSchema`, which runs its statements once per process.
 */
type Db = Database.Database;

const globalKey = Symbol.for("ivs-control-room.db");
type WithDb = typeof globalThis & { [globalKey]?: { db: Db; schemas: Set<string> } };

function open(): { db: Db; schemas: Set<string> } {
  const path = process.env.CONSOLE_DB_PATH || "data/console.db";
  if (path !== ":memory:") mkdirSync(dirname(resolve(/* turbopackIgnore: true */ path)), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return { db, schemas: new Set() };
}

export function database(): Db {
  const holder = globalThis as WithDb;
  holder[globalKey] ??= open();
  return holder[globalKey].db;
}

/** Runs a feature's `CREATE TABLE IF NOT EXISTS …` statements once per process. */
export function ensureSchema(name: string, sql: string): Db {
  const db = database();
  const holder = (globalThis as WithDb)[globalKey];
  if (holder && !holder.schemas.has(name)) {
    db.exec(sql);
    holder.schemas.add(name);
  }
  return db;
}
