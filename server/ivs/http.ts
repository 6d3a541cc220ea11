import "server-only";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export interface HttpCall {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly signal: AbortSignal;
}

export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  header(name: string): string | undefined;
  readonly text: string;
}

export type HttpSend = (call: HttpCall) => Promise<HttpAnswer>;

// Keep-alive connections are reused across calls; node:http costs far less CPU per call than fetch (undici).
const agents = {
  "http:": new HttpAgent({ keepAlive: true, maxSockets: 32 }),
  "https:": new HttpsAgent({ keepAlive: true, maxSockets: 32 }),
};

function headerOf(message: IncomingMessage, name: string): string | undefined {
  const value = message.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** One HTTP exchange with the whole body read as text; rejects on network errors and on abort. */
export const nodeHttpSend: HttpSend = (call) =>
  new Promise<HttpAnswer>((resolve, reject) => {
    const isHttps = call.url.protocol === "https:";
    const request = (isHttps ? httpsRequest : httpRequest)(
      call.url,
      {
        method: call.method,
        headers:
          call.body === undefined
            ? call.headers
            : { ...call.headers, "content-length": String(Buffer.byteLength(call.body)) },
        agent: isHttps ? agents["https:"] : agents["http:"],
        signal: call.signal,
      },
      (message) => {
        const chunks: Buffer[] = [];
        message.on("data", (chunk: Buffer) => chunks.push(chunk));
        message.on("error", reject);
        message.on("end", () =>
          resolve({
            status: message.statusCode ?? 0,
            statusText: message.statusMessage ?? "",
            header: (name) => headerOf(message, name),
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(call.body);
  });
