import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "@/server/emulator/clock";
import { EmulatorError } from "@/server/emulator/errors";
import { rawRequest } from "@/server/emulator/http/testing";
import { readBody, securityHeaders, writeError, writeJson, type Envelope } from "@/server/emulator/http/transport";

let servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
  servers = [];
});

/** A server whose handler reads the body with `readBody` and echoes its size (or the error). */
async function bodyServer(limitBytes: number, timeoutMs: number): Promise<number> {
  const envelope: Envelope = {
    requestId: "00000000-0000-4000-8000-000000000000",
    clock: manualClock(Date.parse("2026-11-25T12:00:00Z")),
  };
  const server = http.createServer((req, res) => {
    readBody(req, { limitBytes, timeoutMs, startedAt: performance.now() }).then(
      (body) => writeJson(res, envelope, 200, { size: body.length }),
      (error: unknown) => {
        if (error instanceof EmulatorError) writeError(res, envelope, error, { close: true });
        else res.destroy();
      },
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("writeJson / writeError", () => {
  it("sends request id, Date from the emulator clock, the seven security headers and JSON", async () => {
    const clock = manualClock(Date.parse("2030-01-02T03:04:05Z"));
    const server = http.createServer((_req, res) => {
      writeError(
        res,
        { requestId: "11111111-1111-4111-8111-111111111111", clock },
        new EmulatorError("ConflictException", 409, "in use"),
      );
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const response = await rawRequest(port, { method: "GET", target: "/" });
    expect(response.status).toBe(409);
    expect(response.headers["x-amzn-requestid"]).toBe("11111111-1111-4111-8111-111111111111");
    expect(response.headers["x-amzn-errortype"]).toBe("ConflictException");
    expect(response.headers.date).toBe("Wed, 02 Jan 2030 03:04:05 GMT");
    expect(response.headers["content-type"]).toBe("application/json");
    for (const [name, value] of Object.entries(securityHeaders))
      expect(response.headers[name.toLowerCase()], name).toBe(value);
    expect(JSON.parse(response.body)).toEqual({ exceptionMessage: "in use" });
  });
});

describe("readBody", () => {
  it("reads a body within the limit", async () => {
    const port = await bodyServer(1024, 5_000);
    const response = await rawRequest(port, { method: "POST", target: "/", body: "x".repeat(1024) });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ size: 1024 });
  });

  it("answers 413 from Content-Length alone, before reading", async () => {
    const port = await bodyServer(1024, 5_000);
    const response = await rawRequest(port, { method: "POST", target: "/", body: "x".repeat(1025) });
    expect(response.status).toBe(413);
    expect(response.headers["x-amzn-errortype"]).toBe("RequestEntityTooLargeException");
    expect(response.headers.connection).toBe("close");
    expect(JSON.parse(response.body)).toEqual({ message: "Request body must not exceed 1024 bytes" });
  });

  it("answers 413 for a chunked body once the bytes received exceed the limit", async () => {
    const port = await bodyServer(1024, 5_000);
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port, method: "POST", path: "/", headers: { "transfer-encoding": "chunked" } },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.write("x".repeat(800));
      setTimeout(() => req.end("y".repeat(800)), 20);
    });
    expect(response.status).toBe(413);
  });

  it("answers 408 when the body does not arrive in time", async () => {
    const port = await bodyServer(1024, 100);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.write("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc");
      });
      let received = "";
      socket.on("data", (chunk) => (received += chunk.toString()));
      socket.on("end", () => resolve(received));
      socket.on("error", reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toMatch(/x-amzn-ErrorType: RequestTimeoutException/i);
  });
});
