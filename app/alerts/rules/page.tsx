import type { Metadata } from "next";
import { connection } from "next/server";
import { RulesEditor } from "@/components/alerts/rules-editor";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import { alertsStore } from "@/server/alerts/store";
import { requirePageUser } from "@/server/auth/request";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Alert rules" };

/** Alert rules: everyone signed in reads them; admins create, change, enable, disable and delete them (audited). */
export default async function AlertRulesPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  await pageContext(searchParams);
  const user = await requirePageUser();
  return (
    <>
      <PageHeader
        title="Alert rules"
        description="What the console watches in the observed stages. A rule fires one alert per subject; a cleared condition resolves its alert after the rule's hold-down. Every change is in the audit trail."
      />
      <RulesEditor rules={await alertsStore().rules()} canManage={can(user.role, "ManageAlerts")} />
    </>
  );
}
