import type { NextRequest } from "next/server";
import { contextFrom } from "@/lib/context";
import { requestUser, unauthorizedResponse } from "@/server/auth/request";
import { browserError, browserJson } from "@/server/http/browser-json";
import { defaultIvsRegion } from "@/server/ivs/config";
import { findUser } from "@/server/observe/find-user";
import { observation, scopeOf } from "@/server/observe/runtime";
import { observationStore } from "@/server/observe/store";

/**
 * `GET /api/find-user?region=…&profile=…&q=<user id or part of it>&stage=<arn>`: every stored appearance of a
 * user id (exact, prefix or substring), with its outcome. Signed-in users only (401 JSON); a missing or
 * over-long term is a 400.
 */
export async function GET(request: NextRequest) {
  if (!(await requestUser(request))) return unauthorizedResponse();
  const params = request.nextUrl.searchParams;
  const term = (params.get("q") ?? "").trim();
  if (term.length === 0 || term.length > 128) {
    return browserError(400, {
      code: "ValidationException",
      message: "Enter a user id, or part of one (1 to 128 characters).",
      fields: { q: ["1 to 128 characters"] },
      retryable: false,
    });
  }
  const stage = params.get("stage") ?? undefined;
  const context = contextFrom(params, defaultIvsRegion());
  const observed = observation();
  observed.looked(context);
  const result = await findUser(observationStore(), scopeOf(context), term, {
    ...(stage && stage.startsWith("arn:") ? { stageArn: stage } : {}),
    now: Date.now(),
    retentionDays: observed.settings.retentionDays,
  });
  return browserJson(result);
}
