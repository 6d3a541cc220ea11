import "server-only";
import type Database from "better-sqlite3";
import { isRole, type Role } from "@/lib/auth/roles";
import { redactSecrets } from "@/lib/ivs/redact";
import { authDb } from "./schema";

type Db = Database.Database;

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

/** Each filter member and the SQL condition it adds (its value bound under the member's name). */
const filterConditions: readonly (readonly [Exclude<keyof AuditFilter, "limit">, string])[] = [
  ["user", "username = @user COLLATE NOCASE"],
  ["operation", "operation = @operation"],
  ["outcome", "outcome = @outcome"],
  ["from", "at >= @from"],
  ["to", "at <= @to"],
  ["beforeId", "id < @beforeId"],
];

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

/** The append-only audit trail. There is deliberately no update or delete here (and triggers refuse both). */
export function createAuditLog(db: Db, now: () => number = Date.now) {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, user_id, username, role, kind, operation, target, region, account, input, outcome, error_code, request_id, ip)
     VALUES (@at, @user_id, @username, @role, @kind, @operation, @target, @region, @account, @input, @outcome, @error_code, @request_id, @ip)`,
  );
  const users = db.prepare<[], { username: string }>(
    "SELECT DISTINCT username FROM audit_log WHERE username IS NOT NULL ORDER BY username",
  );
  const operations = db.prepare<[], { operation: string }>(
    "SELECT DISTINCT operation FROM audit_log ORDER BY operation",
  );

  return {
    append(event: AuditEvent): number {
      const result = insert.run({
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
      });
      return Number(result.lastInsertRowid);
    },

    /** Newest first. */
    query(filter: AuditFilter = {}): AuditRecord[] {
      const where: string[] = [];
      const params: Record<string, string | number> = {};
      for (const [key, condition] of filterConditions) {
        const value = filter[key];
        if (value) {
          where.push(condition);
          params[key] = value;
        }
      }
      const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 100)), 10_000);
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ${limit}`;
      return db.prepare<[Record<string, string | number>], AuditRow>(sql).all(params).map(record);
    },

    users: (): string[] => users.all().map((row) => row.username),
    operations: (): string[] => operations.all().map((row) => row.operation),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

const logs = new WeakMap<Db, AuditLog>();

export function auditLog(): AuditLog {
  const db = authDb();
  let log = logs.get(db);
  if (!log) logs.set(db, (log = createAuditLog(db)));
  return log;
}

/** Appends, and never lets a failure to write the trail escape as an exception (it is reported on stderr). */
export function audit(event: AuditEvent): void {
  try {
    auditLog().append(event);
  } catch (error) {
    console.error(
      `audit: could not record ${event.kind} ${event.operation} (${event.outcome}):`,
      error instanceof Error ? error.message : error,
    );
  }
}
