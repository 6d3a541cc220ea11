"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { useConsoleContext } from "@/components/hooks/use-console-context";
import type { AlertView } from "@/lib/alerts/present";
import { link, routes } from "@/lib/routes";
import { notificationsWanted } from "./browser-notifications";

interface Answer {
  readonly counts: { readonly firing: number; readonly acknowledged: number; readonly critical: number };
  readonly alerts?: readonly AlertView[];
}

/** The query key of the shell's badge (invalidated by the `alerts` push change, lib/observe/live.ts). */
export const alertBadgeKey = ["alerts", "badge"] as const;

async function fetchFiring(): Promise<Answer> {
  const response = await fetch("/api/alerts?state=firing", { cache: "no-store" });
  if (!response.ok) throw new Error(`alerts: HTTP ${response.status}`);
  return (await response.json()) as Answer;
}

/**
 * The notification center's badge in the shell: how many alerts are firing (critical ones in red), a link to
 * `/alerts`, and — when this browser opted in — a system notification for each alert that starts firing.
 * Pushed live: the SSE stream's `alerts` change refetches it; a slow poll reconciles.
 */
export function AlertBadge({ defaultRegion }: { defaultRegion: string }) {
  const context = useConsoleContext(defaultRegion);
  const { data } = useQuery({ queryKey: alertBadgeKey, queryFn: fetchFiring, refetchInterval: 30_000, staleTime: 0 });
  const seen = useRef<Set<number> | undefined>(undefined);

  useEffect(() => {
    if (!data?.alerts) return;
    const ids = new Set(data.alerts.map((alert) => alert.id));
    const before = seen.current;
    seen.current = ids;
    if (!before || !notificationsWanted()) return;
    for (const alert of data.alerts) {
      if (before.has(alert.id)) continue;
      try {
        new Notification(`${alert.severity === "critical" ? "Critical: " : ""}${alert.ruleName}`, {
          body: alert.summary,
          tag: `alert-${alert.id}`,
        });
      } catch {
        // Notifications unavailable in this browser: the badge still shows it.
      }
    }
  }, [data]);

  const firing = data?.counts.firing ?? 0;
  const critical = data?.counts.critical ?? 0;
  const tone =
    critical > 0 ? "bg-live text-room-950" : firing > 0 ? "bg-warn text-room-950" : "bg-room-800 text-room-300";
  return (
    <Link
      href={link(context, routes.alerts())}
      aria-label={`Alerts: ${firing} firing${critical ? `, ${critical} critical` : ""}`}
      className="flex items-center gap-1.5 whitespace-nowrap rounded px-2 py-1 text-xs text-room-300 hover:bg-room-850 hover:text-room-100"
    >
      Alerts
      <span data-testid="alert-badge-count" className={`min-w-5 rounded-full px-1.5 text-center font-semibold ${tone}`}>
        {firing}
      </span>
    </Link>
  );
}
