import type { NextRequest } from "next/server";
import { can } from "@/lib/auth/roles";
import { contextFrom } from "@/lib/context";
import { forbiddenResponse, requestUser, unauthorizedResponse } from "@/server/auth/request";
import { browserJson } from "@/server/http/browser-json";
import { defaultIvsRegion } from "@/server/ivs/config";
import { sparklines } from "@/server/observe/metrics";

/**
 * Publishers and Subscribers of every live stage over the last 30 minutes, from the observation store (no
 * CloudWatch call): `GET /api/metrics/sparklines?region&profile`. Signed-in users.
 */
export async function GET(request: NextRequest) {
  const user = await requestUser(request);
  if (!user) return unauthorizedResponse();
  if (!can(user.role, "GetParticipant")) return forbiddenResponse(user, "GetParticipant");
  const context = contextFrom(request.nextUrl.searchParams, defaultIvsRegion());
  return browserJson({ data: await sparklines(context) });
}
