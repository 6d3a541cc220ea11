import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sampleArns } from "@/lib/ivs/samples";
import { IvsError } from "./errors";
import { backoffDelay, createTransport, type TransportDeps } from "./transport";

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

type Reply = (res: ServerResponse, seen: Seen) => void;

/** A local HTTP server whose answers are scripted per request. */
let server: Server;
let endpoint = "";
let script: Reply[] = [];
let seen: Seen[] = [];

const json =
  (status: number, body: object, headers: Record<string, string> = {}): Reply =>
  (res) => {
    res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": `req-${seen.length}`, ...headers });
    res.end(JSON.stringify(body));
  };
const ivsError = (status: number, code: string, message: string, headers: Record<string, string> = {}): Reply =>
  json(status, { exceptionMessage: message }, { "x-amzn-errortype": code, ...headers });
const reset: Reply = (res) => res.socket?.destroy();
const stage = { arn: sampleArns.stage, name: "s", tags: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const entry = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(entry);
      const reply = script.shift() ?? json(200, { stage });
      reply(res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function transportWithSleeps(overrides: Partial<TransportDeps> = {}) {
  const sleeps: number[] = [];
  const transport = createTransport({
    target: (region) => ({ region, endpoint, isEmulator: true }),
    credentials: () => async () => ({ accessKeyId: "AKIDTEST", secretAccessKey: "secret-for-tests" }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 1,
    ...overrides,
  });
  return { transport, sleeps };
}

function prepare(replies: Reply[]) {
  script = [...replies];
  seen = [];
}

describe("retries (standard mode)", () => {
  it("retries throttling, then succeeds, with throttling backoff bounds", async () => {
    prepare([
      ivsError(429, "ThrottlingException", "Rate exceeded"),
      ivsError(429, "ThrottlingException", "Rate exceeded"),
    ]);
    const { transport, sleeps } = transportWithSleeps();
    const out = await transport.call("GetStage", { arn: sampleArns.stage });
    expect(out.stage?.arn).toBe(sampleArns.stage);
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]); // random() = 1 → the upper bound of full jitter: 500·2^(n−1)
  });

  it("gives up after 3 attempts on 5xx and reports the attempts", async () => {
    prepare([
      ivsError(500, "InternalServerException", "boom"),
      ivsError(503, "ServiceUnavailable", "x"),
      ivsError(502, "BadGateway", "y"),
    ]);
    const { transport, sleeps } = transportWithSleeps();
    const error = await transport.call("GetStage", { arn: sampleArns.stage }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IvsError);
    expect(error).toMatchObject({ kind: "service", status: 502, code: "BadGateway", attempts: 3, retryable: true });
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it("does not retry a ValidationException and surfaces code, message and request id", async () => {
    prepare([ivsError(400, "ValidationException", "Value at '/arn' failed")]);
    const { transport, sleeps } = transportWithSleeps();
    const error = await transport.call("GetStage", { arn: sampleArns.stage }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: "service",
      code: "ValidationException",
      status: 400,
      message: "Value at '/arn' failed",
      requestId: "req-1",
      attempts: 1,
      retryable: false,
    });
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("honours Retry-After when it is longer than the computed backoff", async () => {
    prepare([ivsError(429, "ThrottlingException", "slow down", { "retry-after": "3" })]);
    const { transport, sleeps } = transportWithSleeps({ random: () => 0.1 });
    await transport.call("GetStage", { arn: sampleArns.stage });
    expect(sleeps).toEqual([3000]);
  });

  it("keeps backoff within full-jitter bounds and the 20 s cap", () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const high = backoffDelay(attempt, false, undefined, () => 0.999999);
      expect(high).toBeLessThanOrEqual(Math.min(20_000, 100 * 2 ** (attempt - 1)));
      expect(backoffDelay(attempt, true, undefined, () => 0)).toBe(0);
    }
    expect(backoffDelay(1, false, 60_000, () => 0.5)).toBe(20_000);
  });

  it("retries a connection reset", async () => {
    prepare([reset]);
    const { transport } = transportWithSleeps();
    await transport.call("GetStage", { arn: sampleArns.stage });
    expect(seen).toHaveLength(2);
  });

  it("reuses one StartComposition idempotency token across retries", async () => {
    prepare([ivsError(500, "InternalServerException", "x"), reset, json(200, {})]);
    const { transport } = transportWithSleeps();
    await transport
      .call("StartComposition", {
        stageArn: sampleArns.stage,
        destinations: [{ channel: { channelArn: sampleArns.channel } }],
      })
      .catch(() => undefined);
    const tokens = seen.map((s) => (JSON.parse(s.body) as { idempotencyToken?: string }).idempotencyToken);
    expect(tokens).toHaveLength(3);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(tokens).size).toBe(1);
  });

  it("times out an attempt that gets no answer, retries, then reports a timeout", async () => {
    const hang: Reply = () => undefined;
    prepare([hang, hang]);
    const { transport } = transportWithSleeps();
    const error = await transport
      .call("GetStage", { arn: sampleArns.stage }, { timeoutMs: 150, maxAttempts: 2 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", attempts: 2 });
  });

  it("stops at once when the caller aborts", async () => {
    prepare([() => undefined]);
    const { transport } = transportWithSleeps();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await transport
      .call("GetStage", { arn: sampleArns.stage }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "aborted", attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it("fails loudly when a response drifts from the declared output shape", async () => {
    prepare([json(200, { stage: { name: "no arn" } })]);
    const { transport } = transportWithSleeps({ strictResponses: true });
    const error = await transport.call("GetStage", { arn: sampleArns.stage }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-response", retryable: false });
  });
});

/** An independent SigV4 implementation (node crypto only) to check the transport's signature. */
function sigv4(input: {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  secret: string;
  region: string;
  service: string;
  amzDate: string;
}): string {
  const hash = (data: string) => createHash("sha256").update(data).digest("hex");
  const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
  const names = Object.keys(input.headers)
    .map((h) => h.toLowerCase())
    .sort();
  const canonicalHeaders = names.map((name) => `${name}:${String(input.headers[name]).trim()}\n`).join("");
  const canonicalUri = input.path
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
  const canonical = [input.method, canonicalUri, input.query, canonicalHeaders, names.join(";"), hash(input.body)].join(
    "\n",
  );
  const day = input.amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", input.amzDate, scope, hash(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${input.secret}`, day), input.region), input.service), "aws4_request");
  return createHmac("sha256", key).update(toSign).digest("hex");
}

describe("decoding", () => {
  it("copies header-bound output members and treats null members as absent", async () => {
    prepare([
      json(200, {}, { "x-frame-options": "DENY", "cache-control": "no-store, no-cache" }),
      json(200, { stage: { ...stage, endpoints: null } }),
    ]);
    const { transport } = transportWithSleeps();
    const replication = await transport.call("StartParticipantReplication", {
      sourceStageArn: sampleArns.stage,
      destinationStageArn: sampleArns.stage2,
      participantId: "abCDEf12GHIj",
    });
    expect(replication).toMatchObject({ xFrameOptions: "DENY", cacheControl: "no-store, no-cache" });
    const got = await transport.call("GetStage", { arn: sampleArns.stage });
    expect(got.stage).toEqual(stage);
  });
});

describe("signing", () => {
  it("the reference implementation reproduces AWS's post-vanilla test vector", () => {
    const signature = sigv4({
      method: "POST",
      path: "/",
      query: "",
      body: "",
      headers: { host: "example.amazonaws.com", "x-amz-date": "20150830T123600Z" },
      secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      region: "us-east-1",
      service: "service",
      amzDate: "20150830T123600Z",
    });
    expect(signature).toBe("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  });

  it("golden: a tag request at a fixed date is signed with service ivs and the double-encoded path", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-25T12:00:00Z"));
    try {
      prepare([json(200, {})]);
      const { transport } = transportWithSleeps();
      await transport.call(
        "UntagResource",
        { resourceArn: sampleArns.stage, tagKeys: ["b", "a"] },
        { region: "us-west-2" },
      );
      const [request] = seen;
      if (!request) throw new Error("no request");
      const auth = String(request.headers.authorization);
      expect(auth).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/20261125\/us-west-2\/ivs\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
      );
      expect(request.method).toBe("DELETE");
      expect(request.url).toBe(
        "/tags/arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Astage%2FabcdABCDefgh?tagKeys=b&tagKeys=a",
      );
      const expected = sigv4({
        method: "DELETE",
        path: "/tags/arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Astage%2FabcdABCDefgh",
        query: "tagKeys=a&tagKeys=b",
        headers: {
          host: String(request.headers.host),
          "x-amz-content-sha256": createHash("sha256").update("").digest("hex"),
          "x-amz-date": "20261125T120000Z",
        },
        body: "",
        secret: "secret-for-tests",
        region: "us-west-2",
        service: "ivs",
        amzDate: "20261125T120000Z",
      });
      expect(auth.endsWith(`Signature=${expected}`)).toBe(true);
      expect(request.headers["x-amz-date"]).toBe("20261125T120000Z");
    } finally {
      vi.useRealTimers();
    }
  });

  it("golden: GetStage to the public endpoint at a fixed date has a fixed signature", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-25T12:00:00Z"));
    try {
      let captured: { url: string; headers: Record<string, string>; body: string } | undefined;
      const transport = createTransport({
        target: (region) => ({ region, endpoint: `https://ivsrealtime.${region}.amazonaws.com`, isEmulator: false }),
        credentials: () => async () => ({
          accessKeyId: "AKIDEXAMPLE",
          secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        }),
        send: async (call) => {
          captured = { url: call.url.toString(), headers: call.headers, body: String(call.body) };
          return { status: 200, statusText: "OK", header: () => undefined, text: JSON.stringify({ stage }) };
        },
      });
      await transport.call("GetStage", { arn: sampleArns.stage }, { region: "us-west-2" });
      expect(captured?.url).toBe("https://ivsrealtime.us-west-2.amazonaws.com/GetStage");
      expect(captured?.body).toBe(`{"arn":"${sampleArns.stage}"}`);
      expect(captured?.headers.authorization).toBe(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-west-2/ivs/aws4_request, " +
          "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=cf69a468f2f53244d84674576e2a6c6e2d52003e0a772ef6651d02e4b247106b",
      );
      const body = `{"arn":"${sampleArns.stage}"}`;
      const reference = sigv4({
        method: "POST",
        path: "/GetStage",
        query: "",
        body,
        headers: {
          "content-type": "application/json",
          host: "ivsrealtime.us-west-2.amazonaws.com",
          "x-amz-content-sha256": createHash("sha256").update(body).digest("hex"),
          "x-amz-date": "20261125T120000Z",
        },
        secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        region: "us-west-2",
        service: "ivs",
        amzDate: "20261125T120000Z",
      });
      expect(reference).toBe("cf69a468f2f53244d84674576e2a6c6e2d52003e0a772ef6651d02e4b247106b");
    } finally {
      vi.useRealTimers();
    }
  });
});
