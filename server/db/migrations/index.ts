import { baseline } from "./0001_baseline";
import { auditUserSearch } from "./0002_audit_user_search";
import { cluster } from "./0003_cluster";
import type { ConsoleMigration } from "./types";

/**
 * Every migration, oldest first, listed here explicitly (no folder scanning: it must survive a production
 * build's bundling). Names sort in order; a new migration gets the next number and is appended. A migration,
 * once released, never changes: fix forward with a new one.
 */
export const migrations: readonly (readonly [name: string, migration: ConsoleMigration])[] = [
  ["0001_baseline", baseline],
  ["0002_audit_user_search", auditUserSearch],
  ["0003_cluster", cluster],
];

export type { ConsoleMigration, Engine } from "./types";
