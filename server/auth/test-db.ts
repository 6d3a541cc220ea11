/** Vitest support: a fresh in-memory database with the auth tables (for store-level tests with their own clock). */
import Database from "better-sqlite3";
import { authSchemaSql } from "./schema";

export function freshAuthDb(): Database.Database {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  db.exec(authSchemaSql);
  return db;
}
