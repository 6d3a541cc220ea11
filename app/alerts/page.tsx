import type { Metadata } from "next";
import { connection } from "next/server";
import { AlertsCenter } from "@/components/alerts/alerts-center";
import { PageHeader } from "@/components/ui/page-header";
import { alertFilterFrom } from "@/lib/alerts/filter";
import { can } from "@/lib/auth/roles";
import { paramsOf } from "@/lib/timeline/view-state";
import { alertsStore } from "@/server/alerts/store";
import { requirePageUser } from "@/server/auth/request";
import { defaultIvsRegion } from "@/server/ivs/config";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Alerts" };

/** The notification center: alerts newest first, filterable, acknowledged by operators and admins. */
export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  await pageContext(searchParams);
  const user = await requirePageUser();
  const filter = alertFilterFrom(paramsOf(await searchParams));
  const store = alertsStore();
  return (
    <>
      <PageHeader
        title="Alerts"
        description="What the console's rules found in the observed stages, firing until acknowledged and resolved when the condition has cleared. Evaluated on the server; pushed here live."
      />
      <AlertsCenter
        initial={{ counts: await store.counts(), alerts: await store.alerts(filter) }}
        filter={filter}
        rules={(await store.rules()).map((rule) => ({ id: rule.id, name: rule.body.name }))}
        canAcknowledge={can(user.role, "AcknowledgeAlerts")}
        canManage={can(user.role, "ManageAlerts")}
        defaultRegion={defaultIvsRegion()}
      />
    </>
  );
}
