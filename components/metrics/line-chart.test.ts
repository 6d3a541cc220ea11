import { describe, expect, it } from "vitest";
import type { QualitySeries } from "@/lib/metrics/quality";
import { linePath } from "./line-chart";

const series = (times: number[], values: number[]): QualitySeries => ({
  id: "loss",
  metric: "DownloadPacketLoss",
  times,
  values,
});
const identity = (v: number) => v;

describe("linePath", () => {
  it("draws one point per value when there is room", () => {
    expect(linePath(series([0, 10, 20], [1, 2, 3]), { from: 0, to: 20 }, identity, identity, 15)).toBe(
      "M0 1.0L10 2.0L20 3.0",
    );
  });

  it("breaks the line where values are missing for more than the gap", () => {
    expect(linePath(series([0, 10, 100, 110], [1, 1, 2, 2]), { from: 0, to: 110 }, identity, identity, 15)).toBe(
      "M0 1.0L10 1.0M100 2.0L110 2.0",
    );
  });

  it("keeps first, highest, lowest and last of the values sharing a pixel column", () => {
    const times = Array.from({ length: 1000 }, (_, i) => i);
    const values = times.map((t) => (t === 500 ? 14 : t === 501 ? 0 : 0.3));
    // 1000 values on 10 pixels: 10 columns, the spike survives.
    const d = linePath(series(times, values), { from: 0, to: 1000 }, (t) => t / 100, identity, 5);
    expect(d).toContain("L5 14.0");
    expect(d.split(/[ML]/).filter(Boolean).length).toBeLessThanOrEqual(40);
  });

  it("draws only the window (and one value on each side)", () => {
    const times = Array.from({ length: 100 }, (_, i) => i * 10);
    const d = linePath(
      series(
        times,
        times.map(() => 1),
      ),
      { from: 300, to: 355 },
      identity,
      identity,
      15,
    );
    expect(d.startsWith("M290 1.0")).toBe(true);
    expect(d.endsWith("L360 1.0")).toBe(true);
  });
});
