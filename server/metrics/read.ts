import "server-only";
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import type { ConsoleContext } from "@/lib/context";
import type { ErrorInfo } from "@/lib/result";
import { credentialsFor } from "@/server/ivs/credentials";
import { getIvsTarget } from "@/server/ivs/config";
import { ParticipantId, StageArn } from "@/lib/ivs/primitives";

/**
 * Reads AWS/IVSRealTime metrics from CloudWatch with the official client, through the console's credential
 * chain. With `IVS_ENDPOINT` set (the emulator) CloudWatch goes to the same endpoint; otherwise the client's
 * own regional endpoint (`monitoring.<region>.amazonaws.com`). Times are the canonical UTC strings.
 */

export const metricsNamespace = "AWS/IVSRealTime";

const isoTime = z.iso.datetime({ offset: true });
// The IVS request shapes, declared once in lib/ivs (a participant id is required here).
const participantId = ParticipantId.min(1);

/** What the route accepts: the metrics of one participant (its page) or of one stage, over [start, end). */
export const metricsRequest = z
  .discriminatedUnion("scope", [
    z.strictObject({
      scope: z.literal("participant"),
      stageArn: StageArn,
      participantId,
      start: isoTime,
      end: isoTime,
      period: z.coerce.number().int().positive().optional(),
    }),
    z.strictObject({
      scope: z.literal("stage"),
      stageArn: StageArn,
      start: isoTime,
      end: isoTime,
      period: z.coerce.number().int().positive().optional(),
    }),
  ])
  .refine((r) => Date.parse(r.start) < Date.parse(r.end), { message: "start must be before end", path: ["start"] })
  .refine((r) => Date.parse(r.end) - Date.parse(r.start) <= 15 * 24 * 3600_000, {
    message: "at most 15 days at a time",
    path: ["end"],
  });

export type MetricsRequest = z.infer<typeof metricsRequest>;

export interface MetricSeries {
  /** The query id, e.g. `bitrate_hi_video`. */
  readonly id: string;
  readonly metric: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `[time, value]`, oldest first. */
  readonly points: ReadonlyArray<readonly [string, number]>;
}

export interface MetricsAnswer {
  readonly period: number;
  readonly start: string;
  readonly end: string;
  /** Series with at least one value (a WHIP publisher has no `none` video layer, a viewer no publish series). */
  readonly series: readonly MetricSeries[];
}

const hour = 3600_000;
const maxPointsPerSeries = 1440;
const maxPages = 20;

/**
 * The smallest period CloudWatch allows for this range with at most 1440 points per series: 5, 10, 20 or 30 s
 * for recent ranges, else a multiple of 60 (of 300 beyond 15 days).
 */
export function choosePeriod(startMs: number, endMs: number, nowMs: number, requested?: number): number {
  const age = nowMs - startMs;
  const step = age > 15 * 24 * hour ? 300 : age > 3 * hour ? 60 : 5;
  const needed = Math.max(requested ?? 0, Math.ceil((endMs - startMs) / 1000 / maxPointsPerSeries), step);
  if (needed <= 30 && step === 5) return [5, 10, 20, 30].find((p) => p >= needed) ?? 60;
  const unit = step === 300 ? 300 : 60;
  return Math.ceil(needed / unit) * unit;
}

const clients = new Map<string, CloudWatchClient>();

export function cloudWatchFor(context: ConsoleContext): CloudWatchClient {
  const key = `${context.region}\u0000${context.profile ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    const target = getIvsTarget(context.region);
    client = new CloudWatchClient({
      region: context.region,
      credentials: credentialsFor(context.profile),
      ...(target.isEmulator ? { endpoint: target.endpoint } : {}),
    });
    clients.set(key, client);
  }
  return client;
}

type Dims = Record<string, string>;

function query(
  id: string,
  metric: string,
  dimensions: Dims,
  period: number,
  stat: "Average" | "Maximum",
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: metricsNamespace,
        MetricName: metric,
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: period,
      Stat: stat,
    },
  };
}

/** The queries of a request, each with its metric and dimensions. */
export function queriesFor(
  request: MetricsRequest,
  period: number,
): Array<{ query: MetricDataQuery; metric: string; dimensions: Dims }> {
  const stage = request.stageArn.slice(request.stageArn.lastIndexOf("/") + 1);
  const out: Array<{ query: MetricDataQuery; metric: string; dimensions: Dims }> = [];
  const add = (id: string, metric: string, dimensions: Dims, stat: "Average" | "Maximum" = "Average") =>
    out.push({ query: query(id, metric, dimensions, period, stat), metric, dimensions });
  if (request.scope === "stage") {
    add("publishers", "Publishers", { Stage: stage }, "Maximum");
    add("subscribers", "Subscribers", { Stage: stage }, "Maximum");
    add("loss", "DownloadPacketLoss", { Stage: stage });
    add("dropped", "DroppedFrames", { Stage: stage });
    return out;
  }
  const me = { Stage: stage, Participant: request.participantId };
  for (const layer of ["hi", "mid", "low", "none"]) {
    add(`bitrate_${layer}_video`, "PublishBitrate", { ...me, SimulcastLayer: layer, MediaType: "video" });
    add(`resolution_${layer}`, "PublishResolution", { ...me, SimulcastLayer: layer, MediaType: "video" });
  }
  add("bitrate_audio", "PublishBitrate", { ...me, SimulcastLayer: "none", MediaType: "audio" });
  add("framerate", "PublishFramerate", me);
  add("subscribe_video", "SubscribeBitrate", { ...me, MediaType: "video" });
  add("subscribe_audio", "SubscribeBitrate", { ...me, MediaType: "audio" });
  add("loss", "DownloadPacketLoss", me, "Maximum");
  add("dropped", "DroppedFrames", me, "Maximum");
  return out;
}

/** GetMetricData, every page (at most 20), merged per query. */
export async function readMetrics(
  request: MetricsRequest,
  context: ConsoleContext,
  options: { now?: number; signal?: AbortSignal } = {},
): Promise<MetricsAnswer> {
  const startMs = Date.parse(request.start);
  const endMs = Date.parse(request.end);
  const period = choosePeriod(startMs, endMs, options.now ?? Date.now(), request.period);
  const wanted = queriesFor(request, period);
  const points = new Map<string, Array<readonly [string, number]>>();
  let nextToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const out = await cloudWatchFor(context).send(
      new GetMetricDataCommand({
        StartTime: new Date(startMs),
        EndTime: new Date(endMs),
        ScanBy: "TimestampAscending",
        MetricDataQueries: wanted.map((w) => w.query),
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    for (const result of out.MetricDataResults ?? []) {
      const id = result.Id ?? "";
      const list = points.get(id) ?? [];
      (result.Timestamps ?? []).forEach((time, i) => {
        const value = result.Values?.[i];
        if (value !== undefined) list.push([time.toISOString(), value]);
      });
      points.set(id, list);
    }
    nextToken = out.NextToken;
    if (!nextToken) break;
  }
  const series = wanted
    .map(({ query: q, metric, dimensions }) => ({
      id: q.Id ?? "",
      metric,
      dimensions,
      points: points.get(q.Id ?? "") ?? [],
    }))
    .filter((s) => s.points.length > 0);
  return { period, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), series };
}

/** A CloudWatch failure as the console shows it. */
export function metricsError(error: unknown): { status: number; error: ErrorInfo } {
  const meta =
    typeof error === "object" && error !== null && "$metadata" in error
      ? (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata
      : undefined;
  const status = meta?.httpStatusCode;
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "CredentialsProviderError") {
    return {
      status: 502,
      error: {
        code: name,
        message: "No AWS credentials found (environment, profile or instance role).",
        retryable: false,
      },
    };
  }
  const retryable = status === undefined || status >= 500 || status === 429 || name === "ThrottlingException";
  return {
    status: status !== undefined && status < 500 ? status : 502,
    error: {
      code: name,
      message: `CloudWatch: ${message}`,
      ...(meta?.requestId ? { requestId: meta.requestId } : {}),
      retryable,
    },
  };
}
