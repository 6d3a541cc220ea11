import { describe, expect, it } from "vitest";
import { bucketMarkers, edgePath, intervalsPath, ticksPath } from "./geometry";

const x = (ms: number) => ms / 10; // 10 ms per px

describe("geometry", () => {
  it("merges touching intervals into one rectangle and clips to the view", () => {
    expect(
      intervalsPath(
        [
          { start: 0, end: 100 },
          { start: 105, end: 200 },
        ],
        x,
        2,
        4,
        0,
        1000,
      ),
    ).toBe("M0 2h20v4h-20Z");
    expect(
      intervalsPath(
        [
          { start: 0, end: 100 },
          { start: 500, end: 600 },
        ],
        x,
        0,
        4,
        0,
        1000,
      ),
    ).toBe("M0 0h10v4h-10ZM50 0h10v4h-10Z");
    expect(intervalsPath([{ start: -1000, end: 20000 }], x, 0, 4, 0, 300)).toBe("M0 0h300v4h-300Z");
    expect(intervalsPath([{ start: 5000, end: 5001 }], x, 0, 4, 0, 1000)).toBe("M500 0h1v4h-1Z");
    expect(intervalsPath([{ start: 50_000, end: 60_000 }], x, 0, 4, 0, 1000)).toBe("");
  });

  it("draws at most one tick per half pixel and counts every event", () => {
    const times = Array.from({ length: 1000 }, (_, i) => i); // 1000 events in 100 px
    const { d, count } = ticksPath(times, x, 0, 6, 0, 1000);
    expect(count).toBe(1000);
    expect(d.split("M").length - 1).toBeLessThanOrEqual(201);
    expect(ticksPath(times, x, 0, 6, 50, 60).count).toBe(101);
  });

  it("groups close markers", () => {
    const items = [0, 20, 40, 500].map((time) => ({ time }));
    const buckets = bucketMarkers(items, x, 0, 1000, 8);
    expect(buckets.map((b) => b.items.length)).toEqual([3, 1]);
    expect(bucketMarkers(items, x, 0, 1000, 1).length).toBe(4);
  });

  it("draws an edge between two lanes", () => {
    expect(edgePath(10, 0, 10, 40)).toMatch(/^M10 0C/);
  });
});
