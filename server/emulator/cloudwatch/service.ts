/**
 * CloudWatch (namespace AWS/IVSRealTime) on the emulator's port: `POST /` in AWS JSON 1.0
 * (`x-amz-target: GraniteServiceVersion20100801.<Operation>`) or the query protocol (form-encoded `Action=…`).
 * IVS requests never use the path `/`, so server.ts hands every request for `/` here. SigV4 is verified with
 * the signing name `monitoring`; the caller's account and region pick the region store whose world the
 * metrics describe. Operations: GetMetricData, GetMetricStatistics, ListMetrics.
 */
import type http from "node:http";
import type { Clock } from "../clock";
import { EmulatorError } from "../errors";
import type { SigV4Verifier } from "../http/sigv4";
import { applyEnvelope, ClientAbortedError, type Envelope } from "../http/transport";
import { parseQuery } from "../http/router";
import type { Scope } from "../world/ids";
import type { RegionStore, World } from "../world/store";
import type { EpisodeRegistry } from "./episodes";
import { authQueryCodes, CloudWatchError, internalFailure, unknownOperation } from "./errors";
import { buildIndex, type RegionIndex } from "./model";
import { getMetricData, getMetricStatistics, listMetrics } from "./query";
import {
  errorXml,
  getMetricDataJson,
  getMetricDataXml,
  getMetricStatisticsJson,
  getMetricStatisticsXml,
  listMetricsXml,
  parseForm,
  parseJson,
  readerOf,
  readGetMetricData,
  readGetMetricStatistics,
  readListMetrics,
  xmlDocument,
  type Protocol,
} from "./wire";

export const targetPrefix = "GraniteServiceVersion20100801";
export const apiVersion = "2010-08-01";
/** Larger than IVS's 64 KiB: a GetMetricData with 500 queries is about 100 KB of JSON. */
export const bodyLimitBytes = 1024 * 1024;
/** World-time ms a region's metrics index is reused after the world changed (values may lag events this much). */
export const maxIndexAgeMs = 1_000;

/** What server.ts gives the CloudWatch route. */
export interface CloudWatchContext {
  readonly envelope: Envelope;
  /** Read the request body with this size limit and the server's timeout. */
  readBody(limitBytes: number): Promise<Buffer>;
  /** A SigV4 verifier for the signing name `monitoring`. */
  readonly verify: SigV4Verifier;
}

export type CloudWatchRoute = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ctx: CloudWatchContext,
) => Promise<void>;

export interface CloudWatchOptions {
  readonly world: World;
  readonly clock: Clock;
  readonly seed: number;
  readonly episodes: EpisodeRegistry;
}

export interface CloudWatch {
  readonly route: CloudWatchRoute;
  /** The metrics index of one account and region (cached until the world or the episodes change). */
  indexFor(scope: Scope): RegionIndex;
}

const operations = ["GetMetricData", "GetMetricStatistics", "ListMetrics"] as const;
type Operation = (typeof operations)[number];
const isOperation = (name: string): name is Operation => (operations as readonly string[]).includes(name);

function detectProtocol(headers: http.IncomingHttpHeaders): Protocol {
  if (headers["x-amz-target"] !== undefined) return "json";
  return (headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")
    ? "query"
    : "json";
}

function asCloudWatchError(error: unknown): CloudWatchError {
  if (error instanceof CloudWatchError) return error;
  if (error instanceof EmulatorError) {
    return new CloudWatchError(
      authQueryCodes[error.code] ?? error.code,
      `com.amazon.coral.service#${error.code}`,
      error.status,
      error.message,
    );
  }
  return internalFailure("The request processing has failed because of an unknown error.");
}

export function createCloudWatch(options: CloudWatchOptions): CloudWatch {
  const { world, clock, seed, episodes } = options;
  const cache = new WeakMap<RegionStore, { key: string; episodes: number; builtAt: number; index: RegionIndex }>();
  const emptyIndex: RegionIndex = { stages: new Map(), seed };

  function indexFor(scope: Scope): RegionIndex {
    const store = world.regions().find((s) => s.scope.account === scope.account && s.scope.region === scope.region);
    if (!store) return emptyIndex;
    let ended = 0;
    for (const session of store.sessions.values()) if (session.endTime !== undefined) ended++;
    const key = `${store.lastSeq}/${store.sessions.size}/${ended}`;
    const now = clock.now();
    const cached = cache.get(store);
    if (cached && cached.episodes === episodes.version()) {
      // A live world changes every few seconds: an index at most `maxIndexAgeMs` old is still good enough.
      if (cached.key === key || (now >= cached.builtAt && now - cached.builtAt < maxIndexAgeMs)) return cached.index;
    }
    const index = buildIndex(store, seed, episodes.forScope(scope));
    cache.set(store, { key, episodes: episodes.version(), builtAt: now, index });
    return index;
  }

  /** Runs an operation; the answer renders lazily in the protocol's form. */
  function run(
    operation: Operation,
    protocol: Protocol,
    raw: Record<string, unknown>,
    scope: Scope,
  ): { json: () => unknown; xml: () => string } {
    const index = indexFor(scope);
    const reader = readerOf(protocol, raw);
    const now = clock.now();
    switch (operation) {
      case "GetMetricData": {
        const output = getMetricData(index, readGetMetricData(reader), now);
        return { json: () => getMetricDataJson(output), xml: () => getMetricDataXml(output) };
      }
      case "GetMetricStatistics": {
        const output = getMetricStatistics(index, readGetMetricStatistics(reader), now);
        return { json: () => getMetricStatisticsJson(output), xml: () => getMetricStatisticsXml(output) };
      }
      case "ListMetrics": {
        const output = listMetrics(index, readListMetrics(reader), now);
        return { json: () => output, xml: () => listMetricsXml(output) };
      }
    }
  }

  const route: CloudWatchRoute = async (req, res, ctx) => {
    const protocol = detectProtocol(req.headers);
    const requestId = ctx.envelope.requestId;
    const send = (
      status: number,
      contentType: string,
      payload: string,
      headers: Readonly<Record<string, string>> = {},
    ) => {
      if (res.headersSent || res.writableEnded || res.destroyed) return;
      const bytes = Buffer.from(payload, "utf8");
      applyEnvelope(res, ctx.envelope);
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.setHeader("Content-Type", contentType);
      res.setHeader("Content-Length", String(bytes.length));
      res.statusCode = status;
      res.end(bytes);
    };
    try {
      const method = req.method ?? "GET";
      const target = req.url ?? "/";
      const q = target.indexOf("?");
      if (method !== "POST") throw unknownOperation(`CloudWatch requests are POST /, not ${method.slice(0, 10)}.`);
      const body = await ctx.readBody(bodyLimitBytes);
      const caller = await ctx.verify({
        method,
        rawPath: q === -1 ? target : target.slice(0, q),
        query: q === -1 ? {} : parseQuery(target.slice(q + 1)),
        headers: req.headersDistinct,
        body,
      });
      let operation: string;
      let raw: Record<string, unknown>;
      if (protocol === "json") {
        const header = req.headers["x-amz-target"];
        const value = typeof header === "string" ? header : "";
        if (!value.startsWith(`${targetPrefix}.`)) {
          throw unknownOperation(
            `The x-amz-target header must be ${targetPrefix}.<Operation>, got '${value.slice(0, 80)}'.`,
          );
        }
        operation = value.slice(targetPrefix.length + 1);
        if (!isOperation(operation))
          throw unknownOperation(`The emulator's CloudWatch has no operation '${operation.slice(0, 60)}'.`);
        raw = parseJson(body.toString("utf8"));
      } else {
        const { Action, Version, ...rest } = parseForm(body.toString("utf8"));
        if (typeof Action !== "string" || Action === "")
          throw new CloudWatchError(
            "MissingAction",
            "MissingAction",
            400,
            "The request must contain the parameter Action.",
          );
        if (Version !== undefined && Version !== apiVersion) {
          throw new CloudWatchError(
            "InvalidParameterValue",
            "InvalidParameterValue",
            400,
            `Version must be ${apiVersion}, got '${String(Version).slice(0, 20)}'.`,
          );
        }
        operation = Action;
        if (!isOperation(operation))
          throw unknownOperation(`The action ${operation.slice(0, 60)} is not valid for this web service.`);
        raw = rest;
      }
      const scope = { account: caller.account, region: caller.region };
      const result = run(operation, protocol, raw, scope);
      if (protocol === "json") send(200, "application/x-amz-json-1.0", JSON.stringify(result.json()));
      else send(200, "text/xml", xmlDocument(operation, result.xml(), requestId));
    } catch (error) {
      if (error instanceof ClientAbortedError) {
        req.destroy();
        return;
      }
      const wire = asCloudWatchError(error);
      const close: Record<string, string> = wire.status === 413 || wire.status === 408 ? { Connection: "close" } : {};
      if (protocol === "json") {
        send(wire.status, "application/x-amz-json-1.0", JSON.stringify({ __type: wire.type, message: wire.message }), {
          "x-amzn-query-error": `${wire.code};${wire.fault}`,
          ...close,
        });
      } else {
        send(wire.status, "text/xml", errorXml(wire, requestId), close);
      }
    }
  };

  return { route, indexFor };
}
