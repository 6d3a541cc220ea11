/**
 * Stage (b), the browser guard (DNS-rebinding and cross-site protection). Runs before any other
 * work: a request whose `Host` is not a loopback name, or whose `Origin` header is present and not
 * allowed, is refused with 403.
 */
import type { IncomingHttpHeaders } from "node:http";
import { EmulatorError } from "@/server/emulator/errors";

const loopbackHostnames = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True for `127.0.0.1`, `localhost` and `[::1]`, each with or without a port. */
export function isLoopbackHost(host: string): boolean {
  const match = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  if (match === null) return false;
  const name = match[1] ?? "";
  const port = match[2];
  if (port !== undefined && Number(port) > 65_535) return false;
  return loopbackHostnames.has(name);
}

function refuse(message: string): EmulatorError {
  return new EmulatorError("AccessDeniedException", 403, message);
}

/** The refusal for this request, or `undefined` when it may proceed. */
export function checkBrowserGuard(
  headers: IncomingHttpHeaders,
  allowedOrigins: ReadonlySet<string>,
): EmulatorError | undefined {
  const host = headers.host;
  if (host === undefined || host === "")
    return refuse("Request has no Host header; the emulator answers only loopback hosts");
  if (!isLoopbackHost(host)) {
    return refuse(
      `Host "${host.slice(0, 100)}" is not a loopback address; the emulator answers only requests addressed to 127.0.0.1, localhost or [::1] (DNS-rebinding protection)`,
    );
  }
  const origin = headers.origin;
  if (origin !== undefined && !allowedOrigins.has(origin)) {
    return refuse(
      `Origin "${origin.slice(0, 200)}" is not allowed; start the emulator with --allowed-origin to allow it`,
    );
  }
  return undefined;
}

/** Request headers a browser may send cross-origin: SigV4 headers plus the IVS CORS trait's list. */
const allowedRequestHeaders = [
  "Authorization",
  "Content-Type",
  "X-Amz-Date",
  "X-Amz-Security-Token",
  "X-Amz-Content-Sha256",
  "X-Amz-User-Agent",
  "X-Api-Key",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
].join(",");

/**
 * Headers for a CORS preflight (`OPTIONS`) from an allowed origin. The browser guard has already
 * refused other origins, so answering here never widens access.
 */
export function preflightHeaders(): Readonly<Record<string, string>> {
  return {
    "Access-Control-Allow-Methods": "GET,POST,DELETE,OPTIONS",
    "Access-Control-Allow-Headers": allowedRequestHeaders,
    "Access-Control-Max-Age": "600",
  };
}
