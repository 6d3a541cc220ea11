import { describe, expect, it } from "vitest";
import { findEpisodes, type QualitySeries } from "@/lib/metrics/quality";
import { diagnose } from "./diagnosis";
import type { MetricFacts } from "./metric-rules";
import { buildTimeline } from "./model";
import { ev, newestFirst, t0 } from "./test-events";

/** A 5-s series from `fromS` to `toS` (seconds after t0), `value(s)` at each. */
function series(id: string, metric: string, fromS: number, toS: number, value: (s: number) => number): QualitySeries {
  const times: number[] = [];
  const values: number[] = [];
  for (let s = fromS; s <= toS; s += 5) {
    times.push(t0 + s * 1000);
    values.push(value(s));
  }
  return { id, metric, times, values };
}

const inEpisode =
  (from: number, to: number, high: number, low = 0.3) =>
  (s: number) =>
    s >= from && s <= to ? high : low;

function timelineOf(events: Parameters<typeof newestFirst>[0], now = t0 + 600_000) {
  return buildTimeline(newestFirst(events), { now, participantId: "p1", participantState: "DISCONNECTED" });
}

describe("metric rules", () => {
  it("finds loss episodes, bridging short gaps", () => {
    const s = series("loss", "DownloadPacketLoss", 0, 300, (t) => (t >= 100 && t <= 145 && t !== 120 ? 14 : 0.2));
    const episodes = findEpisodes(s, 3, 15_000);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ from: t0 + 100_000, to: t0 + 145_000, peak: 14 });
  });

  it("explains a drop after a packet-loss episode while publishing, naming its evidence", () => {
    const timeline = timelineOf([ev("JOINED", 0), ev("PUBLISH_STARTED", 5), ev("LEFT", 148)]);
    const metrics: MetricFacts = {
      period: 5,
      series: [
        series("loss", "DownloadPacketLoss", 5, 145, inEpisode(100, 145, 14)),
        series("dropped", "DroppedFrames", 5, 145, inEpisode(100, 145, 9.8, 0.1)),
      ],
    };
    const findings = diagnose(timeline, { metrics });
    const loss = findings.find((f) => f.rule === "packet-loss");
    expect(loss).toBeDefined();
    expect(loss?.severity).toBe("warning");
    expect(loss?.title).toBe("Packet loss 14 % from 12:01:40 to 12:02:25 while publishing");
    expect(loss?.explanation).toContain("the participant dropped at 12:02:28: likely the participant's network");
    expect(loss?.explanation).toContain("Dropped frames rose to 9.8 %");
    const left = timeline.events.find((e) => e.name === "LEFT");
    expect(loss?.evidence).toEqual([left?.id]);
    expect(loss?.metricEvidence?.map((m) => m.metric)).toEqual(["DownloadPacketLoss", "DroppedFrames"]);
    expect(loss?.metricEvidence?.[0]).toMatchObject({ from: t0 + 100_000, to: t0 + 145_000, peak: 14 });
    expect(findings.some((f) => f.rule === "healthy")).toBe(false);
  });

  it("reports loss the connection survived as a note, not a drop", () => {
    const timeline = timelineOf([
      ev("JOINED", 0),
      ev("PUBLISH_STARTED", 5),
      ev("SUBSCRIBE_STARTED", 6, { remote: "p2" }),
      ev("PUBLISH_STOPPED", 400),
      ev("LEFT", 401),
    ]);
    const metrics: MetricFacts = {
      period: 5,
      series: [series("loss", "DownloadPacketLoss", 5, 395, inEpisode(100, 130, 5))],
    };
    const loss = diagnose(timeline, { metrics }).find((f) => f.rule === "packet-loss");
    expect(loss?.severity).toBe("info");
    expect(loss?.title).toContain("while publishing and subscribing");
    expect(loss?.explanation).toContain("the connection held");
  });

  it("says nothing about healthy metrics", () => {
    const timeline = timelineOf([
      ev("JOINED", 0),
      ev("PUBLISH_STARTED", 5),
      ev("PUBLISH_STOPPED", 300),
      ev("LEFT", 301),
    ]);
    const metrics: MetricFacts = {
      period: 5,
      series: [
        series("loss", "DownloadPacketLoss", 5, 295, () => 0.4),
        series("dropped", "DroppedFrames", 5, 295, () => 0.2),
      ],
    };
    const findings = diagnose(timeline, { metrics });
    expect(findings.map((f) => f.rule)).toEqual(["healthy"]);
  });

  it("blames the device for dropped frames without packet loss", () => {
    const timeline = timelineOf([
      ev("JOINED", 0),
      ev("PUBLISH_STARTED", 5),
      ev("PUBLISH_STOPPED", 300),
      ev("LEFT", 301),
    ]);
    const metrics: MetricFacts = {
      period: 5,
      series: [
        series("loss", "DownloadPacketLoss", 5, 295, () => 0.4),
        series("dropped", "DroppedFrames", 5, 295, inEpisode(50, 90, 12, 0.1)),
      ],
    };
    const dropped = diagnose(timeline, { metrics }).find((f) => f.rule === "dropped-frames");
    expect(dropped?.title).toBe("Dropped frames 12 % from 12:00:50 to 12:01:30 without packet loss");
    expect(dropped?.metricEvidence?.[0]?.metric).toBe("DroppedFrames");
  });

  it("shows the bitrate climb before BITRATE_EXCEEDED", () => {
    const timeline = timelineOf([
      ev("JOINED", 0),
      ev("PUBLISH_STARTED", 5),
      ev("PUBLISH_ERROR", 100, { code: "BITRATE_EXCEEDED" }),
    ]);
    const metrics: MetricFacts = {
      period: 5,
      series: [series("bitrate_hi_video", "PublishBitrate", 5, 95, (s) => (s >= 70 ? 9.4e6 : 2.5e6))],
    };
    const findings = diagnose(timeline, { metrics });
    const climb = findings.find((f) => f.rule === "bitrate-climb");
    expect(climb?.title).toBe("Publish bitrate 9.40 Mbps before the BITRATE_EXCEEDED at 12:01:40");
    expect(climb?.evidence).toEqual([timeline.events.find((e) => e.errorCode === "BITRATE_EXCEEDED")?.id]);
    // The event rule still explains the error.
    expect(findings.some((f) => f.rule === "bitrate")).toBe(true);
  });

  it("does nothing without metrics", () => {
    const timeline = timelineOf([ev("JOINED", 0), ev("LEFT", 10)]);
    expect(diagnose(timeline).some((f) => f.rule === "packet-loss")).toBe(false);
  });
});
