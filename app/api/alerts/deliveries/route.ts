import type { NextRequest } from "next/server";
import { forbiddenResponse, requestUser, unauthorizedResponse } from "@/server/auth/request";
import { can } from "@/lib/auth/roles";
import { alertsStore } from "@/server/alerts/store";
import { browserJson } from "@/server/http/browser-json";

export const dynamic = "force-dynamic";

/** `GET /api/alerts/deliveries`: the webhook delivery log, newest first (admins; never a secret). */
export async function GET(request: NextRequest) {
  const user = await requestUser(request);
  if (!user) return unauthorizedResponse();
  if (!can(user.role, "ManageAlerts")) return forbiddenResponse(user, "ManageAlerts");
  const store = alertsStore();
  return browserJson({ deliveries: await store.deliveries(100), webhooks: await store.webhooks() });
}
