import { describe, expect, it } from "vitest";
import { mapBounded } from "./concurrency";
import { alignHead } from "./merge";
import { ev } from "./test-events";

describe("alignHead (live polling, newest first)", () => {
  const known = [ev("PUBLISH_STARTED", 3), ev("JOINED", 2)];
  it("prepends new events found at the head", () => {
    const head = [ev("LEFT", 9), ev("PUBLISH_STOPPED", 8), ...known];
    expect(alignHead(known, head, true)?.map((e) => e.name)).toEqual([
      "LEFT",
      "PUBLISH_STOPPED",
      "PUBLISH_STARTED",
      "JOINED",
    ]);
  });
  it("keeps the list when nothing is new", () => {
    expect(alignHead(known, known, true)).toEqual(known);
  });
  it("asks for the next page when the head is all new", () => {
    const head = [ev("LEFT", 9), ev("PUBLISH_STOPPED", 8)];
    expect(alignHead(known, head, false)).toBeUndefined();
    expect(alignHead(known, head, true)).toEqual(head);
  });
  it("aligns when the head is a prefix of a longer known list", () => {
    const long = Array.from({ length: 150 }, (_, i) => ev("PUBLISH_STARTED", 1000 - i));
    const head = [ev("LEFT", 2000), ...long.slice(0, 99)];
    expect(alignHead(long, head, false)).toHaveLength(151);
  });
});

describe("mapBounded", () => {
  it("keeps at most `limit` in flight, keeps order, reports progress", async () => {
    let inFlight = 0;
    let peak = 0;
    const progress: number[] = [];
    const results = await mapBounded(
      [1, 2, 3, 4, 5, 6, 7],
      3,
      async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5 + (n % 3)));
        inFlight--;
        return n * 10;
      },
      { onProgress: (done) => progress.push(done) },
    );
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(mapBounded([1], 2, async (n) => n, { signal: controller.signal })).rejects.toThrow();
  });
});
