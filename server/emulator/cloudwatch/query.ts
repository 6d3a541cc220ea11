/**
 * The semantics of GetMetricData, GetMetricStatistics and ListMetrics over a region's series, independent of
 * the wire protocol: validation of what the model cannot express, period alignment, statistics, retention,
 * ScanBy, MaxDatapoints and NextToken. Times are epoch ms.
 */
import { createHash } from "node:crypto";
import { invalidCombination, invalidNextToken, invalidValue } from "./errors";
import { emissionPeriodMs, type RegionIndex } from "./model";
import { catalog, resolveSeries, type Dimension, type MetricId, type Series } from "./series";

export const statistics = ["Average", "Minimum", "Maximum", "Sum", "SampleCount"] as const;
export type Statistic = (typeof statistics)[number];

export interface MetricStatInput {
  readonly Metric: MetricId;
  readonly Period: number;
  readonly Stat: string;
  readonly Unit?: string;
}

export interface MetricDataQueryInput {
  readonly Id: string;
  readonly MetricStat?: MetricStatInput;
  readonly Expression?: string;
  readonly Label?: string;
  readonly ReturnData?: boolean;
  readonly Period?: number;
}

export interface GetMetricDataInput {
  readonly MetricDataQueries: readonly MetricDataQueryInput[];
  readonly StartTime: number;
  readonly EndTime: number;
  readonly NextToken?: string;
  readonly ScanBy?: string;
  readonly MaxDatapoints?: number;
}

export interface MetricDataResult {
  readonly Id: string;
  readonly Label: string;
  readonly Timestamps: number[];
  readonly Values: number[];
  readonly StatusCode: "Complete" | "PartialData";
}

export interface GetMetricDataOutput {
  readonly MetricDataResults: MetricDataResult[];
  readonly NextToken?: string;
}

export interface GetMetricStatisticsInput {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: readonly Dimension[];
  readonly StartTime: number;
  readonly EndTime: number;
  readonly Period: number;
  readonly Statistics?: readonly string[];
  readonly ExtendedStatistics?: readonly string[];
  readonly Unit?: string;
}

export interface Datapoint {
  readonly Timestamp: number;
  readonly Unit: string;
  SampleCount?: number;
  Average?: number;
  Sum?: number;
  Minimum?: number;
  Maximum?: number;
}

export interface ListMetricsInput {
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions?: ReadonlyArray<{ readonly Name: string; readonly Value?: string }>;
  readonly NextToken?: string;
  readonly RecentlyActive?: string;
}

export const maxQueries = 500;
export const defaultMaxDatapoints = 100_800;
export const maxStatisticsDatapoints = 1440;
export const listMetricsPageSize = 500;

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** Periods (seconds) CloudWatch accepts: 1, 5, 10, 20, 30 or a multiple of 60. */
export function checkPeriod(period: number, name: string): void {
  if (!Number.isInteger(period) || period < 1 || !([1, 5, 10, 20, 30].includes(period) || period % 60 === 0)) {
    throw invalidValue(`The parameter ${name} must be 1, 5, 10, 20, 30 or a multiple of 60 seconds, got ${period}.`);
  }
}

/** How long values of a period are kept: < 60 s for 3 h, 1 min for 15 days, 5 min for 63 days, 1 h for 455 days. */
export function retentionMs(periodSeconds: number): number {
  if (periodSeconds % 3600 === 0) return 455 * day;
  if (periodSeconds % 300 === 0) return 63 * day;
  if (periodSeconds % 60 === 0) return 15 * day;
  return 3 * hour;
}

/** The period a start this old needs (older starts need coarser periods, or get no data). */
export function periodAllowedForAge(periodSeconds: number, ageMs: number): boolean {
  if (ageMs > 455 * day) return false;
  if (ageMs > 63 * day) return periodSeconds % 3600 === 0;
  if (ageMs > 15 * day) return periodSeconds % 300 === 0;
  if (ageMs > 3 * hour) return periodSeconds % 60 === 0;
  return true;
}

/** StartTime rounded down: to the period below 60 s, the minute up to 15 days ago, 5 minutes up to 63, else the hour. */
export function alignStart(startMs: number, periodSeconds: number, nowMs: number): number {
  const age = nowMs - startMs;
  const unit = age > 63 * day ? hour : age > 15 * day ? 5 * minute : periodSeconds < 60 ? periodSeconds * 1000 : minute;
  return Math.floor(startMs / unit) * unit;
}

/** The values of one period, reduced as they are read (no per-period arrays). */
export interface Bucket {
  readonly start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** The raw values of a series grouped into the periods of [start, end), oldest first; empty periods omitted. */
export function buckets(
  series: Series,
  startMs: number,
  endMs: number,
  periodSeconds: number,
  nowMs: number,
): Bucket[] {
  const periodMs = periodSeconds * 1000;
  const oldest = nowMs - retentionMs(periodSeconds);
  const out: Bucket[] = [];
  for (let b = startMs; b < endMs; b += periodMs) {
    const bucketEnd = b + periodMs;
    if (bucketEnd <= series.from || b >= series.to || bucketEnd <= oldest) continue;
    if (b > nowMs) break;
    let bucket: Bucket | undefined;
    const first = Math.ceil(Math.max(b, oldest) / emissionPeriodMs) * emissionPeriodMs;
    for (let t = first; t < bucketEnd && t <= nowMs; t += emissionPeriodMs) {
      const value = series.sample(t);
      if (value === undefined) continue;
      if (bucket === undefined) bucket = { start: b, count: 1, sum: value, min: value, max: value };
      else {
        bucket.count++;
        bucket.sum += value;
        if (value < bucket.min) bucket.min = value;
        if (value > bucket.max) bucket.max = value;
      }
    }
    if (bucket !== undefined) out.push(bucket);
  }
  return out;
}

export function fromBucket(bucket: Bucket, stat: Statistic): number {
  switch (stat) {
    case "SampleCount":
      return bucket.count;
    case "Sum":
      return bucket.sum;
    case "Average":
      return bucket.sum / bucket.count;
    case "Minimum":
      return bucket.min;
    case "Maximum":
      return bucket.max;
  }
}

/** A statistic of plain values (what `fromBucket` computes incrementally). */
export function statistic(values: readonly number[], stat: Statistic): number {
  const bucket: Bucket = { start: 0, count: 0, sum: 0, min: Infinity, max: -Infinity };
  for (const value of values) {
    bucket.count++;
    bucket.sum += value;
    bucket.min = Math.min(bucket.min, value);
    bucket.max = Math.max(bucket.max, value);
  }
  return fromBucket(bucket, stat);
}

const isStatistic = (text: string): text is Statistic => (statistics as readonly string[]).includes(text);

function checkStat(stat: string, name: string): Statistic {
  if (isStatistic(stat)) return stat;
  throw invalidValue(
    `The parameter ${name} '${stat.slice(0, 40)}' is not supported by the emulator: use Average, Minimum, Maximum, Sum or SampleCount (IVS documents Average, Minimum and Maximum).`,
  );
}

function checkTimes(start: number, end: number): void {
  if (!(start < end)) throw invalidValue("The parameter StartTime must be less than the parameter EndTime.");
}

const idPattern = /^[a-z][a-zA-Z0-9_]*$/;

// ---- tokens -------------------------------------------------------------------------------------------------

interface TokenBody {
  readonly o: number;
  readonly n: number;
  readonly h: string;
}

const requestHash = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 16);

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

function decodeToken(token: string, hash: string): TokenBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed === "object" &&
    parsed !== null &&
    "o" in parsed &&
    "n" in parsed &&
    "h" in parsed &&
    typeof parsed.o === "number" &&
    typeof parsed.n === "number" &&
    parsed.h === hash &&
    Number.isInteger(parsed.o) &&
    parsed.o >= 0
  ) {
    return { o: parsed.o, n: parsed.n, h: hash };
  }
  throw invalidNextToken(
    "The service cannot process the NextToken: it is malformed, expired or belongs to a different request.",
  );
}

// ---- GetMetricData ------------------------------------------------------------------------------------------

export function getMetricData(index: RegionIndex, input: GetMetricDataInput, nowMs: number): GetMetricDataOutput {
  const queries = input.MetricDataQueries;
  if (queries.length === 0) throw invalidValue("The parameter MetricDataQueries must contain at least one query.");
  if (queries.length > maxQueries) {
    throw invalidValue(
      `The collection MetricDataQueries must not have a size greater than ${maxQueries}, got ${queries.length}.`,
    );
  }
  checkTimes(input.StartTime, input.EndTime);
  const scanBy = input.ScanBy ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending") {
    throw invalidValue(
      `The parameter ScanBy must be TimestampDescending or TimestampAscending, got '${scanBy.slice(0, 40)}'.`,
    );
  }
  const maxDatapoints = input.MaxDatapoints ?? defaultMaxDatapoints;
  if (!Number.isInteger(maxDatapoints) || maxDatapoints < 1)
    throw invalidValue("The parameter MaxDatapoints must be a positive integer.");
  const seen = new Set<string>();
  queries.forEach((query, n) => {
    const at = `MetricDataQueries.member.${n + 1}`;
    if (!idPattern.test(query.Id) || query.Id.length > 255) {
      throw invalidValue(
        `The parameter ${at}.Id '${query.Id.slice(0, 40)}' must start with a lower-case letter and contain only letters, digits and underscores.`,
      );
    }
    if (seen.has(query.Id)) throw invalidValue(`The parameter ${at}.Id '${query.Id}' is used by more than one query.`);
    seen.add(query.Id);
    if ((query.MetricStat === undefined) === (query.Expression === undefined)) {
      throw invalidCombination(`${at} must have exactly one of MetricStat and Expression.`);
    }
    if (query.Expression !== undefined) {
      throw invalidValue(
        `${at}.Expression: the emulator does not evaluate metric math or Metrics Insights queries; use MetricStat.`,
      );
    }
    if (query.MetricStat) {
      checkPeriod(query.MetricStat.Period, `${at}.MetricStat.Period`);
      checkStat(query.MetricStat.Stat, `${at}.MetricStat.Stat`);
    }
  });

  const hash = requestHash({ q: queries, s: input.StartTime, e: input.EndTime, b: scanBy, m: maxDatapoints });
  const token = input.NextToken === undefined ? undefined : decodeToken(input.NextToken, hash);
  const now = token?.n ?? nowMs;

  const all = queries.map((query) => {
    const stat = query.MetricStat;
    const label = query.Label ?? stat?.Metric.MetricName ?? query.Id;
    let points: Array<readonly [number, number]> = [];
    if (stat && query.ReturnData !== false) {
      const series = resolveSeries(index, stat.Metric);
      const start = alignStart(input.StartTime, stat.Period, now);
      const unitMatches = stat.Unit === undefined || stat.Unit === series?.unit;
      // The age rule looks at StartTime as given ("the last 3 hours" at 5 s works; older values are simply gone).
      if (series && unitMatches && periodAllowedForAge(stat.Period, now - input.StartTime)) {
        const kind = checkStat(stat.Stat, "Stat");
        points = buckets(series, start, input.EndTime, stat.Period, now).map(
          (b) => [b.start, fromBucket(b, kind)] as const,
        );
        if (scanBy === "TimestampDescending") points.reverse();
      }
    }
    return { query, label, points };
  });

  const offset = token?.o ?? 0;
  const pageEnd = offset + maxDatapoints;
  let position = 0;
  const results: MetricDataResult[] = [];
  for (const { query, label, points } of all) {
    const from = position;
    position += points.length;
    if (query.ReturnData === false) continue;
    const page = points.slice(Math.max(0, offset - from), Math.max(0, pageEnd - from));
    results.push({
      Id: query.Id,
      Label: label,
      Timestamps: page.map(([t]) => t),
      Values: page.map(([, v]) => v),
      StatusCode: position > pageEnd ? "PartialData" : "Complete",
    });
  }
  return {
    MetricDataResults: results,
    ...(position > pageEnd ? { NextToken: encodeToken({ o: pageEnd, n: now, h: hash }) } : {}),
  };
}

// ---- GetMetricStatistics ------------------------------------------------------------------------------------

export function getMetricStatistics(
  index: RegionIndex,
  input: GetMetricStatisticsInput,
  nowMs: number,
): { Label: string; Datapoints: Datapoint[] } {
  checkPeriod(input.Period, "Period");
  checkTimes(input.StartTime, input.EndTime);
  const wanted = input.Statistics ?? [];
  if (wanted.length === 0 && (input.ExtendedStatistics ?? []).length === 0) {
    throw invalidCombination("Must specify either Statistics or ExtendedStatistics.");
  }
  if ((input.ExtendedStatistics ?? []).length > 0) {
    throw invalidValue("The emulator does not compute ExtendedStatistics (percentiles); use Statistics.");
  }
  if (wanted.length > 5) throw invalidValue("The collection Statistics must not have a size greater than 5.");
  const kinds = wanted.map((s, n) => checkStat(s, `Statistics.member.${n + 1}`));
  const start = alignStart(input.StartTime, input.Period, nowMs);
  const requested = Math.ceil((input.EndTime - start) / (input.Period * 1000));
  if (requested > maxStatisticsDatapoints) {
    throw invalidCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${maxStatisticsDatapoints}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const series = resolveSeries(index, {
    Namespace: input.Namespace,
    MetricName: input.MetricName,
    Dimensions: input.Dimensions,
  });
  if (
    !series ||
    (input.Unit !== undefined && input.Unit !== series.unit) ||
    !periodAllowedForAge(input.Period, nowMs - input.StartTime)
  ) {
    return { Label: input.MetricName, Datapoints: [] };
  }
  const datapoints = buckets(series, start, input.EndTime, input.Period, nowMs).map((b) => {
    const point: Datapoint = { Timestamp: b.start, Unit: series.unit };
    for (const kind of kinds) point[kind] = fromBucket(b, kind);
    return point;
  });
  return { Label: input.MetricName, Datapoints: datapoints };
}

// ---- ListMetrics --------------------------------------------------------------------------------------------

export function listMetrics(
  index: RegionIndex,
  input: ListMetricsInput,
  nowMs: number,
): { Metrics: MetricId[]; NextToken?: string } {
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== "PT3H") {
    throw invalidValue(`The parameter RecentlyActive must be PT3H, got '${input.RecentlyActive.slice(0, 20)}'.`);
  }
  if ((input.Dimensions ?? []).length > 10)
    throw invalidValue("The collection Dimensions must not have a size greater than 10.");
  const since = nowMs - (input.RecentlyActive === "PT3H" ? 3 * hour : 14 * day);
  const matching = catalog(index).filter(
    (entry) =>
      entry.to >= since &&
      entry.from <= nowMs &&
      (input.Namespace === undefined || entry.Namespace === input.Namespace) &&
      (input.MetricName === undefined || entry.MetricName === input.MetricName) &&
      (input.Dimensions ?? []).every((f) =>
        entry.Dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
      ),
  );
  const hash = requestHash({ n: input.Namespace, m: input.MetricName, d: input.Dimensions, r: input.RecentlyActive });
  const token = input.NextToken === undefined ? undefined : decodeToken(input.NextToken, hash);
  const offset = token?.o ?? 0;
  const page = matching
    .slice(offset, offset + listMetricsPageSize)
    .map(({ Namespace, MetricName, Dimensions }) => ({ Namespace, MetricName, Dimensions }));
  const more = offset + listMetricsPageSize < matching.length;
  return {
    Metrics: page,
    ...(more ? { NextToken: encodeToken({ o: offset + listMetricsPageSize, n: token?.n ?? nowMs, h: hash }) } : {}),
  };
}
