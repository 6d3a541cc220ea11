/**
 * Stage (a), the transport guard: the response envelope every answer shares (request id, `Date`
 * from the emulator clock, the seven IVS security headers), JSON/error writers, and bounded body
 * reading (size limit → 413, slow body → 408).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "@/server/emulator/clock";
import { EmulatorError } from "@/server/emulator/errors";

/** The seven CORS/security headers IVS returns (api §1.3); sent on every response, errors included. */
export const securityHeaders: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers":
    "Access-Control-Allow-Origin,Access-Control-Expose-Headers,Cache-Control,Content-Length,Content-Security-Policy,Content-Type,date,Strict-Transport-Security,x-amz-apigw-id,x-amzn-errormessage,x-amzn-errortype,x-amzn-requestid,x-amzn-trace-id,X-Content-Type-Options,X-Frame-Options",
  "Cache-Control": "no-store, no-cache",
  "Content-Security-Policy": "default-src 'self'; upgrade-insecure-requests;",
  "Strict-Transport-Security": "max-age:47304000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
};

export const defaultBodyLimitBytes = 64 * 1024;
export const defaultRequestTimeoutMs = 30_000;

export function newRequestId(): string {
  return randomUUID();
}

/** What every response of one exchange carries. */
export interface Envelope {
  readonly requestId: string;
  readonly clock: Clock;
}

export interface WriteOptions {
  /** Extra response headers (e.g. `Retry-After`, `x-amzn-ErrorType`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Close the connection after this response (used when the request body was not read to its end). */
  readonly close?: boolean;
}

/**
 * Write the common headers to `res` (without ending it): `x-amzn-RequestId`, `Date` from the
 * emulator clock (the SDK corrects its clock skew from it), and the seven security headers.
 */
export function applyEnvelope(res: ServerResponse, envelope: Envelope): void {
  res.sendDate = false;
  res.setHeader("x-amzn-RequestId", envelope.requestId);
  res.setHeader("Date", new Date(envelope.clock.now()).toUTCString());
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
}

/** Send a JSON response with the envelope headers. Does nothing if a response was already sent. */
export function writeJson(
  res: ServerResponse,
  envelope: Envelope,
  status: number,
  body: unknown,
  options: WriteOptions = {},
): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const payload = Buffer.from(JSON.stringify(body ?? {}), "utf8");
  applyEnvelope(res, envelope);
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", String(payload.length));
  if (options.close) res.setHeader("Connection", "close");
  res.statusCode = status;
  res.end(payload);
}

/** Send an `EmulatorError` in AWS restJson1 form: status, `x-amzn-ErrorType`, `{ [bodyKey]: message }`. */
export function writeError(
  res: ServerResponse,
  envelope: Envelope,
  error: EmulatorError,
  options: WriteOptions = {},
): void {
  writeJson(
    res,
    envelope,
    error.status,
    { [error.bodyKey]: error.message },
    {
      ...options,
      headers: { ...error.headers, ...options.headers, "x-amzn-ErrorType": error.code },
    },
  );
}

/** The body was larger than the limit. */
export function payloadTooLarge(limitBytes: number): EmulatorError {
  return new EmulatorError(
    "RequestEntityTooLargeException",
    413,
    `Request body must not exceed ${limitBytes} bytes`,
    "message",
  );
}

/** The request (headers + body) did not arrive within the timeout. */
export function requestTimeout(timeoutMs: number): EmulatorError {
  return new EmulatorError(
    "RequestTimeoutException",
    408,
    `Request was not received within ${timeoutMs} ms`,
    "message",
  );
}

/** The client went away before the body was complete; nothing can be answered. */
export class ClientAbortedError extends Error {
  constructor() {
    super("client aborted the request");
    this.name = "ClientAbortedError";
  }
}

export interface ReadBodyOptions {
  readonly limitBytes: number;
  /** Real-time milliseconds the body may take, counted from `startedAt` (performance.now()). */
  readonly timeoutMs: number;
  readonly startedAt: number;
}

/**
 * Read the request body incrementally. Rejects with a 413 `EmulatorError` as soon as the declared
 * `Content-Length` or the bytes received exceed the limit (reading stops there), with a 408 when the
 * body is not complete in time, and with `ClientAbortedError` when the client disconnects.
 * On 413/408 the caller must answer with `close: true`: the rest of the body is never read.
 */
export function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > options.limitBytes) {
    req.pause();
    return Promise.reject(payloadTooLarge(options.limitBytes));
  }
  if (req.complete && req.readableEnded) return Promise.resolve(Buffer.alloc(0));

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const remaining = Math.max(0, options.timeoutMs - (performance.now() - options.startedAt));
    const timer = setTimeout(() => finish(requestTimeout(options.timeoutMs)), remaining);

    function cleanup() {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onClose);
    }
    function finish(outcome: Buffer | Error) {
      if (settled) return;
      settled = true;
      cleanup();
      if (outcome instanceof Error) {
        req.pause();
        reject(outcome);
      } else {
        resolve(outcome);
      }
    }
    function onData(chunk: Buffer) {
      size += chunk.length;
      if (size > options.limitBytes) {
        finish(payloadTooLarge(options.limitBytes));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd() {
      finish(Buffer.concat(chunks, size));
    }
    function onAbort() {
      finish(new ClientAbortedError());
    }
    function onClose() {
      if (!req.complete) finish(new ClientAbortedError());
    }

    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAbort);
    req.on("close", onClose);
  });
}

const statusText: Readonly<Record<number, string>> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/**
 * A complete raw HTTP/1.1 error response for requests Node's parser rejects before a request
 * object exists (`clientError`): same envelope headers and JSON error form as every other answer.
 */
export function rawErrorResponse(envelope: Envelope, error: EmulatorError): string {
  const body = JSON.stringify({ [error.bodyKey]: error.message });
  const headers: Record<string, string> = {
    "x-amzn-RequestId": envelope.requestId,
    Date: new Date(envelope.clock.now()).toUTCString(),
    ...securityHeaders,
    "x-amzn-ErrorType": error.code,
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
    Connection: "close",
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${error.status} ${statusText[error.status] ?? "Error"}\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

/** The error for a Node `clientError` (malformed request line or headers, header timeout, oversized headers). */
export function clientErrorFor(code: string | undefined): EmulatorError {
  if (code === "ERR_HTTP_REQUEST_TIMEOUT")
    return new EmulatorError("RequestTimeoutException", 408, "Request headers were not received in time", "message");
  if (code === "HPE_HEADER_OVERFLOW")
    return new EmulatorError("RequestHeaderFieldsTooLargeException", 431, "Request headers are too large", "message");
  return new EmulatorError("BadRequestException", 400, "Malformed HTTP request", "message");
}
