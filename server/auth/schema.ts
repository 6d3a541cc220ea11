import "server-only";
import { sql, type RawBuilder } from "kysely";

/**
 * Accounts, sessions, sign-in failures and the audit trail live in the console database (server/db; tables in
 * server/db/migrations). Passwords are scrypt hashes; sessions are stored by the SHA-256 of their id (the id
 * itself only ever lives in the browser's cookie). The audit trail is append-only: the database refuses every
 * UPDATE and DELETE (triggers on both engines), and no code path issues one.
 */

/** `lower(column) = lower(value)`: user names compare ignoring (ASCII) case on both engines, like SQLite's NOCASE. */
export function sameName(column: "username" | "name", value: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) = lower(${value})`;
}
