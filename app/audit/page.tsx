import type { Metadata } from "next";
import { Time } from "@/components/ui/time";
import Link from "next/link";
import { connection } from "next/server";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { inputClass } from "@/components/ui/field";
import { can } from "@/lib/auth/roles";
import { auditLog, auditOutcomes, type AuditRecord } from "@/server/auth/audit";
import { auditFilterFrom } from "@/server/auth/audit-filter";
import { requirePageUser } from "@/server/auth/request";
import { pageContext, type SearchParams } from "@/server/page-context";
import { AccessDenied } from "../admin/access-denied";

export const metadata: Metadata = { title: "Audit" };

const pageSize = 100;

const outcomeStyle: Record<AuditRecord["outcome"], string> = {
  success: "text-ok",
  failure: "text-live",
  denied: "text-warn",
  invalid: "text-room-300",
};

function query(values: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The audit trail (admins): every mutation, reveal, user change and sign-in, newest first, filterable and exportable. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const context = await pageContext(searchParams);
  const user = await requirePageUser();
  if (!can(user.role, "ViewAudit")) return <AccessDenied title="Audit" role={user.role} permission="ViewAudit" />;
  const params = await searchParams;
  const typed = { from: single(params.from), to: single(params.to) };
  const from = isoFilterText(typed.from, "start");
  const to = isoFilterText(typed.to, "end");
  const filter = {
    ...auditFilterFrom({ ...params, from: from.iso, to: to.iso }, pageSize),
    fromText: typed.from,
    toText: typed.to,
  };
  const log = auditLog();
  const [records, auditUsers, operations] = await Promise.all([log.query(filter), log.users(), log.operations()]);
  const kept = {
    region: context.region,
    profile: context.profile,
    user: filter.user,
    operation: filter.operation,
    outcome: filter.outcome,
    from: filter.fromText,
    to: filter.toText,
  };
  const exportQuery = (format: string) =>
    query({
      format,
      user: filter.user,
      operation: filter.operation,
      outcome: filter.outcome,
      from: filter.from,
      to: filter.to,
    });
  const oldest = records[records.length - 1];
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every change made through the console, every secret revealed, every user change and sign-in: who, role, when, what, on which resource, and how it ended. Append-only."
      >
        <div className="flex gap-2 text-sm">
          <a
            className="rounded border border-room-700 px-3 py-1.5 text-room-100 hover:border-room-500"
            href={`/audit/export${exportQuery("csv")}`}
            download
          >
            Export CSV
          </a>
          <a
            className="rounded border border-room-700 px-3 py-1.5 text-room-100 hover:border-room-500"
            href={`/audit/export${exportQuery("json")}`}
            download
          >
            Export JSON
          </a>
        </div>
      </PageHeader>
      <form
        method="get"
        action="/audit"
        className="mb-4 flex flex-wrap items-end gap-3 rounded border border-room-700 bg-room-900 p-3"
        aria-label="Filter the audit trail"
      >
        <input type="hidden" name="region" value={context.region} />
        {context.profile ? <input type="hidden" name="profile" value={context.profile} /> : null}
        <FilterSelect label="User" name="user" value={filter.user} blank="Anyone" options={auditUsers} width="w-40" />
        <FilterSelect
          label="Operation"
          name="operation"
          value={filter.operation}
          blank="Any"
          options={operations}
          width="w-56"
        />
        <FilterSelect
          label="Outcome"
          name="outcome"
          value={filter.outcome}
          blank="Any"
          options={auditOutcomes}
          width="w-32"
        />
        <DateFilter label="From (UTC)" name="from" value={typed.from} invalid={from.invalid} />
        <DateFilter label="To (UTC)" name="to" value={typed.to} invalid={to.invalid} />
        <button
          type="submit"
          className="rounded bg-accent px-3 py-1.5 text-sm font-medium text-room-950 hover:bg-accent/90"
        >
          Apply
        </button>
        <Link
          href={`/audit${query({ region: context.region, profile: context.profile })}`}
          className="px-2 py-1.5 text-sm text-accent hover:underline"
        >
          Clear
        </Link>
      </form>
      {records.length === 0 ? (
        <p className="rounded border border-dashed border-room-700 px-4 py-6 text-sm text-room-300">
          No audit records match these filters.
        </p>
      ) : (
        <div className="overflow-x-auto rounded border border-room-700">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Audit records, newest first</caption>
            <thead className="bg-room-900 uppercase tracking-wide text-room-300">
              <tr>
                {["Time", "User", "Operation", "Target", "Region · account", "Outcome", "Request id", "Input"].map(
                  (header) => (
                    <th key={header} scope="col" className="px-3 py-2 font-medium">
                      {header}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-room-800">
              {records.map((record) => (
                <tr key={record.id} className="align-top hover:bg-room-900" data-testid="audit-row">
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-room-300">
                    <Time iso={record.at} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-room-100">
                    {record.username ?? "—"}
                    {record.role ? <span className="ml-1 text-room-300">({record.role})</span> : null}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-room-100">
                    {record.operation}
                    <span className="ml-1 font-sans text-room-300">{record.kind}</span>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-room-300">
                    {record.target ? <TargetArn arn={record.target} /> : "—"}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-room-300">
                    {record.region ?? "—"}
                    {record.account ? ` · ${record.account}` : ""}
                  </td>
                  <td className={`whitespace-nowrap px-3 py-2 font-medium ${outcomeStyle[record.outcome]}`}>
                    {record.outcome}
                    {record.errorCode ? (
                      <span className="ml-1 font-mono font-normal text-room-300">{record.errorCode}</span>
                    ) : null}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-room-300">
                    {record.requestId ? (
                      <span className="block max-w-[10rem] truncate" title={record.requestId}>
                        {record.requestId}
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {record.input ? (
                      <details>
                        <summary className="cursor-pointer text-room-300">Input</summary>
                        <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-all rounded bg-room-950 p-2 font-mono text-room-100">
                          {record.input}
                        </pre>
                      </details>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {records.length === pageSize && oldest ? (
        <p className="mt-3 text-sm">
          <Link href={`/audit${query({ ...kept, before: String(oldest.id) })}`} className="text-accent hover:underline">
            Older records
          </Link>
        </p>
      ) : null}
    </>
  );
}

function single(value: string | string[] | undefined): string | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text.slice(0, 40) : undefined;
}

/**
 * The filter's dates are typed as the console prints them (ISO, UTC): `2026-11-25`, `2026-11-25 14:30` or a
 * full ISO instant. A date alone means the whole day: from its first millisecond, to its last.
 */
function isoFilterText(text: string | undefined, edge: "start" | "end"): { iso?: string; invalid?: boolean } {
  if (!text) return {};
  const m = text.match(/^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/);
  if (!m) return { invalid: true };
  const [, date, clock, seconds, zone] = m;
  const iso = clock
    ? `${date}T${clock}${seconds ?? (edge === "start" ? ":00.000" : ":59.999")}${zone ?? "Z"}`
    : `${date}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z`;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? { iso: new Date(ms).toISOString() } : { invalid: true };
}

function DateFilter({
  label,
  name,
  value,
  invalid,
}: {
  label: string;
  name: string;
  value: string | undefined;
  invalid?: boolean;
}) {
  const errorId = `audit-${name}-error`;
  return (
    <label className="text-xs text-room-300">
      {label}
      <input
        type="text"
        name={name}
        defaultValue={value ?? ""}
        placeholder="YYYY-MM-DD HH:mm"
        inputMode="numeric"
        autoComplete="off"
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        className={`${inputClass} mt-1 w-44 font-mono`}
      />
      {invalid ? (
        <span id={errorId} role="alert" className="mt-1 block text-live">
          Not a date: use YYYY-MM-DD or YYYY-MM-DD HH:mm.
        </span>
      ) : null}
    </label>
  );
}

/** An ARN on one line: the resource type and id (the region and account have their own column); whole on hover and in the copy. */
function TargetArn({ arn }: { arn: string }) {
  const resource = arn.split(":").slice(5).join(":") || arn;
  return (
    <span className="inline-flex max-w-[18rem] items-center gap-1.5" title={arn}>
      <span className="truncate">{resource}</span>
      <CopyButton value={arn} label={`Copy ARN ${resource}`} />
    </span>
  );
}

/** One choice of the filter form (a plain GET form: it works without JavaScript). */
function FilterSelect({
  label,
  name,
  value,
  blank,
  options,
  width,
}: {
  label: string;
  name: string;
  value: string | undefined;
  blank: string;
  options: readonly string[];
  width: string;
}) {
  return (
    <label className="text-xs text-room-300">
      {label}
      <select name={name} defaultValue={value ?? ""} className={`${inputClass} mt-1 ${width}`}>
        <option value="">{blank}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}
