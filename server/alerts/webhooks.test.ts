import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AlertView } from "@/lib/alerts/present";
import { fieldErrors } from "@/lib/ivs/validation-message";
import {
  allowPrivateWebhooks,
  isPrivateAddress,
  SaveWebhookInput,
  webhookHostProblem,
  webhookTargetProblem,
} from "./webhook-policy";
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

function harness(
  statuses: (number | Error)[],
  format: "json" | "slack" = "json",
  checkTarget: (url: string) => Promise<string | undefined> = async () => undefined,
) {
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
    checkTarget,
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

  it("refuses a target the address policy refuses at delivery: logged as failed, never fetched nor retried", async () => {
    const { delivery, calls, log, waits, settle } = harness([200], "json", async () => "resolves to 10.0.0.7");
    delivery.enqueue(alert, "fired");
    await settle();
    expect(calls).toHaveLength(0);
    expect(log).toMatchObject([{ attempt: 1, outcome: "failed" }]);
    expect(String((log[0] as { error?: string }).error)).toContain("Refused: resolves to 10.0.0.7");
    expect(waits).toHaveLength(0);
  });
});

describe("webhook address policy (SSRF)", () => {
  const resolveTo =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address }));

  it("classifies loopback, private, link-local, mapped and reserved addresses as private, public ones not", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "[::1]",
      "fd00::1",
      "fe80::1",
      "::ffff:7f00:1",
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it("at save: refuses private literals and local names unless allowed; http only to such receivers", () => {
    for (const url of [
      "https://127.0.0.1/hook",
      "https://[::1]:8443/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://0x7f.1/hook",
      "https://localhost/hook",
      "https://metadata.internal/x",
      "https://intranet/x",
    ])
      expect(webhookHostProblem(url, false), url).toMatch(/private, loopback or link-local/);
    expect(webhookHostProblem("http://127.0.0.1:9/hook", true)).toBeUndefined();
    expect(webhookHostProblem("https://hooks.example.com/x", false)).toBeUndefined();
    expect(webhookHostProblem("http://hooks.example.com/x", true)).toMatch(/Use https:\/\//);
  });

  it("at delivery: resolves the name and refuses it when any address is private (DNS rebinding), or unresolvable", async () => {
    const url = "https://hooks.example.com/x";
    expect(await webhookTargetProblem(url, false, resolveTo("93.184.216.34"))).toBeUndefined();
    expect(await webhookTargetProblem(url, false, resolveTo("93.184.216.34", "10.0.0.7"))).toMatch(
      /resolves to 10\.0\.0\.7/,
    );
    expect(
      await webhookTargetProblem(url, false, async () => {
        throw new Error("ENOTFOUND");
      }),
    ).toMatch(/does not resolve/);
    expect(await webhookTargetProblem(url, true, resolveTo("10.0.0.7"))).toBeUndefined();
  });

  it("reads CONSOLE_WEBHOOK_ALLOW_PRIVATE: 1 allows, unset or 0 refuses, anything else is an error naming it", () => {
    const previous = process.env.CONSOLE_WEBHOOK_ALLOW_PRIVATE;
    const allowedWith = (value: string | undefined) => {
      if (value === undefined) delete process.env.CONSOLE_WEBHOOK_ALLOW_PRIVATE;
      else process.env.CONSOLE_WEBHOOK_ALLOW_PRIVATE = value;
      return allowPrivateWebhooks();
    };
    try {
      expect(allowedWith("1")).toBe(true);
      expect(allowedWith(undefined)).toBe(false);
      expect(allowedWith("0")).toBe(false);
      expect(() => allowedWith("yes")).toThrow(/CONSOLE_WEBHOOK_ALLOW_PRIVATE/);
    } finally {
      if (previous === undefined) delete process.env.CONSOLE_WEBHOOK_ALLOW_PRIVATE;
      else process.env.CONSOLE_WEBHOOK_ALLOW_PRIVATE = previous;
    }
  });

  it("the save shape refuses credentials in the URL, other schemes, and a private host with a field message", () => {
    const input = { name: "ops", format: "json", secret: "a-long-enough-secret", enabled: true };
    const previous = process.env.CONSOLE_WEBHOOK_ALLOW_PRIVATE;
    delete process.env.CONSOLE_WEBHOOK_ALLOW_PRIVATE;
    try {
      for (const [url, message] of [
        ["https://user:pass@hooks.example.com/x", /no user name or password/],
        ["ftp://hooks.example.com/x", /starts with https:\/\//],
        ["https://10.0.0.7/x", /private, loopback or link-local/],
      ] as const) {
        const result = SaveWebhookInput.safeParse({ ...input, url });
        expect(result.success, url).toBe(false);
        if (!result.success) expect(fieldErrors(result.error).url?.join(), url).toMatch(message);
      }
      expect(SaveWebhookInput.safeParse({ ...input, url: "https://hooks.example.com/x" }).success).toBe(true);
    } finally {
      if (previous !== undefined) process.env.CONSOLE_WEBHOOK_ALLOW_PRIVATE = previous;
    }
  });
});
