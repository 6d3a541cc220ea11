/**
 * The emulator's HTTP server: the IVS Real-Time restJson1 API on loopback.
 *
 * Two clocks: `clock` is the world's (virtual) time; `wallClock` is real time (default `Date.now`-based) and
 * drives everything the client's own clock must agree with or that is about requests rather than the world:
 * the SigV4 skew window, the `Date` header and the API rate quotas. With `--speed 60` the world runs 60×
 * faster while signatures still verify.
 *
 * Pipeline per request (each stage in server/emulator/http/):
 *   (a) transport guard: request id, `Date` (wall clock) and security headers on every response;
 *       bounded body reading (64 KiB → 413, 30 s → 408)
 *   (b) browser guard: loopback `Host` and allowed `Origin` only (403), before any other work
 *   (c) router: operation + path labels + query (404 UnknownOperationException); `/_emulator/*`
 *       (health, control routes) branches off here, after the browser guard and without SigV4
 *   (d) SigV4 verification (403 auth errors) → caller account and region
 *   (e) JSON body parsing (400 SerializationException) and zod validation (400 ValidationException)
 *   (f) API rate quota per account, region and operation (429 ThrottlingException)
 *   (f′) injected faults, phase "before" (latency, an error, or a dropped connection)
 *   (g) dispatch to the operation handler (its EmulatorError, or 500 InternalServerException)
 *   (g′) injected faults, phase "after" (the handler ran, but the client sees the fault)
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { operations, type OperationName } from "@/lib/ivs/operations";
import { realClock, type Clock } from "@/server/emulator/clock";
import type { EmulatorConfig } from "@/server/emulator/config";
import type { OperationHandlers, RequestContext } from "@/server/emulator/contract";
import { EmulatorError } from "@/server/emulator/errors";
import { assembleInput, parseJsonBody, validateInput } from "@/server/emulator/http/body";
import { checkBrowserGuard, preflightHeaders } from "@/server/emulator/http/browser-guard";
import { invoke, toWireError } from "@/server/emulator/http/dispatch";
import { consoleLogger, type Logger } from "@/server/emulator/http/logger";
import { createRateLimiter } from "@/server/emulator/http/rate-limiter";
import { createRouter, unknownOperation, type QueryValues } from "@/server/emulator/http/router";
import { createSigV4Verifier } from "@/server/emulator/http/sigv4";
import type { CloudWatchRoute } from "@/server/emulator/cloudwatch/service";
import {
  applyEnvelope,
  ClientAbortedError,
  clientErrorFor,
  defaultBodyLimitBytes,
  defaultRequestTimeoutMs,
  newRequestId,
  rawErrorResponse,
  readBody,
  writeError,
  writeJson,
  type Envelope,
  type WriteOptions,
} from "@/server/emulator/http/transport";

/** What an `/_emulator/*` control route gets besides the raw request and response. */
export interface ControlRouteContext {
  readonly requestId: string;
  /** The world's (virtual) clock. */
  readonly clock: Clock;
  /** Real time (see `EmulatorServerOptions.wallClock`). */
  readonly wallClock: Clock;
  readonly config: EmulatorConfig;
  /** Path below `/_emulator`, e.g. `/health` or `/world/reset`. */
  readonly subPath: string;
  readonly query: QueryValues;
  /** Read the request body with the same size limit and timeout as API requests. */
  readBody(): Promise<Buffer>;
  /** Send JSON with the standard envelope headers. */
  sendJson(status: number, body: unknown, headers?: Readonly<Record<string, string>>): void;
  /** Send an error in the emulator's wire form. */
  sendError(error: EmulatorError): void;
}

/**
 * Handles `/_emulator/*` requests other than `/_emulator/health`. Return `true` when the request was
 * answered; `false` lets the server answer 404. Thrown errors are sent like handler errors.
 */
export type ControlRoutes = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ctx: ControlRouteContext,
) => Promise<boolean>;

/** When an injected fault applies: before the handler runs, or after it ran (its result is then lost). */
export type FaultPhase = "before" | "after";

/**
 * Injected faults (see server/emulator/sim/faults.ts). Called once per phase for every API request; may wait
 * (latency), throw an `EmulatorError` (answered like a handler error), or return `"reset"` to drop the
 * connection without an answer.
 */
export type FaultHook = (ctx: RequestContext, phase: FaultPhase) => Promise<"reset" | undefined>;

export interface EmulatorServerOptions {
  readonly config: EmulatorConfig;
  /** The world's (virtual) clock, handed to control routes. */
  readonly clock: Clock;
  /** Real time for the SigV4 skew window, the `Date` header and rate quotas. Default: the machine's clock. */
  readonly wallClock?: Clock;
  readonly handlers: OperationHandlers;
  readonly faults?: FaultHook;
  readonly logger?: Logger;
  readonly controlRoutes?: ControlRoutes;
  /** CloudWatch (AWS/IVSRealTime) on `/`, a path no IVS operation uses (server/emulator/cloudwatch/). */
  readonly cloudwatch?: CloudWatchRoute;
  /** Default 64 KiB. */
  readonly bodyLimitBytes?: number;
  /** Real-time ms a request body may take to arrive; default 30 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Makes the world's changes durable (`--state-file`'s journal). Awaited before the answer of every mutating
   * API operation and of every control request other than GET leaves; a rejection answers 500.
   */
  readonly commit?: () => Promise<void>;
}

export interface EmulatorServer {
  /** Start listening on `config.host`:`config.port`; resolves with the base URL (actual port). */
  listen(): Promise<{ url: string }>;
  /** Stop accepting connections and close open ones. */
  close(): Promise<void>;
  readonly server: http.Server;
}

/** Operations whose success body is `{}`: their modeled outputs are response headers only (api §1.3). */
const headerOnlyOutputs: ReadonlySet<string> = new Set(["StartParticipantReplication", "StopParticipantReplication"]);

type UntypedHandler = (input: unknown, ctx: RequestContext) => unknown;

/** An injected connection reset: the socket closes without a response (the SDK sees ECONNRESET and retries). */
function resetConnection(req: http.IncomingMessage): void {
  req.socket.destroy();
}

export function createEmulatorServer(options: EmulatorServerOptions): EmulatorServer {
  const { config, clock, handlers } = options;
  const wallClock = options.wallClock ?? realClock();
  const logger = options.logger ?? consoleLogger;
  const bodyLimitBytes = options.bodyLimitBytes ?? defaultBodyLimitBytes;
  const requestTimeoutMs = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  const allowedOrigins = new Set(config.allowedOrigins);
  const route = createRouter(Object.values(operations));
  const verify = createSigV4Verifier({ credentials: config.credentials, clock: wallClock });
  const verifyMonitoring = createSigV4Verifier({
    credentials: config.credentials,
    clock: wallClock,
    service: "monitoring",
  });
  const limiter = createRateLimiter({ clock: wallClock, enabled: config.quotas === "realistic" });
  const injectFault = options.faults ?? (() => Promise.resolve(undefined));
  const commit = options.commit;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const envelope: Envelope = { requestId: newRequestId(), clock: wallClock };
    const method = req.method ?? "GET";
    let operation = "-";
    const send = (status: number, body: unknown, write?: WriteOptions) => writeJson(res, envelope, status, body, write);
    const bodyOf = () => readBody(req, { limitBytes: bodyLimitBytes, timeoutMs: requestTimeoutMs, startedAt });

    try {
      // (b) browser guard
      const refusal = checkBrowserGuard(req.headers, allowedOrigins);
      if (refusal !== undefined) throw refusal;
      if (method === "OPTIONS") {
        applyEnvelope(res, envelope);
        for (const [header, value] of Object.entries(preflightHeaders())) res.setHeader(header, value);
        res.statusCode = 204;
        res.end();
        return;
      }

      // CloudWatch: `/` with its own protocols (JSON 1.0 or query) and SigV4 for the signing name `monitoring`.
      if (options.cloudwatch !== undefined && /^\/(\?|$)/.test(req.url ?? "")) {
        operation = "cloudwatch";
        const readCloudWatchBody = (limitBytes: number) =>
          readBody(req, { limitBytes, timeoutMs: requestTimeoutMs, startedAt });
        await options.cloudwatch(req, res, { envelope, readBody: readCloudWatchBody, verify: verifyMonitoring });
        return;
      }

      // (c) router
      const target = route(method, req.url ?? "/");
      if (target.kind === "emulator") {
        operation = `emulator${target.subPath}`;
        if (target.subPath === "/health") {
          if (method !== "GET") throw unknownOperation(method, target.rawPath);
          send(200, { ok: true });
          return;
        }
        const handled =
          options.controlRoutes !== undefined &&
          (await options.controlRoutes(req, res, {
            requestId: envelope.requestId,
            clock,
            wallClock,
            config,
            subPath: target.subPath,
            query: target.query,
            readBody: bodyOf,
            sendJson: (status, body, headers) => {
              if (commit === undefined || method === "GET") return send(status, body, { headers });
              commit().then(
                () => send(status, body, { headers }),
                (error: unknown) =>
                  writeError(res, envelope, toWireError(error, { requestId: envelope.requestId, operation }, logger)),
              );
            },
            sendError: (error) => writeError(res, envelope, error),
          }));
        if (!handled) throw unknownOperation(method, target.rawPath);
        return;
      }
      const spec = target.spec;
      operation = spec.name;

      // (a) bounded body
      const body = await bodyOf();

      // (d) SigV4
      const caller = await verify({
        method,
        rawPath: target.rawPath,
        query: target.query,
        headers: req.headersDistinct,
        body,
      });

      // (e) input
      const json = method === "POST" ? parseJsonBody(body) : {};
      const input = validateInput(spec, assembleInput(spec, json, target.labels, target.query));

      // (f) rate quota
      limiter.take({ account: caller.account, region: caller.region, operation: spec.name }, spec.tps);

      // (f′) faults before, (g) dispatch, (g′) faults after
      const name = spec.name as OperationName;
      const handler = handlers[name] as unknown as UntypedHandler;
      const ctx: RequestContext = {
        account: caller.account,
        region: caller.region,
        requestId: envelope.requestId,
        operation: name,
      };
      if ((await injectFault(ctx, "before")) === "reset") return resetConnection(req);
      const output = await invoke(handler, input, ctx);
      if ((await injectFault(ctx, "after")) === "reset") return resetConnection(req);
      if (commit !== undefined && spec.mutating) await commit();
      send(200, headerOnlyOutputs.has(name) ? {} : output);
    } catch (error) {
      if (error instanceof ClientAbortedError) {
        req.destroy();
        return;
      }
      const wire = toWireError(error, { requestId: envelope.requestId, operation }, logger);
      // 413/408 leave the body unread: close the connection instead of draining it.
      writeError(res, envelope, wire, { close: wire.status === 413 || wire.status === 408 });
    }
  }

  // requireHostHeader: false, so a request without Host reaches the browser guard (403 with the full envelope).
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error("request handling failed", { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.destroy();
    });
  });
  // Requests Node's parser rejects get the same envelope and JSON error form as everything else.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(rawErrorResponse({ requestId: newRequestId(), clock: wallClock }, clientErrorFor(error.code)));
  });
  // Node's own limits sit above ours so that our 408 (with AWS headers) answers first.
  server.requestTimeout = requestTimeoutMs + 5_000;
  server.headersTimeout = Math.min(60_000, requestTimeoutMs + 5_000);

  return {
    server,
    listen() {
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.once("error", onError);
        server.listen(config.port, config.host, () => {
          server.off("error", onError);
          const address = server.address() as AddressInfo;
          const host =
            address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
          const name = config.host === "localhost" ? "localhost" : host;
          resolve({ url: `http://${name}:${address.port}` });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
