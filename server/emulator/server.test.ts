import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { manualClock, type ManualClock } from "@/server/emulator/clock";
import type { RequestContext } from "@/server/emulator/contract";
import { EmulatorError, notFound } from "@/server/emulator/errors";
import type { Logger } from "@/server/emulator/http/logger";
import { rawRequest, sendWire, signRequest, type SignOptions } from "@/server/emulator/http/testing";
import { securityHeaders } from "@/server/emulator/http/transport";
import { startTestServer, stubHandlers, type RunningServer } from "@/server/emulator/http/test-server";

const start = Date.parse("2026-11-25T12:00:00Z");
const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh";
const encodedStageArn = encodeURIComponent(stageArn);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.emulator.close()));
  running = [];
});

async function serve(options: Parameters<typeof startTestServer>[0]): Promise<RunningServer> {
  const server = await startTestServer(options);
  running.push(server);
  return server;
}

/** Write raw bytes to the server and collect everything until it closes the connection. */
function rawSocket(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(data));
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString()));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
  });
}

function signedFor(server: RunningServer, clock: ManualClock, options: SignOptions) {
  return signRequest({ host: `127.0.0.1:${server.port}`, date: new Date(clock.now()), ...options });
}

describe("emulator server: envelope, health, routing", () => {
  it("answers GET /_emulator/health without auth, with request id, Date from the clock and security headers", async () => {
    const clock = manualClock(start);
    const server = await serve({ clock });
    const response = await rawRequest(server.port, { method: "GET", target: "/_emulator/health" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true });
    expect(response.headers["x-amzn-requestid"]).toMatch(uuid);
    expect(response.headers.date).toBe(new Date(start).toUTCString());
    for (const [name, value] of Object.entries(securityHeaders))
      expect(response.headers[name.toLowerCase()]).toBe(value);
  });

  it("gives every response a distinct request id", async () => {
    const server = await serve({ clock: manualClock(start) });
    const a = await rawRequest(server.port, { method: "GET", target: "/_emulator/health" });
    const b = await rawRequest(server.port, { method: "POST", target: "/Nope" });
    expect(a.headers["x-amzn-requestid"]).not.toBe(b.headers["x-amzn-requestid"]);
    expect(b.headers["x-amzn-requestid"]).toMatch(uuid);
  });

  it("answers unknown routes with 404 UnknownOperationException (before auth)", async () => {
    const server = await serve({ clock: manualClock(start) });
    const response = await rawRequest(server.port, { method: "POST", target: "/CreateChannel" });
    expect(response.status).toBe(404);
    expect(response.headers["x-amzn-errortype"]).toBe("UnknownOperationException");
    expect(JSON.parse(response.body)).toEqual({ message: "No IVS Real-Time operation matches POST /CreateChannel" });
    const emulator = await rawRequest(server.port, { method: "GET", target: "/_emulator/nothing-here" });
    expect(emulator.status).toBe(404);
  });

  it("passes other /_emulator/ requests to the control-route hook (after the browser guard, without SigV4)", async () => {
    const hook = vi.fn(
      async (
        _req,
        _res,
        ctx: { subPath: string; sendJson: (s: number, b: unknown) => void; readBody: () => Promise<Buffer> },
      ) => {
        if (ctx.subPath !== "/echo") return false;
        ctx.sendJson(200, { echoed: (await ctx.readBody()).toString() });
        return true;
      },
    );
    const server = await serve({ clock: manualClock(start), extra: { controlRoutes: hook } });
    const echo = await rawRequest(server.port, { method: "POST", target: "/_emulator/echo", body: "hi" });
    expect(echo.status).toBe(200);
    expect(JSON.parse(echo.body)).toEqual({ echoed: "hi" });
    expect(echo.headers["x-amzn-requestid"]).toMatch(uuid);
    expect((await rawRequest(server.port, { method: "POST", target: "/_emulator/other" })).status).toBe(404);
    const refused = await rawRequest(server.port, {
      method: "POST",
      target: "/_emulator/echo",
      headers: { host: "evil.example" },
    });
    expect(refused.status).toBe(403);
    expect(hook).toHaveBeenCalledTimes(2);
  });
});

describe("emulator server: browser guard", () => {
  it("refuses a non-loopback Host with 403 before any other work", async () => {
    const server = await serve({ clock: manualClock(start) });
    for (const target of ["/_emulator/health", "/GetStage", "/NoSuchThing"]) {
      const response = await rawRequest(server.port, {
        method: "POST",
        target,
        headers: { host: "attacker.example:4599" },
      });
      expect(response.status, target).toBe(403);
      expect(response.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
      expect(response.headers["x-amzn-requestid"]).toMatch(uuid);
    }
  });

  it("refuses a request without Host (403 with the envelope, not Node's bare 400)", async () => {
    const server = await serve({ clock: manualClock(start) });
    const text = await rawSocket(server.port, "GET /_emulator/health HTTP/1.1\r\nConnection: close\r\n\r\n");
    expect(text).toMatch(/^HTTP\/1\.1 403 /);
    expect(text).toMatch(/\r\nx-amzn-ErrorType: AccessDeniedException\r\n/);
  });

  it("answers malformed HTTP with a JSON 400 carrying the envelope", async () => {
    const server = await serve({ clock: manualClock(start) });
    const text = await rawSocket(server.port, "GARBAGE\r\n\r\n");
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toMatch(/\r\nx-amzn-RequestId: [0-9a-f-]{36}\r\n/);
    expect(text).toMatch(/\r\nX-Frame-Options: DENY\r\n/);
    expect(text).toMatch(/\{"message":"Malformed HTTP request"\}$/);
  });

  it("refuses a foreign Origin and accepts an allowed one", async () => {
    const server = await serve({ clock: manualClock(start) });
    const foreign = await rawRequest(server.port, {
      method: "GET",
      target: "/_emulator/health",
      headers: { origin: "http://evil.example" },
    });
    expect(foreign.status).toBe(403);
    const allowed = await rawRequest(server.port, {
      method: "GET",
      target: "/_emulator/health",
      headers: { origin: "http://localhost:3000" },
    });
    expect(allowed.status).toBe(200);
  });

  it("answers a CORS preflight from an allowed origin", async () => {
    const server = await serve({ clock: manualClock(start) });
    const response = await rawRequest(server.port, {
      method: "OPTIONS",
      target: "/GetStage",
      headers: { origin: "http://127.0.0.1:3000", "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-methods"]).toContain("POST");
    expect(response.headers["access-control-allow-headers"]).toContain("X-Amz-Date");
  });
});

describe("emulator server: request pipeline", () => {
  const stage = { arn: stageArn, name: "news", tags: {} };

  it("dispatches a signed request to its handler with the caller's context", async () => {
    const clock = manualClock(start);
    const seen: Array<{ input: unknown; ctx: RequestContext }> = [];
    const handlers = stubHandlers({
      GetStage: (input, ctx) => {
        seen.push({ input, ctx });
        return { stage };
      },
    });
    const server = await serve({ clock, handlers });
    const wire = await signedFor(server, clock, {
      path: "/GetStage",
      body: JSON.stringify({ arn: stageArn }),
      region: "eu-west-1",
    });
    const response = await sendWire(server.port, wire);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(response.body)).toEqual({ stage });
    expect(seen).toEqual([
      {
        input: { arn: stageArn },
        ctx: {
          account: "123456789012",
          region: "eu-west-1",
          requestId: response.headers["x-amzn-requestid"],
          operation: "GetStage",
        },
      },
    ]);
  });

  it("assembles path labels and repeated query members (UntagResource)", async () => {
    const clock = manualClock(start);
    const inputs: unknown[] = [];
    const server = await serve({
      clock,
      handlers: stubHandlers({
        UntagResource: (input) => {
          inputs.push(input);
          return {};
        },
      }),
    });
    const wire = await signedFor(server, clock, {
      method: "DELETE",
      path: `/tags/${encodedStageArn}`,
      query: { tagKeys: ["team", "a b"] },
    });
    const response = await sendWire(server.port, wire);
    expect(response.status).toBe(200);
    expect(inputs).toEqual([{ resourceArn: stageArn, tagKeys: ["team", "a b"] }]);
  });

  it("answers 403 MissingAuthenticationTokenException for an unsigned API request", async () => {
    const server = await serve({ clock: manualClock(start) });
    const response = await rawRequest(server.port, { method: "POST", target: "/GetStage", body: "{}" });
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
    expect(JSON.parse(response.body)).toEqual({ message: "Missing Authentication Token" });
    expect(response.headers.date).toBe(new Date(start).toUTCString());
  });

  it("answers 413 for a body over 64 KiB", async () => {
    const clock = manualClock(start);
    const server = await serve({ clock });
    const body = JSON.stringify({ arn: stageArn, pad: "x".repeat(70 * 1024) });
    const response = await sendWire(server.port, await signedFor(server, clock, { path: "/GetStage", body }));
    expect(response.status).toBe(413);
    expect(response.headers["x-amzn-errortype"]).toBe("RequestEntityTooLargeException");
    expect(response.headers["x-amzn-requestid"]).toMatch(uuid);
  });

  it("answers 408 RequestTimeoutException when the body does not arrive in time", async () => {
    const server = await serve({ clock: manualClock(start), extra: { requestTimeoutMs: 150 } });
    const text = await rawSocket(
      server.port,
      `POST /GetStage HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: 100\r\n\r\n{"arn":`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toMatch(/\r\nx-amzn-ErrorType: RequestTimeoutException\r\n/);
    expect(text).toMatch(/\r\nx-amzn-RequestId: [0-9a-f-]{36}\r\n/);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
  });

  it("answers 400 SerializationException for malformed JSON", async () => {
    const clock = manualClock(start);
    const server = await serve({ clock });
    const response = await sendWire(
      server.port,
      await signedFor(server, clock, { path: "/GetStage", body: '{"arn":' }),
    );
    expect(response.status).toBe(400);
    expect(response.headers["x-amzn-errortype"]).toBe("SerializationException");
  });

  it("answers 400 ValidationException with the shared message for invalid input", async () => {
    const clock = manualClock(start);
    const server = await serve({ clock });
    const response = await sendWire(
      server.port,
      await signedFor(server, clock, { path: "/GetStage", body: '{"arn":"nope"}' }),
    );
    expect(response.status).toBe(400);
    expect(response.headers["x-amzn-errortype"]).toBe("ValidationException");
    expect(JSON.parse(response.body).exceptionMessage).toMatch(
      /^1 validation error detected\. Value at '\/arn' failed to satisfy constraint/,
    );
  });

  it("sends a handler's EmulatorError with its status, code, body key and headers", async () => {
    const clock = manualClock(start);
    const server = await serve({
      clock,
      handlers: stubHandlers({
        GetStage: () => {
          throw notFound("Stage not found: " + stageArn);
        },
        DeleteStage: () => {
          throw new EmulatorError("ConflictException", 409, "busy", "exceptionMessage", { "x-extra": "1" });
        },
      }),
    });
    const missing = await sendWire(
      server.port,
      await signedFor(server, clock, { path: "/GetStage", body: JSON.stringify({ arn: stageArn }) }),
    );
    expect(missing.status).toBe(404);
    expect(missing.headers["x-amzn-errortype"]).toBe("ResourceNotFoundException");
    expect(JSON.parse(missing.body)).toEqual({ exceptionMessage: `Stage not found: ${stageArn}` });
    const conflict = await sendWire(
      server.port,
      await signedFor(server, clock, { path: "/DeleteStage", body: JSON.stringify({ arn: stageArn }) }),
    );
    expect(conflict.status).toBe(409);
    expect(conflict.headers["x-extra"]).toBe("1");
  });

  it("turns an unexpected handler error into 500 InternalServerException and logs it without the request body", async () => {
    const clock = manualClock(start);
    const error = vi.fn();
    const logger: Logger = { info: vi.fn(), warn: vi.fn(), error };
    const server = await serve({
      clock,
      logger,
      handlers: stubHandlers({
        GetStage: () => {
          throw new Error("database exploded");
        },
      }),
    });
    const body = JSON.stringify({ arn: stageArn });
    const response = await sendWire(server.port, await signedFor(server, clock, { path: "/GetStage", body }));
    expect(response.status).toBe(500);
    expect(response.headers["x-amzn-errortype"]).toBe("InternalServerException");
    expect(response.body).not.toMatch(/exploded/);
    expect(error).toHaveBeenCalledOnce();
    const logged = JSON.stringify(error.mock.calls);
    expect(logged).toMatch(/database exploded/);
    expect(logged).not.toContain(stageArn);
    expect(logged).not.toMatch(/Signature=/);
  });

  it("answers {} for the replication operations whatever the handler returns", async () => {
    const clock = manualClock(start);
    const server = await serve({
      clock,
      handlers: stubHandlers({
        StartParticipantReplication: () => ({ cacheControl: "no-store, no-cache" }),
        StopParticipantReplication: () => ({}),
      }),
    });
    const body = JSON.stringify({
      sourceStageArn: stageArn,
      destinationStageArn: stageArn.replace("abcd", "wxyz"),
      participantId: "abCDEf12GHIj",
    });
    for (const op of ["StartParticipantReplication", "StopParticipantReplication"]) {
      const response = await sendWire(server.port, await signedFor(server, clock, { path: `/${op}`, body }));
      expect(response.status, op).toBe(200);
      expect(JSON.parse(response.body)).toEqual({});
      expect(response.headers["cache-control"]).toBe("no-store, no-cache");
    }
  });

  it("rejects a request whose signature has expired according to the emulator clock", async () => {
    const clock = manualClock(start);
    const server = await serve({ clock });
    const wire = await signedFor(server, clock, { path: "/GetStage", body: JSON.stringify({ arn: stageArn }) });
    clock.advance(5 * 60 * 1000 + 1000);
    const response = await sendWire(server.port, wire);
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
    expect(JSON.parse(response.body).message).toMatch(/^Signature expired: /);
    expect(response.headers.date).toBe(new Date(clock.now()).toUTCString());
  });
});

describe("emulator server: rate quotas", () => {
  const body = JSON.stringify({ arn: stageArn });

  it("throttles per operation at its TPS with the manual clock, and refills", async () => {
    const clock = manualClock(start);
    const server = await serve({
      clock,
      handlers: stubHandlers({ GetStage: () => ({}), ListStages: () => ({ stages: [] }) }),
    });
    const call = async (path = "/GetStage", b = body) =>
      sendWire(server.port, await signedFor(server, clock, { path, body: b }));
    for (let i = 0; i < 5; i++) expect((await call()).status).toBe(200);
    const throttled = await call();
    expect(throttled.status).toBe(429);
    expect(throttled.headers["x-amzn-errortype"]).toBe("ThrottlingException");
    expect(throttled.headers["retry-after"]).toBe("1");
    expect(JSON.parse(throttled.body)).toEqual({ message: "Rate exceeded" });
    expect((await call("/ListStages", "{}")).status).toBe(200); // another operation has its own bucket
    clock.advance(200);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(429);
  });

  it("does not throttle with --quotas off", async () => {
    const clock = manualClock(start);
    const server = await serve({ clock, config: { quotas: "off" }, handlers: stubHandlers({ GetStage: () => ({}) }) });
    for (let i = 0; i < 12; i++) {
      const response = await sendWire(server.port, await signedFor(server, clock, { path: "/GetStage", body }));
      expect(response.status).toBe(200);
    }
  });
});
