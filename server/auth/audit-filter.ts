import "server-only";
import { auditOutcomes, type AuditFilter, type AuditOutcome, type AuditRecord } from "./audit";

type Params = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;

function param(params: Params, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  const single = Array.isArray(value) ? value[0] : value;
  const trimmed = single?.trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

/** `2026-11-25T14:30` (a datetime-local field, read as UTC) or a full ISO time → canonical ISO; else undefined. */
function instant(text: string | undefined, end: boolean): string | undefined {
  if (!text) return undefined;
  const withZone = /Z$|[+-]\d\d:\d\d$/.test(text)
    ? text
    : `${text}${/T\d\d:\d\d$/.test(text) ? (end ? ":59.999" : ":00.000") : ""}Z`;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** The audit filters a page URL or an export URL carries: user, operation, outcome, from, to (UTC), before (paging). */
export function auditFilterFrom(
  params: Params,
  limit: number,
): AuditFilter & { readonly fromText?: string; readonly toText?: string } {
  const outcome = param(params, "outcome");
  const before = Number(param(params, "before"));
  const fromText = param(params, "from");
  const toText = param(params, "to");
  return {
    user: param(params, "user"),
    operation: param(params, "operation"),
    outcome: outcome && (auditOutcomes as readonly string[]).includes(outcome) ? (outcome as AuditOutcome) : undefined,
    from: instant(fromText, false),
    to: instant(toText, true),
    beforeId: Number.isInteger(before) && before > 0 ? before : undefined,
    limit,
    ...(fromText ? { fromText } : {}),
    ...(toText ? { toText } : {}),
  };
}

const csvColumns: readonly (keyof AuditRecord)[] = [
  "id",
  "at",
  "username",
  "role",
  "kind",
  "operation",
  "target",
  "region",
  "account",
  "outcome",
  "errorCode",
  "requestId",
  "ip",
  "input",
];

/** One CSV cell: quoted, quotes doubled, and formula-looking text defused for spreadsheet apps. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function auditCsv(records: readonly AuditRecord[]): string {
  const lines = [
    csvColumns.join(","),
    ...records.map((record) => csvColumns.map((column) => csvCell(record[column])).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}
