import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoKit, east, NOW, type DemoKit } from "../sim/demo-world-test-kit";
import { bitrateLimitBps, namespace, stageIdOf } from "./model";
import { getMetricData, listMetrics, type MetricDataQueryInput } from "./query";
import { dims } from "./test-kit";

/**
 * The demo world's three hours of history have metrics, and they agree with its events: every BITRATE_EXCEEDED
 * follows a climb past 8.5 Mbps, every drop of a publisher that subscribes follows a packet-loss episode, and the
 * stages' Publishers count matches the PUBLISH_* events.
 */

let kit: DemoKit;
beforeAll(() => {
  kit = demoKit();
});
afterAll(async () => {
  await kit.emulator.shutdown();
});

const hour = 3600_000;
const query = (
  Id: string,
  metric: string,
  dimensions: Record<string, string>,
  Period: number,
  Stat: string,
): MetricDataQueryInput => ({
  Id,
  MetricStat: { Metric: { Namespace: namespace, MetricName: metric, Dimensions: dims(dimensions) }, Period, Stat },
});

function values(metric: string, dimensions: Record<string, string>, start: number, end: number, stat = "Maximum") {
  const index = kit.emulator.metrics.indexFor(east);
  const out = getMetricData(
    index,
    {
      MetricDataQueries: [query("q", metric, dimensions, 5, stat)],
      StartTime: start,
      EndTime: end,
      ScanBy: "TimestampAscending",
    },
    NOW,
  );
  const result = out.MetricDataResults[0];
  return (result?.Timestamps ?? []).map((t, i) => [t, result?.Values[i] ?? NaN] as const);
}

describe("the demo world's metrics", () => {
  it("cover three hours, with hundreds of series", () => {
    const index = kit.emulator.metrics.indexFor(east);
    const listed = listMetrics(index, { Namespace: namespace }, NOW).Metrics;
    expect(listed.length).toBeGreaterThan(100);
    const stage = listed.find((m) => m.MetricName === "Publishers");
    const stageId = stage?.Dimensions[0]?.Value ?? "";
    const points = getMetricData(
      index,
      {
        MetricDataQueries: [query("p", "Publishers", { Stage: stageId }, 60, "Maximum")],
        StartTime: NOW - 3 * hour,
        EndTime: NOW,
      },
      NOW,
    );
    expect(points.MetricDataResults[0]?.Values.length).toBeGreaterThan(60);
  });

  it("every BITRATE_EXCEEDED follows a climb past 8.5 Mbps", () => {
    const store = kit.store(east);
    let checked = 0;
    for (const events of store.events.values()) {
      for (const { stageArn, participantId, data } of events) {
        if (data.name !== "PUBLISH_ERROR" || data.errorCode !== "BITRATE_EXCEEDED") continue;
        const at = Date.parse(data.eventTime ?? "");
        const record = [...store.participants.values()].find((p) => p.data.participantId === participantId);
        const layer = record?.data.protocol === "RTMP" || record?.data.protocol === "RTMPS" ? "none" : "hi";
        const before = values(
          "PublishBitrate",
          { Stage: stageIdOf(stageArn), Participant: participantId, SimulcastLayer: layer, MediaType: "video" },
          at - 10_000,
          at + 5_000,
        );
        // A publisher that started publishing within the last 5 s has no value yet: nothing to climb.
        if (before.length === 0) continue;
        // No value at the error itself (publishing ended with it; a republish comes 6 s or more later).
        expect(before.every(([t]) => t < at)).toBe(true);
        expect(before.at(-1)?.[1]).toBeGreaterThan(bitrateLimitBps);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  it("a publisher that drops while subscribing shows packet loss just before", () => {
    const store = kit.store(east);
    let checked = 0;
    for (const events of store.events.values()) {
      const open = new Map<string, { publishing: boolean; subs: number }>();
      for (const { stageArn, participantId, data } of events) {
        const state = open.get(participantId) ?? { publishing: false, subs: 0 };
        open.set(participantId, state);
        if (data.name === "PUBLISH_STARTED") state.publishing = true;
        if (data.name === "PUBLISH_STOPPED" || data.name === "PUBLISH_ERROR") state.publishing = false;
        if (data.name === "SUBSCRIBE_STARTED") state.subs++;
        if (data.name === "SUBSCRIBE_STOPPED" || data.name === "SUBSCRIBE_ERROR")
          state.subs = Math.max(0, state.subs - 1);
        if (data.name !== "LEFT") continue;
        const dropped = state.publishing && state.subs > 0;
        open.set(participantId, { publishing: false, subs: 0 });
        if (!dropped) continue;
        const at = Date.parse(data.eventTime ?? "");
        const loss = values(
          "DownloadPacketLoss",
          { Stage: stageIdOf(stageArn), Participant: participantId },
          at - 10_000,
          at,
        );
        if (loss.length === 0) continue; // joined less than 5 s before
        expect(Math.max(...loss.map(([, v]) => v))).toBeGreaterThan(5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  it("each stage's Publishers agree with its PUBLISH_* events", () => {
    const store = kit.store(east);
    for (const stage of store.stages.values()) {
      const series = values("Publishers", { Stage: stage.id }, NOW - 3 * hour, NOW);
      const publishing = new Set<string>();
      const timeline = [...store.events.values()]
        .flat()
        .filter((e) => e.stageArn === stage.arn)
        .sort((a, b) => (a.data.eventTime ?? "").localeCompare(b.data.eventTime ?? "") || a.seq - b.seq);
      let next = 0;
      let compared = 0;
      for (const [t, value] of series) {
        while (next < timeline.length && Date.parse(timeline[next]?.data.eventTime ?? "") <= t) {
          const event = timeline[next++];
          if (!event) break;
          if (event.data.name === "PUBLISH_STARTED") publishing.add(event.participantId);
          if (
            event.data.name === "PUBLISH_STOPPED" ||
            event.data.name === "PUBLISH_ERROR" ||
            event.data.name === "LEFT"
          )
            publishing.delete(event.participantId);
        }
        expect(value).toBe(publishing.size);
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    }
  });
});
