import "server-only";
import { sql } from "kysely";
import { isRole, type Role } from "@/lib/auth/roles";
import { redactSecrets } from "@/lib/ivs/redact";
import { consoleDb, type DbSource } from "@/server/db/database";
import { sameName } from "./schema";

export const auditKinds = ["mutation", "reveal", "user", "auth"] as const;
export type AuditKind = (typeof auditKinds)[number];
export const auditOutcomes = ["success", "failure", "denied", "invalid"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export interface AuditActor {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
}

/** What one audited act records. */
export interface AuditEvent {
  readonly actor?: AuditActor | undefined;
  /** For sign-in attempts without a matching user: the user name typed. */
  readonly username?: string | undefined;
  readonly kind: AuditKind;
  readonly operation: string;
  readonly target?: string | undefined;
  readonly region?: string | undefined;
  readonly input?: unknown;
  readonly outcome: AuditOutcome;
  readonly errorCode?: string | undefined;
  readonly requestId?: string | undefined;
  readonly ip?: string | undefined;
}

export interface AuditRecord {
  readonly id: number;
  readonly at: string;
  readonly userId: number | null;
  readonly username: string | null;
  readonly role: Role | null;
  readonly kind: AuditKind;
  readonly operation: string;
  readonly target: string | null;
  readonly region: string | null;
  readonly account: string | null;
  /** JSON of the input with secrets masked, or null. */
  readonly input: string | null;
  readonly outcome: AuditOutcome;
  readonly errorCode: string | null;
  readonly requestId: string | null;
  readonly ip: string | null;
}

export interface AuditFilter {
  readonly user?: string | undefined;
  readonly operation?: string | undefined;
  readonly outcome?: AuditOutcome | undefined;
  /** ISO timestamps, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Page backwards: only records older than this id. */
  readonly beforeId?: number | undefined;
  readonly limit?: number | undefined;
}

interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  username: string | null;
  role: string | null;
  kind: AuditKind;
  operation: string;
  target: string | null;
  region: string | null;
  account: string | null;
  input: string | null;
  outcome: AuditOutcome;
  error_code: string | null;
  request_id: string | null;
  ip: string | null;
}

/** The AWS account of an ARN (`arn:aws:ivs:<region>:<account>:…`), if it has one. */
export function accountFromArn(arn: string | undefined): string | undefined {
  const account = arn?.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

const maxInputChars = 4000;

/** Keys whose values never reach the audit trail, whatever the operation. */
const neverRecorded = new Set(["password", "passwordHash", "secretAccessKey", "sessionToken"]);

/** The input as recorded: participant tokens and stream keys masked (as everywhere), passwords dropped, bounded. */
export function auditInput(input: unknown): string | null {
  if (input === undefined || input === null) return null;
  const text = JSON.stringify(redactSecrets(input), (key, value: unknown) =>
    neverRecorded.has(key) ? "[not recorded]" : value,
  );
  if (text === undefined) return null;
  return text.length > maxInputChars ? `${text.slice(0, maxInputChars)}… (truncated)` : text;
}

function record(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    userId: row.user_id,
    username: row.username,
    role: isRole(row.role) ? row.role : null,
    kind: row.kind,
    operation: row.operation,
    target: row.target,
    region: row.region,
    account: row.account,
    input: row.input,
    outcome: row.outcome,
    errorCode: row.error_code,
    requestId: row.request_id,
    ip: row.ip,
  };
}

/** The append-only audit trail. There is deliberately no update or delete here (and the database refuses both). */
export function createAuditLog(source: DbSource, now: () => number = Date.now) {
  return {
    async append(event: AuditEvent): Promise<number> {
      const { db } = await source();
      const row = await db
        .insertInto("audit_log")
        .values({
          at: new Date(now()).toISOString(),
          user_id: event.actor?.id ?? null,
          username: event.actor?.username ?? event.username ?? null,
          role: event.actor?.role ?? null,
          kind: event.kind,
          operation: event.operation,
          target: event.target ?? null,
          region: event.region ?? null,
          account: accountFromArn(event.target) ?? null,
          input: auditInput(event.input),
          outcome: event.outcome,
          error_code: event.errorCode ?? null,
          request_id: event.requestId ?? null,
          ip: event.ip ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    /** Newest first. */
    async query(filter: AuditFilter = {}): Promise<AuditRecord[]> {
      const { db, engine } = await source();
      const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 100)), 10_000);
      let query = db.selectFrom("audit_log").selectAll();
      // The user filter ignores case through the index of migration 0002 (SQLite: NOCASE; PostgreSQL: lower()).
      if (filter.user)
        query = query.where(
          engine === "sqlite"
            ? sql<boolean>`username = ${filter.user} COLLATE NOCASE`
            : sameName("username", filter.user),
        );
      if (filter.operation) query = query.where("operation", "=", filter.operation);
      if (filter.outcome) query = query.where("outcome", "=", filter.outcome);
      if (filter.from) query = query.where("at", ">=", filter.from);
      if (filter.to) query = query.where("at", "<=", filter.to);
      if (filter.beforeId) query = query.where("id", "<", filter.beforeId);
      return (await query.orderBy("id", "desc").limit(limit).execute()).map(record);
    },

    async users(): Promise<string[]> {
      const { db } = await source();
      const rows = await db
        .selectFrom("audit_log")
        .select("username")
        .distinct()
        .where("username", "is not", null)
        .orderBy("username")
        .execute();
      return rows.flatMap((row) => row.username ?? []);
    },
    async operations(): Promise<string[]> {
      const { db } = await source();
      const rows = await db.selectFrom("audit_log").select("operation").distinct().orderBy("operation").execute();
      return rows.map((row) => row.operation);
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

const log = createAuditLog(consoleDb);

export function auditLog(): AuditLog {
  return log;
}

/** Appends, and never lets a failure to write the trail escape as an exception (it is reported on stderr). */
export async function audit(event: AuditEvent): Promise<void> {
  try {
    await auditLog().append(event);
  } catch (error) {
    console.error(
      `audit: could not record ${event.kind} ${event.operation} (${event.outcome}):`,
      error instanceof Error ? error.message : error,
    );
  }
}
