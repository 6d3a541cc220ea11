"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { acknowledgeAlertAction } from "@/app/actions/alerts";
import { useConsoleContext } from "@/components/hooks/use-console-context";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import { alertFilterQuery, type AlertFilter } from "@/lib/alerts/filter";
import { evidencePath, type AlertView } from "@/lib/alerts/present";
import { severities } from "@/lib/alerts/rules";
import { link, routes } from "@/lib/routes";
import { BrowserNotificationsToggle } from "./browser-notifications";

interface Answer {
  readonly counts: { readonly firing: number; readonly acknowledged: number; readonly critical: number };
  readonly alerts: readonly AlertView[];
}

const stateStyle: Record<AlertView["state"], string> = {
  firing: "text-live",
  acknowledged: "text-warn",
  resolved: "text-ok",
};
const evidenceLabel: Record<AlertView["evidence"]["kind"], string> = {
  participant: "participant timeline",
  session: "session window",
  composition: "composition",
};
const severityStyle: Record<AlertView["severity"], string> = {
  critical: "text-live",
  warning: "text-warn",
  info: "text-room-300",
};

function AcknowledgeButton({ alert }: { alert: AlertView }) {
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  return (
    <Button
      busy={busy}
      aria-label={`Acknowledge alert ${alert.id}: ${alert.ruleName}`}
      onClick={async () => {
        setBusy(true);
        try {
          const result = await acknowledgeAlertAction({ id: alert.id });
          if (result.ok) toast.success("Alert acknowledged");
          else toast.error(result.error.message);
        } catch {
          toast.error("The console's server could not be reached.");
        } finally {
          setBusy(false);
          void queryClient.invalidateQueries({ queryKey: ["alerts"] });
        }
      }}
    >
      Acknowledge
    </Button>
  );
}

/** The notification center's list: filters in the URL, refetched when the push stream says alerts changed. */
export function AlertsCenter({
  initial,
  filter,
  rules,
  canAcknowledge,
  canManage,
  defaultRegion,
}: {
  defaultRegion: string;
  initial: Answer;
  filter: AlertFilter;
  rules: readonly { id: number; name: string }[];
  canAcknowledge: boolean;
  canManage: boolean;
}) {
  const context = useConsoleContext(defaultRegion);
  const router = useRouter();
  const query = alertFilterQuery(filter);
  const { data } = useQuery({
    queryKey: ["alerts", "list", query],
    queryFn: async (): Promise<Answer> => {
      const response = await fetch(`/api/alerts?${query}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`alerts: HTTP ${response.status}`);
      return (await response.json()) as Answer;
    },
    initialData: initial,
    refetchInterval: 30_000,
  });
  const setFilter = (change: Partial<Record<"state" | "severity" | "rule", string>>) => {
    const params = new URLSearchParams(alertFilterQuery(filter));
    for (const [key, value] of Object.entries(change)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    router.replace(link(context, `${routes.alerts()}?${params.toString()}`));
  };

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <label className="text-xs text-room-300">
          State
          <select
            aria-label="State"
            className={`${inputClass} mt-1 block w-40`}
            value={filter.state ?? ""}
            onChange={(e) => setFilter({ state: e.target.value })}
          >
            <option value="">Any</option>
            <option value="open">Open (firing or acknowledged)</option>
            <option value="firing">Firing</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
        <label className="text-xs text-room-300">
          Severity
          <select
            aria-label="Severity"
            className={`${inputClass} mt-1 block w-32`}
            value={filter.severity ?? ""}
            onChange={(e) => setFilter({ severity: e.target.value })}
          >
            <option value="">Any</option>
            {severities.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-room-300">
          Rule
          <select
            aria-label="Rule"
            className={`${inputClass} mt-1 block w-64`}
            value={filter.ruleId ? String(filter.ruleId) : ""}
            onChange={(e) => setFilter({ rule: e.target.value })}
          >
            <option value="">Any</option>
            {rules.map((rule) => (
              <option key={rule.id} value={String(rule.id)}>
                {rule.name}
              </option>
            ))}
          </select>
        </label>
        <p role="status" aria-label="Alert counts" className="text-sm text-room-300">
          {data.counts.firing} firing · {data.counts.acknowledged} acknowledged
        </p>
        <div className="ml-auto flex items-center gap-3">
          <BrowserNotificationsToggle />
          <Link className="text-sm text-accent hover:underline" href={link(context, routes.alerts("rules"))}>
            {canManage ? "Edit rules" : "Rules"}
          </Link>
          {canManage ? (
            <Link className="text-sm text-accent hover:underline" href={link(context, routes.alerts("webhooks"))}>
              Webhooks
            </Link>
          ) : null}
        </div>
      </div>
      <SimpleTable
        caption="Alerts"
        rows={data.alerts}
        rowKey={(alert) => String(alert.id)}
        empty="No alerts match these filters."
        columns={[
          {
            header: "State",
            cell: (alert) => <span className={`font-medium ${stateStyle[alert.state]}`}>{alert.state}</span>,
          },
          {
            header: "Severity",
            cell: (alert) => <span className={severityStyle[alert.severity]}>{alert.severity}</span>,
          },
          {
            header: "Alert",
            cell: (alert) => (
              <>
                <p className="font-medium text-room-100">{alert.ruleName}</p>
                <p className="text-room-300">{alert.summary}</p>
                <Link className="text-xs text-accent hover:underline" href={evidencePath(alert)}>
                  Evidence: {evidenceLabel[alert.evidence.kind]}
                </Link>
              </>
            ),
          },
          { header: "Fired", className: "whitespace-nowrap", cell: (alert) => <Time iso={alert.firedAt} /> },
          {
            header: "Acknowledged",
            cell: (alert) =>
              alert.acknowledgedAt ? (
                <>
                  {alert.acknowledgedBy} <Time iso={alert.acknowledgedAt} />
                </>
              ) : (
                "—"
              ),
          },
          {
            header: "Resolved",
            className: "whitespace-nowrap",
            cell: (alert) => (alert.resolvedAt ? <Time iso={alert.resolvedAt} /> : "—"),
          },
          {
            header: "Actions",
            cell: (alert) => (canAcknowledge && alert.state === "firing" ? <AcknowledgeButton alert={alert} /> : null),
          },
        ]}
      />
    </div>
  );
}
