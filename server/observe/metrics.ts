import "server-only";
import {
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import type { ConsoleContext } from "@/lib/context";
import { sessionOfTopic } from "@/lib/observe/live";
import type { QualityAnswer, QualitySeries, WorstParticipant } from "@/lib/metrics/quality";
import { consoleDb, type DbSource } from "@/server/db/database";
import { runnerOf, valuesSql, type Runner } from "@/server/db/raw";
import { TokenBucket } from "@/server/ivs/token-bucket";
import { cloudWatchFor, queriesFor, readMetrics } from "@/server/metrics/read";
import { bus } from "@/server/push/bus";
import type { Scope, SessionRef } from "./store";

/**
 * CloudWatch metrics in the observation store. A small reader beside the collector keeps the AWS/IVSRealTime
 * series of live sessions (the stage's Publishers/Subscribers/loss, and every publishing participant's
 * per-participant sets) in the console's database, on its own budget: at most `callsPerSecond` GetMetricData
 * calls per scope (≤ 500 queries each), sessions on someone's screen first. Views read these tables, so they
 * open instantly however many people watch, and the history outlives CloudWatch's 3-hour high-resolution window.
 *
 * Tables of its own (never the store's schema): points by (scope, stage, participant, series, time) — the stage's
 * series have participant `''`; and one read cursor per session.
 */

/** Seconds between stored values (the emulator's and, as far as known, IVS's emission period). */
export const storedPeriod = 5;
/** Each read starts this long before the last one ended: late values (and the emulator's late-learned episodes) land. */
export const overlapMs = 60_000;
/** CloudWatch keeps 5-s values this long. */
const highResMs = 3 * 3600_000;
const maxQueriesPerCall = 500;
const maxDatapoints = 100_800;
const maxPoints = 2880;

export interface MetricsTarget extends SessionRef {
  readonly start: number;
  /** Epoch ms, when the session has ended. */
  readonly end?: number;
  /** Participants that have published (the only ones with per-participant series). */
  readonly publishers: readonly string[];
  readonly readUntil?: number;
  readonly readAt?: number;
  readonly done: boolean;
}

export function createMetricsStore(source: DbSource) {
  const open = async (): Promise<Runner> => runnerOf(await source());
  const s = {
    upsert: `INSERT INTO obs_metric_points (region, profile, stage_arn, participant_id, series, t, value) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (region, profile, stage_arn, participant_id, series, t) DO UPDATE SET value = excluded.value`,
    cursor:
      "SELECT read_from, read_until, read_at, done FROM obs_metric_reads WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?",
    /** `{min}`/`{max}`: SQLite's scalar min()/max(), PostgreSQL's LEAST()/GREATEST(). */
    cursorSet: `INSERT INTO obs_metric_reads (region, profile, stage_arn, session_id, read_from, read_until, read_at, done) VALUES (@region, @profile, @stageArn, @sessionId, @from, @until, @at, @done)
      ON CONFLICT (region, profile, stage_arn, session_id) DO UPDATE SET read_from = {min}(obs_metric_reads.read_from, excluded.read_from),
        read_until = {max}(obs_metric_reads.read_until, excluded.read_until), read_at = excluded.read_at, done = {max}(obs_metric_reads.done, excluded.done)`,
    points: `SELECT series, (t / @bucket) * @bucket AS b,
        CASE WHEN series IN ('loss', 'dropped', 'publishers', 'subscribers') THEN max(value) ELSE avg(value) END AS v
      FROM obs_metric_points WHERE region = @region AND profile = @profile AND stage_arn = @stageArn AND participant_id = @participantId AND t >= @from AND t < @to
      GROUP BY series, b ORDER BY series, b`,
    worst: `SELECT participant_id, max(value) AS peak, avg(value) AS mean,
        (SELECT t FROM obs_metric_points q WHERE q.region = @region AND q.profile = @profile AND q.stage_arn = @stageArn AND q.participant_id = p.participant_id
          AND q.series = 'loss' AND q.t >= @from AND q.t < @to ORDER BY q.value DESC, q.t LIMIT 1) AS peak_at
      FROM obs_metric_points p WHERE region = @region AND profile = @profile AND stage_arn = @stageArn AND series = 'loss' AND participant_id <> '' AND t >= @from AND t < @to
      GROUP BY participant_id ORDER BY peak DESC, participant_id LIMIT @limit`,
    purge: "DELETE FROM obs_metric_points WHERE t < ?",
    purgeReads: "DELETE FROM obs_metric_reads WHERE read_until < ?",
    live: `SELECT st.arn AS stage_arn, st.active_session_id AS session_id, s.start_time, s.end_time
      FROM obs_stages st LEFT JOIN obs_sessions s ON s.region = st.region AND s.profile = st.profile AND s.stage_arn = st.arn AND s.session_id = st.active_session_id
      WHERE st.region = ? AND st.profile = ? AND st.active_session_id IS NOT NULL AND st.gone_at IS NULL`,
    unfinished: `SELECT r.stage_arn, r.session_id, s.start_time, s.end_time FROM obs_metric_reads r
      JOIN obs_sessions s ON s.region = r.region AND s.profile = r.profile AND s.stage_arn = r.stage_arn AND s.session_id = r.session_id
      WHERE r.region = ? AND r.profile = ? AND r.done = 0 AND s.end_time IS NOT NULL`,
    /** `{published}`: whether a JSON text has `"published": true` (SQLite json_extract, PostgreSQL ->>). */
    publishers: `SELECT participant_id FROM obs_participants WHERE region = ? AND profile = ? AND stage_arn = ? AND session_id = ?
      AND ({published:summary} OR {published:detail}) ORDER BY participant_id`,
  };
  const byEngine = {
    sqlite: {
      cursorSet: s.cursorSet.replace("{min}", "min").replaceAll("{max}", "max"),
      publishers: s.publishers
        .replace("{published:summary}", "json_extract(summary, '$.published') = 1")
        .replace("{published:detail}", "json_extract(detail, '$.published') = 1"),
    },
    postgres: {
      cursorSet: s.cursorSet.replace("{min}", "LEAST").replaceAll("{max}", "GREATEST"),
      publishers: s.publishers
        .replace("{published:summary}", "(summary::json ->> 'published') = 'true'")
        .replace("{published:detail}", "(detail::json ->> 'published') = 'true'"),
    },
  };
  type SessionRow = { stage_arn: string; session_id: string; start_time: string | null; end_time: string | null };

  return {
    /** Values of one read: `rows` are (participant or '', series id, epoch ms, value), written in one transaction. */
    async record(
      scope: Scope,
      stageArn: string,
      rows: readonly (readonly [string, string, number, number])[],
    ): Promise<void> {
      if (rows.length === 0) return;
      // One row per key (PostgreSQL refuses a statement that would update the same row twice): the last value wins.
      const unique = [...new Map(rows.map((row) => [`${row[0]}\u0000${row[1]}\u0000${row[2]}`, row])).values()];
      await (
        await open()
      ).transaction(async (r) => {
        for (let from = 0; from < unique.length; from += 500) {
          const chunk = unique.slice(from, from + 500);
          await r.run(
            valuesSql(
              "INSERT INTO obs_metric_points (region, profile, stage_arn, participant_id, series, t, value)",
              7,
              chunk.length,
              "ON CONFLICT (region, profile, stage_arn, participant_id, series, t) DO UPDATE SET value = excluded.value",
            ),
            chunk.flatMap(([participantId, series, t, value]) => [
              scope.region,
              scope.profile,
              stageArn,
              participantId,
              series,
              t,
              value,
            ]),
          );
        }
      });
    },

    async readDone(
      scope: Scope,
      ref: SessionRef,
      from: number,
      until: number,
      at: number,
      done: boolean,
    ): Promise<void> {
      const r = await open();
      await r.run(byEngine[r.engine].cursorSet, {
        region: scope.region,
        profile: scope.profile,
        stageArn: ref.stageArn,
        sessionId: ref.sessionId,
        from,
        until,
        at,
        done: done ? 1 : 0,
      });
    },

    async cursor(
      scope: Scope,
      ref: SessionRef,
    ): Promise<{ readFrom: number; readUntil: number; readAt: number; done: boolean } | undefined> {
      const r = await open();
      const row = await r.get<{ read_from: number; read_until: number; read_at: number; done: number }>(s.cursor, [
        scope.region,
        scope.profile,
        ref.stageArn,
        ref.sessionId,
      ]);
      return row
        ? { readFrom: row.read_from, readUntil: row.read_until, readAt: row.read_at, done: row.done === 1 }
        : undefined;
    },

    /** The series of a participant (or of the stage, `participantId` ''), in `period`-second buckets. */
    async series(
      scope: Scope,
      stageArn: string,
      participantId: string,
      from: number,
      to: number,
      period: number,
    ): Promise<QualitySeries[]> {
      const r = await open();
      const rows = await r.all<{ series: string; b: number; v: number }>(s.points, {
        region: scope.region,
        profile: scope.profile,
        stageArn,
        participantId,
        from,
        to,
        bucket: period * 1000,
      });
      const out = new Map<string, { times: number[]; values: number[] }>();
      for (const row of rows) {
        let entry = out.get(row.series);
        if (!entry) out.set(row.series, (entry = { times: [], values: [] }));
        entry.times.push(Number(row.b));
        entry.values.push(Number(row.v));
      }
      return [...out].map(([id, entry]) => ({ id, metric: metricOf(id), ...entry }));
    },

    async worst(scope: Scope, stageArn: string, from: number, to: number, limit = 5): Promise<WorstParticipant[]> {
      const r = await open();
      const rows = await r.all<{ participant_id: string; peak: number; mean: number; peak_at: number }>(s.worst, {
        region: scope.region,
        profile: scope.profile,
        stageArn,
        from,
        to,
        limit,
      });
      return rows.map((row) => ({
        participantId: row.participant_id,
        peakLoss: row.peak,
        meanLoss: row.mean,
        peakAt: row.peak_at,
      }));
    },

    /** Live sessions of the scope, and ended ones whose metrics are not read to the end yet. */
    async sessions(scope: Scope): Promise<SessionRow[]> {
      const r = await open();
      return [
        ...(await r.all<SessionRow>(s.live, [scope.region, scope.profile])),
        ...(await r.all<SessionRow>(s.unfinished, [scope.region, scope.profile])),
      ];
    },

    /** Participants of a session that have published (the only ones with per-participant series). */
    async publishers(scope: Scope, ref: SessionRef): Promise<string[]> {
      const r = await open();
      const rows = await r.all<{ participant_id: string }>(byEngine[r.engine].publishers, [
        scope.region,
        scope.profile,
        ref.stageArn,
        ref.sessionId,
      ]);
      return rows.map((row) => row.participant_id);
    },

    /** Live stages of the scope and their session (the overview's sparklines). */
    async liveStages(scope: Scope): Promise<{ arn: string; active_session_id: string }[]> {
      const { db } = await source();
      const rows = await db
        .selectFrom("obs_stages")
        .select(["arn", "active_session_id"])
        .where("region", "=", scope.region)
        .where("profile", "=", scope.profile)
        .where("active_session_id", "is not", null)
        .where("gone_at", "is", null)
        .execute();
      return rows.flatMap((row) =>
        row.active_session_id ? [{ arn: row.arn, active_session_id: row.active_session_id }] : [],
      );
    },

    async purge(cutoffMs: number): Promise<number> {
      const r = await open();
      await r.run(s.purgeReads, [cutoffMs]);
      return r.run(s.purge, [cutoffMs]);
    },
  };
}

export type MetricsStore = ReturnType<typeof createMetricsStore>;

/** The metric name of a series id (`bitrate_hi_video` → PublishBitrate). */
export function metricOf(id: string): string {
  if (id.startsWith("bitrate_")) return "PublishBitrate";
  if (id.startsWith("resolution_")) return "PublishResolution";
  if (id.startsWith("subscribe_")) return "SubscribeBitrate";
  return (
    (
      {
        framerate: "PublishFramerate",
        loss: "DownloadPacketLoss",
        dropped: "DroppedFrames",
        publishers: "Publishers",
        subscribers: "Subscribers",
      } as Record<string, string>
    )[id] ?? id
  );
}

/** One query of a batch: whose series it reads. */
export interface BatchQuery {
  readonly stageArn: string;
  /** '' for the stage's series. */
  readonly participantId: string;
  readonly series: string;
  readonly query: MetricDataQuery;
}

/** The queries for one session: its stage's series and each publisher's, with ids unique within a call. */
export function sessionQueries(
  target: Pick<MetricsTarget, "stageArn" | "publishers">,
  period: number,
  prefix: string,
): BatchQuery[] {
  const out: BatchQuery[] = [];
  const stage = queriesFor({ scope: "stage", stageArn: target.stageArn, start: "", end: "" }, period);
  for (const q of stage)
    out.push({
      stageArn: target.stageArn,
      participantId: "",
      series: q.query.Id ?? "",
      query: { ...q.query, Id: `${prefix}s_${q.query.Id}` },
    });
  target.publishers.forEach((participantId, i) => {
    for (const q of queriesFor(
      { scope: "participant", stageArn: target.stageArn, participantId, start: "", end: "" },
      period,
    )) {
      out.push({
        stageArn: target.stageArn,
        participantId,
        series: q.query.Id ?? "",
        query: { ...q.query, Id: `${prefix}p${i}_${q.query.Id}` },
      });
    }
  });
  return out;
}

/** Splits queries into GetMetricData calls of at most 500. */
export function batches<T>(items: readonly T[], size = maxQueriesPerCall): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type GetMetricData = (scope: Scope, input: GetMetricDataCommandInput) => Promise<GetMetricDataCommandOutput>;

export interface ReaderDeps {
  readonly store: MetricsStore;
  readonly getMetricData: GetMetricData;
  readonly scopes: () => readonly Scope[];
  /** Sessions on someone's screen in this scope. */
  readonly watched: (scope: Scope) => readonly SessionRef[];
  readonly now: () => number;
  readonly callsPerSecond?: number;
  readonly retentionDays?: number;
  readonly log?: (message: string) => void;
}

/** Due again after this long: sessions on screen, others. */
const watchedEveryMs = 10_000;
const otherEveryMs = 30_000;

export function createMetricsReader(deps: ReaderDeps) {
  const rate = deps.callsPerSecond ?? 2;
  const buckets = new Map<string, TokenBucket>();
  const calls = new Map<string, number>();
  const scopeId = (scope: Scope) => `${scope.region}\u0000${scope.profile}`;
  /** Publishers whose series have been read from the session's start (a publisher found later is backfilled alone). */
  const backfilled = new Set<string>();
  const publisherKey = (scope: Scope, target: SessionRef, participantId: string) =>
    `${scopeId(scope)}\u0000${target.stageArn}\u0000${target.sessionId}\u0000${participantId}`;
  const bucket = (scope: Scope) => {
    let b = buckets.get(scopeId(scope));
    // Capacity 1: calls are spread evenly, so no second ever holds more than `rate` of them.
    if (!b) buckets.set(scopeId(scope), (b = new TokenBucket(rate, 1)));
    return b;
  };
  async function targets(scope: Scope): Promise<MetricsTarget[]> {
    const rows = await deps.store.sessions(scope);
    const seen = new Set<string>();
    const out: MetricsTarget[] = [];
    for (const row of rows) {
      const key = `${row.stage_arn} ${row.session_id}`;
      if (seen.has(key) || !row.start_time) continue;
      seen.add(key);
      const ref = { stageArn: row.stage_arn, sessionId: row.session_id };
      const cursor = await deps.store.cursor(scope, ref);
      const publishers = await deps.store.publishers(scope, ref);
      out.push({
        ...ref,
        start: Date.parse(row.start_time),
        ...(row.end_time ? { end: Date.parse(row.end_time) } : {}),
        publishers,
        ...(cursor ? { readUntil: cursor.readUntil, readAt: cursor.readAt } : {}),
        done: cursor?.done ?? false,
      });
    }
    return out;
  }

  async function call(scope: Scope, input: GetMetricDataCommandInput): Promise<GetMetricDataCommandOutput> {
    await bucket(scope).take();
    calls.set(scopeId(scope), (calls.get(scopeId(scope)) ?? 0) + 1);
    return deps.getMetricData(scope, input);
  }

  /** Reads [from, to) for these queries (every page) and stores the values. */
  async function readRange(scope: Scope, queries: readonly BatchQuery[], from: number, to: number): Promise<void> {
    const byId = new Map(queries.map((q) => [q.query.Id ?? "", q]));
    let nextToken: string | undefined;
    for (let page = 0; page < 50; page++) {
      const out = await call(scope, {
        StartTime: new Date(from),
        EndTime: new Date(to),
        ScanBy: "TimestampAscending",
        MaxDatapoints: maxDatapoints,
        MetricDataQueries: queries.map((q) => q.query),
        ...(nextToken ? { NextToken: nextToken } : {}),
      });
      const rows = new Map<string, [string, string, number, number][]>();
      for (const result of out.MetricDataResults ?? []) {
        const q = byId.get(result.Id ?? "");
        if (!q) continue;
        const list = rows.get(q.stageArn) ?? [];
        (result.Timestamps ?? []).forEach((time, i) => {
          const value = result.Values?.[i];
          if (value !== undefined) list.push([q.participantId, q.series, time.getTime(), value]);
        });
        rows.set(q.stageArn, list);
      }
      for (const [stageArn, list] of rows) await deps.store.record(scope, stageArn, list);
      nextToken = out.NextToken;
      if (!nextToken) break;
    }
  }

  /** One round for a scope: the due sessions, on screen first; incremental reads share calls. */
  async function round(scope: Scope): Promise<void> {
    const now = deps.now();
    const watched = new Set(deps.watched(scope).map((r) => `${r.stageArn} ${r.sessionId}`));
    const all = await targets(scope);
    const due = all
      .filter(
        (t) =>
          t.readAt === undefined ||
          now - t.readAt >= (watched.has(`${t.stageArn} ${t.sessionId}`) ? watchedEveryMs : otherEveryMs) ||
          (t.end !== undefined && !t.done),
      )
      .sort(
        (a, b) =>
          Number(watched.has(`${b.stageArn} ${b.sessionId}`)) - Number(watched.has(`${a.stageArn} ${a.sessionId}`)) ||
          (a.readAt ?? 0) - (b.readAt ?? 0),
      );
    const incremental: { target: MetricsTarget; queries: BatchQuery[] }[] = [];
    for (const target of due) {
      const end = Math.min(now, target.end !== undefined ? target.end + overlapMs : now);
      const queries = sessionQueries(target, storedPeriod, `q${incremental.length}_`);
      const from = Math.max(target.start, now - highResMs + 60_000);
      // Never read (or not for a long time): its own calls, from the session's start (within the 5-s window).
      if (target.readUntil === undefined || now - target.readUntil > 10 * 60_000) {
        for (const batch of batches(sessionQueries(target, storedPeriod, "b_")))
          await readRange(scope, batch, from, end);
        for (const id of target.publishers) backfilled.add(publisherKey(scope, target, id));
        await deps.store.readDone(scope, target, from, end, deps.now(), target.end !== undefined);
        continue;
      }
      // Publishers the collector found after the session was first read: their history, alone.
      const late = target.publishers.filter((id) => !backfilled.has(publisherKey(scope, target, id)));
      if (late.length) {
        const queries = sessionQueries({ stageArn: target.stageArn, publishers: late }, storedPeriod, "n_").filter(
          (q) => q.participantId !== "",
        );
        for (const batch of batches(queries)) await readRange(scope, batch, from, end);
        for (const id of late) backfilled.add(publisherKey(scope, target, id));
      }
      incremental.push({ target, queries });
    }
    // Caught-up sessions: one range for all ([oldest cursor − overlap, now)), up to 500 queries a call.
    if (incremental.length) {
      const from = Math.max(
        Math.min(...incremental.map((i) => (i.target.readUntil ?? now) - overlapMs)),
        now - highResMs + 60_000,
      );
      const flat = incremental.flatMap((i) => i.queries);
      for (const batch of batches(flat)) await readRange(scope, batch, from, now);
      for (const { target } of incremental)
        await deps.store.readDone(
          scope,
          target,
          target.readUntil ?? from,
          Math.min(now, target.end !== undefined ? target.end + overlapMs : now),
          deps.now(),
          target.end !== undefined,
        );
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let purgedAt = 0;
  const failures = new Map<string, number>();
  const backoff = new Map<string, number>();

  async function tick(): Promise<void> {
    const now = deps.now();
    for (const scope of deps.scopes()) {
      if ((backoff.get(scopeId(scope)) ?? 0) > now) continue;
      try {
        await round(scope);
        failures.delete(scopeId(scope));
      } catch (error) {
        const n = (failures.get(scopeId(scope)) ?? 0) + 1;
        failures.set(scopeId(scope), n);
        backoff.set(scopeId(scope), now + Math.min(30_000, 1000 * 2 ** n));
        deps.log?.(`metrics reader (${scope.region}): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (now - purgedAt > 3600_000) {
      purgedAt = now;
      await deps.store.purge(now - (deps.retentionDays ?? 30) * 24 * 3600_000);
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      const loop = async () => {
        await tick();
        if (running) timer = setTimeout(() => void loop(), 1000);
      };
      void loop();
    },
    stop(): void {
      running = false;
      clearTimeout(timer);
    },
    tick,
    round,
    /** Waits for a call of this scope's budget (the views' direct reads share it). */
    take: (scope: Scope) => bucket(scope).take(),
    /** GetMetricData calls made, per scope. */
    calls: (scope: Scope) => calls.get(scopeId(scope)) ?? 0,
    totalCalls: () => [...calls.values()].reduce((a, b) => a + b, 0),
  };
}

export type MetricsReader = ReturnType<typeof createMetricsReader>;

// ---- the process-wide reader, and what the views read -------------------------------------------------------

interface Runtime {
  readonly store: MetricsStore;
  reader?: MetricsReader;
  /** Scopes and sessions views asked about (until ms). */
  readonly looked: Map<string, { scope: Scope; ref?: SessionRef; until: number }>;
  readonly fallbackCalls: { n: number };
}

const globalKey = Symbol.for("ivs-control-room.metrics");
type WithRuntime = typeof globalThis & { [globalKey]?: Runtime };

function runtime(): Runtime {
  const holder = globalThis as WithRuntime;
  if (!holder[globalKey]) {
    holder[globalKey] = { store: createMetricsStore(consoleDb), looked: new Map(), fallbackCalls: { n: 0 } };
  }
  return holder[globalKey];
}

export function metricsStore(): MetricsStore {
  return runtime().store;
}

/** Starts the reader (runtime.ts, with the collector). */
export function startMetricsReader(settings: {
  readonly scopes: readonly Scope[];
  readonly retentionDays: number;
}): MetricsReader {
  const rt = runtime();
  rt.reader ??= createMetricsReader({
    store: rt.store,
    now: Date.now,
    retentionDays: settings.retentionDays,
    getMetricData: (scope, input) =>
      cloudWatchFor({ region: scope.region, ...(scope.profile ? { profile: scope.profile } : {}) }).send(
        new GetMetricDataCommand(input),
      ),
    scopes: () => {
      const now = Date.now();
      const out = new Map(settings.scopes.map((scope) => [`${scope.region}\u0000${scope.profile}`, scope]));
      for (const [key, entry] of rt.looked) {
        if (entry.until < now) rt.looked.delete(key);
        else out.set(`${entry.scope.region}\u0000${entry.scope.profile}`, entry.scope);
      }
      return [...out.values()];
    },
    watched: (scope) => {
      const refs: SessionRef[] = [];
      for (const entry of rt.looked.values())
        if (entry.ref && entry.scope.region === scope.region && entry.scope.profile === scope.profile)
          refs.push(entry.ref);
      for (const topic of bus().watchedTopics(scope)) {
        const ref = sessionOfTopic(topic);
        if (ref) refs.push(ref);
      }
      return refs;
    },
    log: (message) => console.warn(message),
  });
  rt.reader.start();
  return rt.reader;
}

/** GetMetricData calls of this process: the reader's and the views' direct reads (benchmarks, status). */
export function metricsCalls(): { reader: number; direct: number } {
  const rt = runtime();
  return { reader: rt.reader?.totalCalls() ?? 0, direct: rt.fallbackCalls.n };
}

const scopeOf = (context: ConsoleContext): Scope => ({ region: context.region, profile: context.profile ?? "" });

export interface QualityRequest extends SessionRef {
  readonly participantId?: string;
  /** Epoch ms: the session's range, as the page knows it. */
  readonly start: number;
  readonly end?: number;
}

/** A period (multiple of 5 s) that keeps a range at ≤ 2880 values per series. */
export function viewPeriod(spanMs: number): number {
  return Math.max(storedPeriod, Math.ceil(spanMs / 1000 / maxPoints / storedPeriod) * storedPeriod);
}

/**
 * A view's metrics: from the store when the reader has read this session; otherwise (an ended session nobody
 * collected, or the collector off) read from CloudWatch now, and kept in the store for the next view.
 */
export async function readQuality(
  context: ConsoleContext,
  request: QualityRequest,
  options: { now?: number; signal?: AbortSignal } = {},
): Promise<QualityAnswer> {
  const rt = runtime();
  const scope = scopeOf(context);
  const now = options.now ?? Date.now();
  const ref = { stageArn: request.stageArn, sessionId: request.sessionId };
  rt.looked.set(`${scope.region}\u0000${scope.profile}\u0000${ref.stageArn}\u0000${ref.sessionId}`, {
    scope,
    ref,
    until: now + 15_000,
  });
  const end = Math.min(now, request.end ?? now);
  const cursor = await rt.store.cursor(scope, ref);
  const covered = cursor && cursor.readFrom <= Math.max(request.start, now - highResMs + 120_000) + 60_000;
  if (cursor && covered) {
    const period = viewPeriod(end - request.start);
    const series = await rt.store.series(
      scope,
      ref.stageArn,
      request.participantId ?? "",
      request.start,
      end + 1,
      period,
    );
    return {
      period,
      start: request.start,
      end,
      source: "store",
      readUntil: cursor.readUntil,
      series,
      ...(request.participantId === undefined
        ? { worst: await rt.store.worst(scope, ref.stageArn, request.start, end + 1) }
        : {}),
    };
  }
  rt.fallbackCalls.n += 1;
  if (rt.reader) await rt.reader.take(scope);
  const start = new Date(request.start).toISOString();
  const endIso = new Date(Math.max(end, request.start + 1000)).toISOString();
  const answer = await readMetrics(
    request.participantId !== undefined
      ? { scope: "participant", stageArn: request.stageArn, participantId: request.participantId, start, end: endIso }
      : { scope: "stage", stageArn: request.stageArn, start, end: endIso },
    context,
    { now, ...(options.signal ? { signal: options.signal } : {}) },
  );
  const series: QualitySeries[] = answer.series.map((s) => ({
    id: s.id,
    metric: s.metric,
    times: s.points.map(([t]) => Date.parse(t)),
    values: s.points.map(([, v]) => v),
  }));
  // An ended session read in full is history worth keeping (at the period CloudWatch gave).
  if (request.end !== undefined && request.end < now - overlapMs) {
    await rt.store.record(
      scope,
      request.stageArn,
      series.flatMap((s) => s.times.map((t, i) => [request.participantId ?? "", s.id, t, s.values[i] ?? 0] as const)),
    );
  }
  return { period: answer.period, start: request.start, end, source: "cloudwatch", series };
}

export interface StageSparkline {
  readonly stageArn: string;
  readonly sessionId: string;
  readonly publishers: QualitySeries | undefined;
  readonly subscribers: QualitySeries | undefined;
}

/** The overview's sparklines: Publishers and Subscribers of every live stage over the last `minutes`, from the store. */
export async function sparklines(context: ConsoleContext, minutes = 30, now = Date.now()): Promise<StageSparkline[]> {
  const rt = runtime();
  const scope = scopeOf(context);
  rt.looked.set(`${scope.region}\u0000${scope.profile}`, { scope, until: now + 15_000 });
  const live = await rt.store.liveStages(scope);
  return Promise.all(
    live.map(async (row) => {
      const series = await rt.store.series(scope, row.arn, "", now - minutes * 60_000, now + 1, 30);
      return {
        stageArn: row.arn,
        sessionId: row.active_session_id,
        publishers: series.find((s) => s.id === "publishers"),
        subscribers: series.find((s) => s.id === "subscribers"),
      };
    }),
  );
}
