import type { AlertState } from "./evaluate";
import { severities, type Severity } from "./rules";

/** The filters of the notification center, as in its URL (`state`, `severity`, `rule`). Pure. */
export interface AlertFilter {
  readonly state?: AlertState | "open" | undefined;
  readonly severity?: Severity | undefined;
  readonly ruleId?: number | undefined;
  readonly limit?: number | undefined;
}

const states = new Set<string>(["open", "firing", "acknowledged", "resolved"]);

/** Unknown values are ignored (the filter is then absent). */
export function alertFilterFrom(params: { get(name: string): string | null }): AlertFilter {
  const state = params.get("state") ?? "";
  const severity = params.get("severity") ?? "";
  const rule = Number(params.get("rule") ?? "");
  return {
    ...(states.has(state) ? { state: state as AlertFilter["state"] } : {}),
    ...((severities as readonly string[]).includes(severity) ? { severity: severity as Severity } : {}),
    ...(Number.isInteger(rule) && rule > 0 ? { ruleId: rule } : {}),
  };
}

export function alertFilterQuery(filter: AlertFilter): string {
  const params = new URLSearchParams();
  if (filter.state) params.set("state", filter.state);
  if (filter.severity) params.set("severity", filter.severity);
  if (filter.ruleId) params.set("rule", String(filter.ruleId));
  return params.toString();
}
