import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AlertView } from "@/lib/alerts/present";
import { createDelivery, signBody, signatureHeader, timestampHeader } from "./webhooks";
import type { StoredWebhook } from "./store";

const alert: AlertView = {
  id: 3,
  ruleId: 1,
  ruleName: "Publisher limit reached",
  kind: "publisherLimit",
  severity: "warning",
  region: "us-east-1",
  profile: "",
  subject: { stageArn: "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl" },
  summary: "esports-finals: publisher limit reached",
  evidence: {
    kind: "session",
    stageArn: "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl",
    sessionId: "st-1",
    from: 1,
    to: 2,
  },
  state: "firing",
  firedAt: "2026-05-01T10:00:00.000Z",
  lastSeenAt: "2026-05-01T10:00:00.000Z",
};

const hook = (format: "json" | "slack" = "json"): StoredWebhook => ({
  id: 1,
  name: "ops",
  url: "http://127.0.0.1:9/hook",
  format,
  enabled: true,
  hasSecret: true,
  updatedAt: "",
  secret: "a-very-secret-signing-key",
});

function harness(statuses: (number | Error)[], format: "json" | "slack" = "json") {
  const calls: { headers: Record<string, string>; body: string }[] = [];
  const log: { attempt: number; outcome: string; httpStatus?: number | undefined }[] = [];
  const waits: { ms: number; run: () => void }[] = [];
  const delivery = createDelivery({
    store: { webhooksForDelivery: () => [hook(format)], recordDelivery: (entry) => void log.push(entry) },
    baseUrl: "https://console.example.com",
    now: () => 1_777_000_000_000,
    fetch: async (_url, init) => {
      calls.push({ headers: init.headers, body: init.body });
      const next = statuses.shift() ?? 200;
      if (next instanceof Error) throw next;
      return { status: next };
    },
    later: (ms, run) => void waits.push({ ms, run }),
    settings: { backoffMs: [1000, 2000, 4000] },
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { delivery, calls, log, waits, settle };
}

describe("webhook delivery", () => {
  it("signs HMAC-SHA256 over timestamp.body with the timestamp header", async () => {
    const { delivery, calls, settle } = harness([200]);
    delivery.enqueue(alert, "fired");
    await settle();
    const call = calls[0];
    expect(call).toBeDefined();
    if (!call) return;
    const timestamp = call.headers[timestampHeader];
    expect(timestamp).toBe("1777000000");
    const expected = `sha256=${createHmac("sha256", "a-very-secret-signing-key").update(`${timestamp}.${call.body}`).digest("hex")}`;
    expect(call.headers[signatureHeader]).toBe(expected);
    expect(signBody("a-very-secret-signing-key", 1_777_000_000, call.body)).toBe(expected);
    const body = JSON.parse(call.body) as { type: string; alert: { evidenceUrl: string; id: number } };
    expect(body.type).toBe("alert.fired");
    expect(body.alert.evidenceUrl).toMatch(
      /^https:\/\/console\.example\.com\/stages\/.+\/sessions\/st-1\?region=us-east-1&from=1&to=2$/,
    );
    expect(call.body).not.toContain("a-very-secret-signing-key");
  });

  it("sends a Slack-compatible body", async () => {
    const { delivery, calls, settle } = harness([200], "slack");
    delivery.enqueue(alert, "resolved");
    await settle();
    const body = JSON.parse(calls[0]?.body ?? "{}") as { text: string; blocks: unknown[] };
    expect(body.text).toContain("[RESOLVED] Publisher limit reached");
    expect(body.blocks).toHaveLength(1);
  });

  it("retries 5xx and network errors with growing backoff, logging each attempt, then gives up", async () => {
    const { delivery, log, waits, settle } = harness([503, new Error("ECONNREFUSED"), 500, 502]);
    delivery.enqueue(alert, "fired");
    for (let i = 0; i < 4; i++) {
      await settle();
      const wait = waits.shift();
      if (wait) wait.run();
    }
    await settle();
    expect(log.map((entry) => entry.outcome)).toEqual(["retrying", "retrying", "retrying", "failed"]);
    expect(log.map((entry) => entry.attempt)).toEqual([1, 2, 3, 4]);
  });

  it("does not retry a 4xx refusal, and enqueue never waits for the endpoint", async () => {
    const { delivery, log, waits, settle } = harness([400]);
    // enqueue returns (no promise to wait on) before the endpoint has answered: nothing is logged yet.
    expect(delivery.enqueue(alert, "fired")).toBeUndefined();
    expect(log).toEqual([]);
    await settle();
    expect(log).toMatchObject([{ attempt: 1, outcome: "failed", httpStatus: 400 }]);
    expect(waits).toHaveLength(0);
  });
});
