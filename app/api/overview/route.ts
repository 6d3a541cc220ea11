import type { NextRequest } from "next/server";
import { contextFrom } from "@/lib/context";
import { requestUser, unauthorizedResponse } from "@/server/auth/request";
import { browserJson } from "@/server/http/browser-json";
import { defaultIvsRegion } from "@/server/ivs/config";
import { overviewErrors } from "@/server/observe/overview";
import { observation, scopeOf } from "@/server/observe/runtime";
import { observationStore } from "@/server/observe/store";

/**
 * `GET /api/overview?region=…&profile=…`: participant errors across the live sessions of a region, from the
 * observation store (every participant, no IVS call). Signed-in users only (401 JSON).
 */
export async function GET(request: NextRequest) {
  if (!(await requestUser(request))) return unauthorizedResponse();
  const context = contextFrom(request.nextUrl.searchParams, defaultIvsRegion());
  const observed = observation();
  observed.looked(context);
  const scope = scopeOf(context);
  const result = await overviewErrors(observationStore(), scope, Date.now(), observed.collector.degraded(scope));
  return browserJson(result);
}
