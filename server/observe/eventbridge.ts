import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { IvsEventBridgeEvent, maxEventBytes, stageArnOf } from "@/lib/observe/eventbridge";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import type { ErrorInfo } from "@/lib/result";
import { observation } from "./runtime";
import { observationStore, type ObservationStore } from "./store";

export interface IngestDeps {
  readonly store: ObservationStore;
  readonly now: () => number;
  /** A new (not duplicate) event was stored: act on it (collector priorities, push). */
  readonly onNew: (event: IvsEventBridgeEvent) => void;
}

export interface IngestOutcome {
  readonly status: number;
  readonly body: { readonly accepted: true; readonly duplicate: boolean } | { readonly error: ErrorInfo };
}

const refuse = (status: number, code: string, message: string, fields?: ErrorInfo["fields"]): IngestOutcome => ({
  status,
  body: { error: { code, message, retryable: false, ...(fields ? { fields } : {}) } },
});

/** Constant-time comparison of two secrets of any length (their SHA-256 digests are compared). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function defaultDeps(): IngestDeps {
  return {
    store: observationStore(),
    now: Date.now,
    onNew: (event) => observation().pushed(event),
  };
}

/**
 * Takes one EventBridge event: authenticates it, bounds and parses it, checks it is an IVS Real-Time event,
 * and records it once (by event id). Refusals write nothing. Late, duplicate or out-of-order events cannot
 * corrupt anything: they are records and hints (what to read next); the model itself comes from the API.
 */
export async function ingestEventBridge(
  request: Request,
  apiKey: string | undefined,
  deps: IngestDeps = defaultDeps(),
): Promise<IngestOutcome> {
  const given = request.headers.get("x-api-key");
  if (!apiKey)
    return refuse(
      401,
      "NotConfigured",
      "EventBridge ingestion is off: set CONSOLE_EVENTS_API_KEY on the console and the same key in the API destination's connection.",
    );
  if (given === null || !sameSecret(given, apiKey))
    return refuse(401, "Unauthenticated", "Missing or wrong x-api-key header.");
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return refuse(415, "UnsupportedMediaType", "Send the event as application/json.");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxEventBytes) return refuse(413, "PayloadTooLarge", `An event is at most ${maxEventBytes} bytes.`);
  const text = await readLimited(request, maxEventBytes);
  if (text === undefined) return refuse(413, "PayloadTooLarge", `An event is at most ${maxEventBytes} bytes.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse(400, "SerializationException", "The body is not valid JSON.");
  }
  const parsed = IvsEventBridgeEvent.safeParse(json);
  if (!parsed.success)
    return refuse(400, "ValidationException", formatValidationError(parsed.error), fieldErrors(parsed.error));
  const event = parsed.data;
  if (event.source !== "aws.ivs")
    return refuse(422, "UnsupportedSource", `Only events from aws.ivs are accepted, not "${event.source}".`);
  if (
    !["IVS Stage Update", "IVS Composition State Change", "IVS Participant Recording State Change"].includes(
      event["detail-type"],
    )
  ) {
    return refuse(
      422,
      "UnsupportedDetailType",
      `"${event["detail-type"]}" is not an IVS Real-Time detail-type this console reads.`,
    );
  }
  const fresh = await deps.store.recordPushed(
    {
      id: event.id,
      region: event.region,
      detailType: event["detail-type"],
      eventName: event.detail.event_name,
      resource: event.resources[0] ?? "",
      stageArn: stageArnOf(event),
      sessionId: event.detail.session_id,
      participantId: event.detail.participant_id,
      eventTime: event.detail.event_time ?? event.time,
      data: event,
    },
    deps.now(),
  );
  if (fresh) deps.onNew(event);
  return { status: 200, body: { accepted: true, duplicate: !fresh } };
}
