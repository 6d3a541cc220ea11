import type { NextRequest } from "next/server";
import { contextFrom } from "@/lib/context";
import { parseTopics, sessionOfTopic, type LiveMessage } from "@/lib/observe/live";
import { requestUser, unauthorizedResponse } from "@/server/auth/request";
import { defaultIvsRegion } from "@/server/ivs/config";
import { observation, scopeOf } from "@/server/observe/runtime";
import { bus } from "@/server/push/bus";

export const dynamic = "force-dynamic";

/** How often the stream re-checks the session (an ended or expired session closes the stream) and pings. */
const heartbeatMs = 15_000;

/**
 * `GET /api/live?region=…&profile=…&topics=<newline-separated>`: one Server-Sent Events stream per tab. It sends
 * `event: change` messages (`LiveMessage` JSON) for the topics on the tab's screen, a `ready` event once
 * subscribed, and a `ping` every 15 s (the browser treats a silent stream as dead). Signed-out requests get 401.
 * The stream never extends the session: it is a GET (does not touch the idle timer), and when the session ends
 * it sends `event: signed-out` and closes, so the browser stops and the next page load goes to the sign-in page.
 */
export async function GET(request: NextRequest) {
  if (!(await requestUser(request))) return unauthorizedResponse();
  const context = contextFrom(request.nextUrl.searchParams, defaultIvsRegion());
  const topics = parseTopics(request.nextUrl.searchParams.get("topics"));
  const scope = scopeOf(context);
  for (const topic of topics) {
    const session = sessionOfTopic(topic);
    observation().looked(context, session);
  }
  if (topics.length === 0) observation().looked(context);

  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      // The last argument ends the stream when this instance shuts down (the tab reconnects to another one).
      const unsubscribe = bus().subscribe(
        scope,
        topics,
        (message: LiveMessage) => send(`event: change\ndata: ${JSON.stringify(message)}\n\n`),
        () => cleanup(),
      );
      const heartbeat = setInterval(() => {
        // Re-validate without touching: an idle or revoked session ends the stream.
        void requestUser(request).then((user) => {
          if (!user) {
            send("event: signed-out\ndata: {}\n\n");
            cleanup();
            return;
          }
          send(`event: ping\ndata: ${Date.now()}\n\n`);
        }, cleanup);
      }, heartbeatMs);
      heartbeat.unref?.();
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", () => cleanup(), { once: true });
      send(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ topics })}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
