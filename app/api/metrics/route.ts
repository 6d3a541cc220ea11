import type { NextRequest } from "next/server";
import { can } from "@/lib/auth/roles";
import { contextFrom } from "@/lib/context";
import { validationError } from "@/lib/validation-error";
import { forbiddenResponse, requestUser, unauthorizedResponse } from "@/server/auth/request";
import { browserError, browserJson } from "@/server/http/browser-json";
import { defaultIvsRegion } from "@/server/ivs/config";
import { metricsError, metricsRequest, readMetrics } from "@/server/metrics/read";

/**
 * AWS/IVSRealTime metrics from CloudWatch:
 * `GET /api/metrics?region=…&profile=…&scope=participant&stageArn=…&participantId=…&start=<iso>&end=<iso>[&period=s]`
 * or `scope=stage` without `participantId`. Signed-in users only (the permission of GetParticipant: every role).
 */
export async function GET(request: NextRequest) {
  const user = await requestUser(request);
  if (!user) return unauthorizedResponse();
  if (!can(user.role, "GetParticipant")) return forbiddenResponse(user, "GetParticipant");
  const search = request.nextUrl.searchParams;
  const context = contextFrom(search, defaultIvsRegion());
  const raw = Object.fromEntries([...search].filter(([key]) => key !== "region" && key !== "profile"));
  const parsed = metricsRequest.safeParse(raw);
  if (!parsed.success) {
    return browserError(400, validationError(parsed.error));
  }
  try {
    return browserJson({ data: await readMetrics(parsed.data, context, { signal: request.signal }) });
  } catch (error) {
    const { status, error: info } = metricsError(error);
    return browserError(status, info);
  }
}
