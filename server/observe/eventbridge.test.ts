import { describe, expect, it } from "vitest";
import type { IvsEventBridgeEvent } from "@/lib/observe/eventbridge";
import { ingestEventBridge, sameSecret } from "./eventbridge";
import { openDatabase } from "@/server/db/database";
import { createObservationStore } from "./store";

const key = "k3y-for-tests-0123456789";
const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl";

const event = (over: Record<string, unknown> = {}) => ({
  version: "0",
  id: "db65fc17-1612-ef68-3aad-c8a7bfd7b881",
  "detail-type": "IVS Stage Update",
  source: "aws.ivs",
  account: "123456789012",
  time: "2026-12-07T10:00:00Z",
  region: "us-east-1",
  resources: [stageArn],
  detail: {
    session_id: "st-1CVugbu2cf2n8",
    event_name: "Participant Published",
    event_time: "2026-12-07T10:00:00Z",
    user_id: "",
    participant_id: "03JY4smU3eXc",
  },
  ...over,
});

function post(body: string, headers: Record<string, string> = {}) {
  return new Request("http://127.0.0.1/api/events/eventbridge", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-api-key": key, ...headers },
  });
}

async function kit() {
  const store = createObservationStore(await openDatabase({ path: ":memory:" }).then((handle) => async () => handle));
  const seen: IvsEventBridgeEvent[] = [];
  return { store, seen, deps: { store, now: () => 1, onNew: (e: IvsEventBridgeEvent) => seen.push(e) } };
}

describe("EventBridge ingestion", () => {
  it("accepts an IVS event once: a repeated id is acknowledged and ignored", async () => {
    const { store, seen, deps } = await kit();
    const first = await ingestEventBridge(post(JSON.stringify(event())), key, deps);
    expect(first).toEqual({ status: 200, body: { accepted: true, duplicate: false } });
    const again = await ingestEventBridge(post(JSON.stringify(event())), key, deps);
    expect(again).toEqual({ status: 200, body: { accepted: true, duplicate: true } });
    expect(await store.pushedCount()).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it("accepts a late, out-of-order event (it is a record and a hint, never applied over the API's model)", async () => {
    const { store, deps } = await kit();
    const late = event({
      id: "late",
      time: "2026-12-07T04:00:00Z",
      detail: { ...event().detail, event_name: "Participant Unpublished", event_time: "2026-12-07T04:00:00Z" },
    });
    expect((await ingestEventBridge(post(JSON.stringify(late)), key, deps)).status).toBe(200);
    expect(await store.pushedFor(stageArn)).toHaveLength(1);
  });

  const refusals: [string, () => Request, string | undefined, number, string][] = [
    ["no key configured", () => post(JSON.stringify(event())), undefined, 401, "NotConfigured"],
    ["no key sent", () => post(JSON.stringify(event()), { "x-api-key": "" }), key, 401, "Unauthenticated"],
    ["a wrong key", () => post(JSON.stringify(event()), { "x-api-key": `${key}x` }), key, 401, "Unauthenticated"],
    [
      "not JSON content",
      () => post(JSON.stringify(event()), { "content-type": "text/plain" }),
      key,
      415,
      "UnsupportedMediaType",
    ],
    ["malformed JSON", () => post("{not json"), key, 400, "SerializationException"],
    [
      "an oversized body",
      () => post(JSON.stringify(event({ detail: { ...event().detail, padding: "x".repeat(300_000) } }))),
      key,
      413,
      "PayloadTooLarge",
    ],
    ["a missing id", () => post(JSON.stringify({ ...event(), id: undefined })), key, 400, "ValidationException"],
    ["a bad time", () => post(JSON.stringify(event({ time: "yesterday" }))), key, 400, "ValidationException"],
    [
      "a resource that is not an IVS ARN",
      () => post(JSON.stringify(event({ resources: ["arn:aws:s3:::bucket"] }))),
      key,
      400,
      "ValidationException",
    ],
    ["another source", () => post(JSON.stringify(event({ source: "aws.s3" }))), key, 422, "UnsupportedSource"],
    [
      "a low-latency detail-type",
      () => post(JSON.stringify(event({ "detail-type": "IVS Stream State Change" }))),
      key,
      422,
      "UnsupportedDetailType",
    ],
    ["an array of events", () => post(JSON.stringify([event()])), key, 400, "ValidationException"],
  ];

  for (const [what, request, configured, status, code] of refusals) {
    it(`refuses ${what} with ${status} ${code} and writes nothing`, async () => {
      const { store, seen, deps } = await kit();
      const outcome = await ingestEventBridge(request(), configured, deps);
      expect(outcome.status).toBe(status);
      expect(outcome.body).toMatchObject({ error: { code } });
      expect(await store.pushedCount()).toBe(0);
      expect(seen).toEqual([]);
    });
  }

  it("compares keys of any length without failing", async () => {
    expect(sameSecret("a", "a")).toBe(true);
    expect(sameSecret("a", "ab")).toBe(false);
    expect(sameSecret("", key)).toBe(false);
  });
});
