import { describe, expect, it } from "vitest";
import type { CloudWatchError } from "./errors";
import { namespace } from "./model";
import {
  alignStart,
  getMetricData,
  getMetricStatistics,
  listMetrics,
  statistic,
  type GetMetricDataInput,
  type MetricDataQueryInput,
} from "./query";
import { dims, joinPublisher, metricsSetup, minute, second, series, stageWith, type MetricsKit } from "./test-kit";

/** GetMetricData, GetMetricStatistics and ListMetrics semantics on a small world. */

const hour = 60 * minute;

async function world(publishMinutes = 20) {
  const kit = metricsSetup();
  const t0 = kit.clock.now();
  const stage = await stageWith(kit);
  const a = joinPublisher(kit, stage.arn);
  const b = joinPublisher(kit, stage.arn);
  kit.sim.subscribe(kit.scope, b.ref, a.id);
  kit.clock.advance(publishMinutes * minute);
  const hi = { Stage: stage.stageId, Participant: a.id, SimulcastLayer: "hi", MediaType: "video" };
  return { kit, t0, stage, a, b, hi };
}

const query = (
  Id: string,
  metric: string,
  dimensions: Record<string, string>,
  Period: number,
  Stat = "Average",
): MetricDataQueryInput => ({
  Id,
  MetricStat: { Metric: { Namespace: namespace, MetricName: metric, Dimensions: dims(dimensions) }, Period, Stat },
});

function refused(action: () => unknown): CloudWatchError {
  try {
    action();
  } catch (error) {
    return error as CloudWatchError;
  }
  throw new Error("expected an error");
}

const run = (kit: MetricsKit, input: GetMetricDataInput) => getMetricData(kit.index(), input, kit.clock.now());

describe("GetMetricData", () => {
  it("aligns periods to the rounded-down start and computes each statistic from the 5-second values", async () => {
    const { kit, t0, hi } = await world();
    const raw = series(kit, "PublishBitrate", hi, { start: t0, end: t0 + 10 * minute, period: 5 });
    expect(raw.Timestamps.every((t) => t % 5000 === 0)).toBe(true);
    for (const stat of ["Average", "Minimum", "Maximum", "Sum", "SampleCount"] as const) {
      const perMinute = series(kit, "PublishBitrate", hi, {
        start: t0 + 17 * second,
        end: t0 + 10 * minute,
        period: 60,
        stat,
      });
      expect(perMinute.Timestamps).toEqual(Array.from({ length: 10 }, (_, i) => t0 + i * minute));
      perMinute.Timestamps.forEach((bucket, i) => {
        const inside = raw.Values.filter(
          (_, j) => (raw.Timestamps[j] ?? 0) >= bucket && (raw.Timestamps[j] ?? 0) < bucket + minute,
        );
        expect(inside.length).toBe(12);
        expect(perMinute.Values[i]).toBeCloseTo(statistic(inside, stat), 6);
      });
    }
    expect(alignStart(t0 + 17 * second, 10, t0 + minute)).toBe(t0 + 10 * second);
    expect(alignStart(t0 + 17 * second, 300, t0 + minute)).toBe(t0);
    expect(alignStart(t0 + 17 * 60 * second, 300, t0 + 20 * 24 * hour)).toBe(t0 + 15 * minute);
  });

  it("orders by ScanBy (descending by default) and labels with the metric name unless given", async () => {
    const { kit, t0, hi } = await world(5);
    const out = run(kit, {
      MetricDataQueries: [
        query("q", "PublishBitrate", hi, 60),
        { ...query("r", "PublishBitrate", hi, 60), Label: "mine" },
      ],
      StartTime: t0,
      EndTime: t0 + 5 * minute,
    });
    const [q, r] = out.MetricDataResults;
    expect(q?.Timestamps).toEqual([4, 3, 2, 1, 0].map((i) => t0 + i * minute));
    expect(q?.Label).toBe("PublishBitrate");
    expect(r?.Label).toBe("mine");
    const asc = run(kit, {
      MetricDataQueries: [query("q", "PublishBitrate", hi, 60)],
      StartTime: t0,
      EndTime: t0 + 5 * minute,
      ScanBy: "TimestampAscending",
    });
    expect(asc.MetricDataResults[0]?.Timestamps).toEqual([0, 1, 2, 3, 4].map((i) => t0 + i * minute));
  });

  it("pages with MaxDatapoints across queries; the pages add up to the whole answer; tokens belong to their request", async () => {
    const { kit, t0, hi, stage } = await world();
    const base: GetMetricDataInput = {
      MetricDataQueries: [
        query("a", "PublishBitrate", hi, 60),
        query("b", "Publishers", { Stage: stage.stageId }, 30),
        { ...query("c", "Subscribers", { Stage: stage.stageId }, 60), ReturnData: false },
      ],
      StartTime: t0,
      EndTime: t0 + 20 * minute,
    };
    const whole = run(kit, base);
    const pages = [run(kit, { ...base, MaxDatapoints: 17 })];
    let token = pages[0]?.NextToken;
    while (token !== undefined) {
      const page = run(kit, { ...base, MaxDatapoints: 17, NextToken: token });
      pages.push(page);
      token = page.NextToken;
    }
    expect(pages.length).toBe(Math.ceil((20 + 40) / 17));
    expect(pages.every((page) => page.MetricDataResults.length === 2)).toBe(true); // ReturnData false is left out
    for (const [n, id] of ["a", "b"].entries()) {
      const joined = pages.flatMap((page) => page.MetricDataResults[n]?.Timestamps ?? []);
      expect(joined).toEqual(whole.MetricDataResults[n]?.Timestamps);
      expect(pages.flatMap((page) => page.MetricDataResults[n]?.Values ?? [])).toEqual(
        whole.MetricDataResults[n]?.Values,
      );
      expect(whole.MetricDataResults[n]?.Id).toBe(id);
    }
    expect(pages[0]?.MetricDataResults.map((r) => r.StatusCode)).toEqual(["PartialData", "PartialData"]);
    expect(pages[1]?.MetricDataResults.map((r) => r.StatusCode)).toEqual(["Complete", "PartialData"]);
    expect(pages.at(-1)?.MetricDataResults.map((r) => r.StatusCode)).toEqual(["Complete", "Complete"]);
    // Later pages keep the first page's present, so new values do not shift the offsets.
    const second = pages[0]?.NextToken ?? "";
    kit.clock.advance(5 * minute);
    expect(run(kit, { ...base, MaxDatapoints: 17, NextToken: second }).MetricDataResults[0]?.Values).toEqual(
      pages[1]?.MetricDataResults[0]?.Values,
    );
    expect(
      refused(() => run(kit, { ...base, EndTime: t0 + 19 * minute, MaxDatapoints: 17, NextToken: second })).code,
    ).toBe("InvalidNextToken");
    expect(refused(() => run(kit, { ...base, NextToken: "garbage" })).code).toBe("InvalidNextToken");
  });

  it("follows the retention rules: under-a-minute periods for 3 hours, minutes for 15 days", async () => {
    const { kit, t0, hi } = await world(10);
    kit.clock.advance(3 * hour);
    const fine = series(kit, "PublishBitrate", hi, { start: t0, end: t0 + 10 * minute, period: 5 });
    expect(fine.Values).toEqual([]); // the start is more than 3 hours ago: periods must be multiples of 60
    const minutes = series(kit, "PublishBitrate", hi, { start: t0, end: t0 + 10 * minute, period: 60 });
    expect(minutes.Values.length).toBe(10);
    kit.clock.advance(15 * 24 * hour);
    expect(series(kit, "PublishBitrate", hi, { start: t0, end: t0 + 10 * minute, period: 60 }).Values).toEqual([]);
    expect(series(kit, "PublishBitrate", hi, { start: t0, end: t0 + 10 * minute, period: 300 }).Values.length).toBe(2);
  });

  it("answers unknown namespaces, metrics, dimension sets and units with empty, complete results", async () => {
    const { kit, t0, hi, stage } = await world(2);
    const out = run(kit, {
      MetricDataQueries: [
        {
          Id: "ns",
          MetricStat: {
            Metric: { Namespace: "AWS/IVS", MetricName: "PublishBitrate", Dimensions: dims(hi) },
            Period: 60,
            Stat: "Average",
          },
        },
        query("name", "Bogus", hi, 60),
        query("set", "PublishBitrate", { Stage: stage.stageId, Participant: hi.Participant }, 60),
        {
          Id: "unit",
          MetricStat: {
            Metric: { Namespace: namespace, MetricName: "PublishBitrate", Dimensions: dims(hi) },
            Period: 60,
            Stat: "Average",
            Unit: "Percent",
          },
        },
        {
          Id: "ok",
          MetricStat: {
            Metric: { Namespace: namespace, MetricName: "PublishBitrate", Dimensions: dims(hi) },
            Period: 60,
            Stat: "Average",
            Unit: "Bits/Second",
          },
        },
      ],
      StartTime: t0,
      EndTime: t0 + 2 * minute,
    });
    expect(out.MetricDataResults.map((r) => [r.Id, r.Values.length, r.StatusCode])).toEqual([
      ["ns", 0, "Complete"],
      ["name", 0, "Complete"],
      ["set", 0, "Complete"],
      ["unit", 0, "Complete"],
      ["ok", 2, "Complete"],
    ]);
  });

  it("refuses bad input with AWS error codes", async () => {
    const { kit, t0, hi } = await world(1);
    const ok = { MetricDataQueries: [query("q", "PublishBitrate", hi, 60)], StartTime: t0, EndTime: t0 + minute };
    const code = (input: GetMetricDataInput) => refused(() => run(kit, input)).code;
    expect(code({ ...ok, MetricDataQueries: [query("q", "PublishBitrate", hi, 7)] })).toBe("InvalidParameterValue");
    expect(code({ ...ok, MetricDataQueries: [query("q", "PublishBitrate", hi, 90)] })).toBe("InvalidParameterValue");
    expect(code({ ...ok, MetricDataQueries: [query("q", "PublishBitrate", hi, 60, "p99")] })).toBe(
      "InvalidParameterValue",
    );
    expect(code({ ...ok, StartTime: t0 + minute })).toBe("InvalidParameterValue");
    expect(code({ ...ok, StartTime: t0 + 2 * minute })).toBe("InvalidParameterValue");
    expect(
      code({
        ...ok,
        MetricDataQueries: Array.from({ length: 501 }, (_, i) => query(`q${i}`, "PublishBitrate", hi, 60)),
      }),
    ).toBe("InvalidParameterValue");
    expect(code({ ...ok, MetricDataQueries: [] })).toBe("InvalidParameterValue");
    expect(code({ ...ok, MetricDataQueries: [query("Q", "PublishBitrate", hi, 60)] })).toBe("InvalidParameterValue");
    expect(
      code({ ...ok, MetricDataQueries: [query("q", "PublishBitrate", hi, 60), query("q", "Publishers", {}, 60)] }),
    ).toBe("InvalidParameterValue");
    expect(code({ ...ok, MetricDataQueries: [{ Id: "e", Expression: "SUM(METRICS())" }] })).toBe(
      "InvalidParameterValue",
    );
    expect(code({ ...ok, MetricDataQueries: [{ Id: "e" }] })).toBe("InvalidParameterCombination");
    expect(code({ ...ok, ScanBy: "Sideways" })).toBe("InvalidParameterValue");
    expect(code({ ...ok, MaxDatapoints: 0 })).toBe("InvalidParameterValue");
    // 500 queries are fine.
    expect(
      run(kit, {
        ...ok,
        MetricDataQueries: Array.from({ length: 500 }, (_, i) => query(`q${i}`, "PublishBitrate", hi, 60)),
      }).MetricDataResults.length,
    ).toBe(500);
  });
});

describe("GetMetricStatistics", () => {
  it("returns the requested statistics per period and limits the datapoints to 1440", async () => {
    const { kit, t0, hi } = await world(10);
    const out = getMetricStatistics(
      kit.index(),
      {
        Namespace: namespace,
        MetricName: "PublishBitrate",
        Dimensions: dims(hi),
        StartTime: t0,
        EndTime: t0 + 10 * minute,
        Period: 300,
        Statistics: ["Minimum", "Maximum", "Average"],
      },
      kit.clock.now(),
    );
    expect(out.Datapoints.length).toBe(2);
    for (const point of out.Datapoints) {
      expect(point.Unit).toBe("Bits/Second");
      expect(point.Minimum).toBeLessThanOrEqual(point.Average ?? NaN);
      expect(point.Average).toBeLessThanOrEqual(point.Maximum ?? NaN);
      expect(point.Sum).toBeUndefined();
    }
    const tooMany = refused(() =>
      getMetricStatistics(
        kit.index(),
        {
          Namespace: namespace,
          MetricName: "PublishBitrate",
          Dimensions: dims(hi),
          StartTime: t0,
          EndTime: t0 + 1441 * minute,
          Period: 60,
          Statistics: ["Average"],
        },
        kit.clock.now(),
      ),
    );
    expect(tooMany.code).toBe("InvalidParameterCombination");
    const none = refused(() =>
      getMetricStatistics(
        kit.index(),
        {
          Namespace: namespace,
          MetricName: "PublishBitrate",
          Dimensions: [],
          StartTime: t0,
          EndTime: t0 + minute,
          Period: 60,
        },
        kit.clock.now(),
      ),
    );
    expect(none.code).toBe("InvalidParameterCombination");
  });
});

describe("ListMetrics", () => {
  it("lists what the world has, filtered by name and dimensions, and pages by 500", async () => {
    const { kit, stage, a, b } = await world(1);
    const all = listMetrics(kit.index(), { Namespace: namespace }, kit.clock.now()).Metrics;
    expect(
      all
        .filter((m) => m.Dimensions.length === 0)
        .map((m) => m.MetricName)
        .sort(),
    ).toEqual([
      "ConcurrentPublishers",
      "ConcurrentSubscriptions",
      "DownloadPacketLoss",
      "DroppedFrames",
      "PublishBitrate",
      "SubscribeBitrate",
    ]);
    const ofB = listMetrics(
      kit.index(),
      { Dimensions: [{ Name: "Participant", Value: b.id }] },
      kit.clock.now(),
    ).Metrics;
    expect(new Set(ofB.map((m) => m.MetricName))).toEqual(
      new Set(["PublishBitrate", "PublishResolution", "SubscribeBitrate", "DownloadPacketLoss", "DroppedFrames"]),
    );
    const ofA = listMetrics(
      kit.index(),
      { MetricName: "DownloadPacketLoss", Dimensions: [{ Name: "Participant", Value: a.id }] },
      kit.clock.now(),
    ).Metrics;
    expect(ofA).toEqual([]); // A subscribes to no one
    expect(listMetrics(kit.index(), { Namespace: "AWS/EC2" }, kit.clock.now()).Metrics).toEqual([]);
    expect(
      listMetrics(kit.index(), { Dimensions: [{ Name: "Stage" }] }, kit.clock.now()).Metrics.every((m) =>
        m.Dimensions.some((d) => d.Value === stage.stageId),
      ),
    ).toBe(true);
    kit.clock.advance(4 * hour);
    expect(listMetrics(kit.index(), { RecentlyActive: "PT3H" }, kit.clock.now()).Metrics.length).toBe(all.length); // still connected
    expect(refused(() => listMetrics(kit.index(), { RecentlyActive: "P1D" }, kit.clock.now())).code).toBe(
      "InvalidParameterValue",
    );

    // More than 500 metrics page.
    for (let s = 0; s < 8; s++) {
      const more = await stageWith(kit);
      for (let i = 0; i < 10; i++) joinPublisher(kit, more.arn); // 7 metrics per publisher
    }
    const first = listMetrics(kit.index(), {}, kit.clock.now());
    expect(first.Metrics.length).toBe(500);
    const rest = listMetrics(kit.index(), { NextToken: first.NextToken ?? "" }, kit.clock.now());
    expect(rest.NextToken).toBeUndefined();
    expect(new Set([...first.Metrics, ...rest.Metrics].map((m) => JSON.stringify(m))).size).toBe(
      first.Metrics.length + rest.Metrics.length,
    );
  });
});
