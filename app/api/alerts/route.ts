import type { NextRequest } from "next/server";
import { alertFilterFrom } from "@/lib/alerts/filter";
import { requestUser, unauthorizedResponse } from "@/server/auth/request";
import { alertsStore } from "@/server/alerts/store";
import { browserJson } from "@/server/http/browser-json";

export const dynamic = "force-dynamic";

/**
 * `GET /api/alerts?state=&severity=&rule=`: alerts newest first and the open counts (the shell's badge), for any
 * signed-in user (viewers see alerts; acknowledging needs an operator). No secret is ever part of an alert.
 */
export async function GET(request: NextRequest) {
  if (!(await requestUser(request))) return unauthorizedResponse();
  const store = alertsStore();
  const onlyCounts = request.nextUrl.searchParams.get("counts") === "1";
  const body = onlyCounts
    ? { counts: await store.counts() }
    : {
        counts: await store.counts(),
        alerts: await store.alerts(alertFilterFrom(request.nextUrl.searchParams)),
      };
  return browserJson(body);
}
