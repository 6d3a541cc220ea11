import type { GetMetricDataCommandInput, GetMetricDataCommandOutput } from "@aws-sdk/client-cloudwatch";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase, type Engine } from "@/server/db/testing";
import { batches, createMetricsReader, createMetricsStore, sessionQueries, viewPeriod } from "./metrics";
import { createObservationStore } from "./store";

const scope = { region: "us-east-1", profile: "" };
const stage = (id: string) => `arn:aws:ivs:us-east-1:123456789012:stage/${id}`;
const t0 = Date.parse("2026-03-01T12:00:00.000Z");

/** A world of live stages with `publishers` publishing participants each, and a fake CloudWatch (loss 14 % per participant). */
const handles: TestDatabase[] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
});

async function world(engine: Engine, stages: number, publishers: number) {
  const handle = await openTestDatabase(engine);
  handles.push(handle);
  const obs = createObservationStore(async () => handle);
  const list = Array.from({ length: stages }, (_, i) => ({
    arn: stage(`Stage${i}aaaaaa`),
    name: `s${i}`,
    activeSessionId: `st-${i}session`,
  }));
  await obs.recordStages(scope, list, t0);
  for (const s of list) {
    await obs.recordSession(
      scope,
      s.arn,
      { sessionId: s.activeSessionId, startTime: new Date(t0 - 600_000).toISOString() },
      t0,
    );
    await obs.recordParticipants(
      scope,
      { stageArn: s.arn, sessionId: s.activeSessionId },
      Array.from({ length: publishers + 1 }, (_, p) => ({
        participantId: `p${p}`,
        userId: `u${p}`,
        state: "CONNECTED",
        published: p < publishers,
      })),
      t0,
      t0,
    );
  }
  const store = createMetricsStore(async () => handle);
  const inputs: GetMetricDataCommandInput[] = [];
  let now = t0;
  const reader = createMetricsReader({
    store,
    now: () => now,
    scopes: () => [scope],
    watched: () => [{ stageArn: list[0]?.arn ?? "", sessionId: list[0]?.activeSessionId ?? "" }],
    callsPerSecond: 1000,
    getMetricData: async (_scope, input) => {
      inputs.push(input);
      const from = input.StartTime instanceof Date ? input.StartTime.getTime() : 0;
      const to = input.EndTime instanceof Date ? input.EndTime.getTime() : 0;
      const times: Date[] = [];
      for (let t = Math.ceil(from / 5000) * 5000; t < to; t += 5000) times.push(new Date(t));
      return {
        $metadata: {},
        MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
          Id: q.Id,
          Timestamps: times,
          Values: times.map(() => (q.Id?.endsWith("_loss") ? 14 : 1)),
          StatusCode: "Complete",
        })),
      } satisfies GetMetricDataCommandOutput;
    },
  });
  return { list, store, reader, inputs, obs, advance: (ms: number) => (now += ms) };
}

describe("metrics queries", () => {
  it("names queries uniquely per call and splits them at 500", () => {
    const queries = sessionQueries({ stageArn: stage("Abc"), publishers: ["a", "b"] }, 5, "q0_");
    expect(queries).toHaveLength(4 + 2 * 14);
    expect(new Set(queries.map((q) => q.query.Id)).size).toBe(queries.length);
    expect(queries.every((q) => /^[a-z][A-Za-z0-9_]*$/.test(q.query.Id ?? ""))).toBe(true);
    expect(batches(Array.from({ length: 1201 }, (_, i) => i)).map((b) => b.length)).toEqual([500, 500, 201]);
  });

  it("keeps a view at most 2880 values per series", () => {
    expect(viewPeriod(3 * 3600_000)).toBe(5);
    expect(viewPeriod(12 * 3600_000)).toBe(15);
  });
});

describe.each(testEngines)("metrics in the observation store on %s", (engine) => {
  it("backfills a session once, then reads the caught-up ones together, on screen first", async () => {
    const { list, store, reader, inputs, advance } = await world(engine, 3, 2);
    await reader.round(scope);
    // Three sessions backfilled, each in its own call, from the session's start.
    expect(inputs).toHaveLength(3);
    expect((inputs[0]?.StartTime as Date).getTime()).toBe(t0 - 600_000);
    const loss = (await store.series(scope, list[0]?.arn ?? "", "p0", t0 - 600_000, t0, 5)).find(
      (s) => s.id === "loss",
    );
    expect(loss?.values.every((v) => v === 14)).toBe(true);
    expect(loss?.times).toHaveLength(120);

    // 10 s later only the watched session is due (others every 30 s): one incremental call with a minute's overlap.
    advance(10_000);
    await reader.round(scope);
    expect(inputs).toHaveLength(4);
    expect(inputs[3]?.MetricDataQueries).toHaveLength(4 + 2 * 14);
    expect((inputs[3]?.StartTime as Date).getTime()).toBe(t0 - 60_000);

    // 30 s later all three are due and share one call.
    advance(20_000);
    await reader.round(scope);
    expect(inputs).toHaveLength(5);
    expect(inputs[4]?.MetricDataQueries).toHaveLength(3 * (4 + 2 * 14));
    expect(await store.worst(scope, list[1]?.arn ?? "", t0 - 600_000, t0 + 60_000)).toEqual([
      expect.objectContaining({ participantId: "p0", peakLoss: 14 }),
      expect.objectContaining({ participantId: "p1", peakLoss: 14 }),
    ]);
  });

  it("reads the history of a publisher the collector found after the session's first read", async () => {
    const { list, store, reader, inputs, advance, obs } = await world(engine, 1, 1);
    await reader.round(scope);
    const stageArn = list[0]?.arn ?? "";
    const ref = { stageArn, sessionId: list[0]?.activeSessionId ?? "" };
    await obs.recordParticipants(
      scope,
      ref,
      [{ participantId: "late", userId: "late", state: "CONNECTED", published: true }],
      t0,
      t0,
    );
    advance(10_000);
    await reader.round(scope);
    // One call for the newcomer's history from the session's start, then the incremental read.
    expect(inputs).toHaveLength(3);
    expect((inputs[1]?.StartTime as Date).getTime()).toBe(t0 - 600_000);
    expect(inputs[1]?.MetricDataQueries).toHaveLength(14);
    expect(
      (await store.series(scope, stageArn, "late", t0 - 600_000, t0, 5)).find((s) => s.id === "loss")?.times,
    ).toHaveLength(120);
    advance(10_000);
    await reader.round(scope);
    expect(inputs).toHaveLength(4);
  });
});
