import { describe, expect, it } from "vitest";
import { appendObservations, mergeTimeline, observationsOf } from "./timeline";

const composition = {
  arn: "arn:aws:ivs:us-east-1:123456789012:composition/AbCdEfGhIjKl",
  stageArn: "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl",
  state: "ACTIVE",
  layout: { grid: {} },
  startTime: "2026-01-01T10:00:00.000Z",
  destinations: [
    {
      id: "dest1",
      state: "ACTIVE",
      startTime: "2026-01-01T10:00:03.000Z",
      configuration: { name: "", channel: { channelArn: "arn:c" } },
    },
    {
      id: "dest2",
      state: "STOPPED",
      endTime: "2026-01-01T10:05:00.000Z",
      configuration: { name: "archive", s3: { storageConfigurationArn: "arn:s", encoderConfigurationArns: [] } },
    },
  ],
} as unknown as Parameters<typeof observationsOf>[0];

describe("composition timeline", () => {
  it("observes the composition and each destination, with the IVS time that goes with the state", () => {
    expect(observationsOf(composition)).toEqual([
      { subject: "composition", label: "Composition", state: "ACTIVE", ivsTime: "2026-01-01T10:00:00.000Z" },
      { subject: "destination:dest1", label: "Channel (dest1)", state: "ACTIVE", ivsTime: "2026-01-01T10:00:03.000Z" },
      { subject: "destination:dest2", label: "archive (dest2)", state: "STOPPED", ivsTime: "2026-01-01T10:05:00.000Z" },
    ]);
  });

  it("appends only state changes, stamped with the time they were seen", () => {
    const first = appendObservations([], [{ subject: "composition", label: "Composition", state: "STARTING" }], 1000);
    expect(first).toEqual([{ subject: "composition", label: "Composition", state: "STARTING", seenAt: 1000 }]);
    const same = appendObservations(first, [{ subject: "composition", label: "Composition", state: "STARTING" }], 2000);
    expect(same).toEqual(first);
    const next = appendObservations(
      same,
      [
        { subject: "composition", label: "Composition", state: "ACTIVE", ivsTime: "t" },
        { subject: "destination:a", label: "A", state: "" },
      ],
      3000,
    );
    expect(next.map((e) => [e.state, e.seenAt])).toEqual([
      ["STARTING", 1000],
      ["ACTIVE", 3000],
    ]);
  });
});

describe("mergeTimeline", () => {
  it("puts events at their own times and keeps only the observed states no event accounts for", () => {
    const seen = [
      { subject: "composition", label: "Composition", state: "STARTING", seenAt: Date.parse("2026-01-01T00:00:02Z") },
      { subject: "composition", label: "Composition", state: "ACTIVE", seenAt: Date.parse("2026-01-01T00:00:09Z") },
    ];
    const events = [
      {
        id: "e1",
        subject: "composition",
        eventName: "Session Start",
        state: "ACTIVE",
        time: "2026-01-01T00:00:04.000Z",
      },
    ];
    const merged = mergeTimeline(events, seen, new Map([["composition", "Composition"]]));
    expect(merged.map((e) => [e.state, e.source, e.time])).toEqual([
      ["STARTING", "seen", "2026-01-01T00:00:02.000Z"],
      ["ACTIVE", "event", "2026-01-01T00:00:04.000Z"],
    ]);
  });
});
