import type { NextRequest } from "next/server";
import { compositionEventsOf } from "@/lib/compositions/events";
import { requestUser, unauthorizedResponse } from "@/server/auth/request";
import { browserError, browserJson } from "@/server/http/browser-json";
import { observationStore } from "@/server/observe/store";

const compositionArn = /^arn:aws[a-z-]*:ivs:[a-z0-9-]+:\d{12}:composition\/[a-zA-Z0-9]+$/;

/**
 * `GET /api/compositions/events?arn=<composition ARN>`: the EventBridge composition events the console stored for
 * it (Session and Destination Start/End/Failure/Reconnecting), with the time each happened, oldest first. Read
 * from the observation store only (no IVS call). Signed-in users only (401 JSON).
 */
export async function GET(request: NextRequest) {
  if (!(await requestUser(request))) return unauthorizedResponse();
  const arn = request.nextUrl.searchParams.get("arn") ?? "";
  if (!compositionArn.test(arn)) {
    return browserError(400, {
      code: "ValidationException",
      message: "arn must be a composition ARN.",
      retryable: false,
    });
  }
  const events = compositionEventsOf(await observationStore().pushedFor(arn));
  return browserJson({ events });
}
