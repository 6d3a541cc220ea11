import { sql, type Kysely } from "kysely";
import type { ConsoleMigration } from "./types";

/**
 * The audit page filters by user name ignoring case. The baseline's index on `username` could not answer that
 * (SQLite: the filter is `COLLATE NOCASE`, the index is not; PostgreSQL: the filter is on lower(username)), so
 * with many records the filter scanned the whole trail. This replaces it with an index the filter uses.
 */
export const auditUserSearch: ConsoleMigration = {
  async up(db: Kysely<unknown>, engine) {
    await sql`DROP INDEX IF EXISTS audit_log_user`.execute(db);
    if (engine === "sqlite") await sql`CREATE INDEX audit_log_user ON audit_log (username COLLATE NOCASE)`.execute(db);
    else await sql`CREATE INDEX audit_log_user ON audit_log (lower(username))`.execute(db);
  },
};
