import { env } from "@/server/env";
import { ingestEventBridge } from "@/server/observe/eventbridge";

export const dynamic = "force-dynamic";

/**
 * `POST /api/events/eventbridge`: IVS events pushed by an EventBridge API destination (README: "EventBridge").
 * Authenticated by the `x-api-key` header against CONSOLE_EVENTS_API_KEY (constant-time). Every refusal is a
 * 4xx with a JSON error and writes nothing; a repeated event id is accepted and ignored.
 */
export async function POST(request: Request) {
  const outcome = await ingestEventBridge(request, env().CONSOLE_EVENTS_API_KEY);
  return Response.json(outcome.body, { status: outcome.status, headers: { "cache-control": "no-store" } });
}
