/**
 * Test helpers: sign requests the way the official SDK does (`@smithy/signature-v4`, service `ivs`,
 * `applyChecksum: true`) and send raw HTTP requests. Used by the emulator's tests only.
 */
import http from "node:http";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SignedRequest } from "@/server/emulator/http/sigv4";

export const testAccessKeyId = "test";
export const testSecret = "test";

export interface SignOptions {
  readonly method?: string;
  /** Path as sent on the wire (labels already percent-encoded, like the SDK's serializer does). */
  readonly path?: string;
  /** Decoded query values (the signer's form). */
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly date?: Date;
  readonly region?: string;
  readonly service?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Value of the Host header (default `127.0.0.1:4599`). */
  readonly host?: string;
  /** Headers to sign even though the SDK never signs them (e.g. `user-agent`). */
  readonly signableHeaders?: readonly string[];
}

/** A request as it travels: method, raw target (path + query), lower-case headers, body. */
export interface WireRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** `encodeURIComponent` plus the RFC 3986 reserved characters it leaves alone (as the SDK encodes). */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Query string as the SDK's HTTP handler writes it (keys in insertion order, repeated keys repeated). */
export function wireQuery(query: Readonly<Record<string, string | readonly string[]>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const item of typeof value === "string" ? [value] : value) parts.push(`${escapeUri(key)}=${escapeUri(item)}`);
  }
  return parts.join("&");
}

export async function signRequest(options: SignOptions = {}): Promise<WireRequest> {
  const method = options.method ?? "POST";
  const path = options.path ?? "/GetStage";
  const query = options.query ?? {};
  const body =
    options.body ?? (method === "POST" ? '{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh"}' : "");
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: options.accessKeyId ?? testAccessKeyId,
      secretAccessKey: options.secretAccessKey ?? testSecret,
    },
    region: options.region ?? "us-east-1",
    service: options.service ?? "ivs",
    sha256: Sha256,
    applyChecksum: true,
  });
  const signableQuery: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) signableQuery[key] = typeof value === "string" ? value : [...value];
  const signed = await signer.sign(
    new HttpRequest({
      method,
      protocol: "http:",
      hostname: "127.0.0.1",
      path,
      query: signableQuery,
      headers: {
        host: options.host ?? "127.0.0.1:4599",
        ...(method === "POST" ? { "content-type": "application/json" } : {}),
        ...options.headers,
      },
      body: body === "" ? undefined : body,
    }),
    {
      signingDate: options.date ?? new Date(),
      ...(options.signableHeaders ? { signableHeaders: new Set(options.signableHeaders) } : {}),
    },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  const qs = wireQuery(query);
  return { method, target: qs === "" ? path : `${path}?${qs}`, headers, body };
}

/** The verifier's view of a wire request (the server builds the same from Node's request). */
export function toSignedRequest(wire: WireRequest, query: SignedRequest["query"]): SignedRequest {
  const q = wire.target.indexOf("?");
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(wire.headers)) headers[name.toLowerCase()] = [value];
  return {
    method: wire.method,
    rawPath: q === -1 ? wire.target : wire.target.slice(0, q),
    query,
    headers,
    body: Buffer.from(wire.body, "utf8"),
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Send a request with exactly these headers (`Host` defaults to 127.0.0.1:<port>) over a fresh connection. */
export function rawRequest(
  port: number,
  request: { method: string; target: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: request.method,
        path: request.target,
        headers: { host: `127.0.0.1:${port}`, ...request.headers },
        agent: false,
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

/** Send a signed wire request to a local server (sign it with `host: 127.0.0.1:<port>`). */
export function sendWire(port: number, wire: WireRequest): Promise<RawResponse> {
  const headers = { host: `127.0.0.1:${port}`, ...wire.headers };
  return rawRequest(port, { method: wire.method, target: wire.target, headers, body: wire.body });
}
