import type { Metadata } from "next";
import { connection } from "next/server";
import { WebhooksEditor } from "@/components/alerts/webhooks-editor";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import { alertsStore } from "@/server/alerts/store";
import { requirePageUser } from "@/server/auth/request";
import { pageContext, type SearchParams } from "@/server/page-context";
import { AccessDenied } from "../../admin/access-denied";

export const metadata: Metadata = { title: "Alert webhooks" };

/** Webhooks (admins): where alert transitions are POSTed, signed; secrets are never shown again; the delivery log. */
export default async function AlertWebhooksPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  await pageContext(searchParams);
  const user = await requirePageUser();
  if (!can(user.role, "ManageAlerts"))
    return <AccessDenied title="Alert webhooks" role={user.role} permission="ManageAlerts" />;
  const store = alertsStore();
  return (
    <>
      <PageHeader
        title="Alert webhooks"
        description="Every alert that fires, is acknowledged or resolves is POSTed to these URLs as generic JSON or a Slack message, signed with HMAC-SHA256 (X-ControlRoom-Signature over “timestamp.body”, X-ControlRoom-Timestamp). Failed deliveries are retried with backoff."
      />
      <WebhooksEditor webhooks={await store.webhooks()} deliveries={await store.deliveries(100)} />
    </>
  );
}
