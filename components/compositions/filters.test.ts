import { describe, expect, it } from "vitest";
import {
  applyCompositionFilters,
  canStop,
  compositionListInput,
  filtersFromParams,
  filtersToParams,
  hasFilters,
  sortCompositions,
  type CompositionSummary,
} from "./filters";

const arn = (kind: string, id: string, region = "us-east-1") => `arn:aws:ivs:${region}:123456789012:${kind}/${id}`;
const stageA = arn("stage", "stageAAAAAAA");
const stageB = arn("stage", "stageBBBBBBB");
const encoder = arn("encoder-configuration", "encoderAAAAA");

const c = (
  id: string,
  stageArn: string,
  state: CompositionSummary["state"],
  startTime?: string,
): CompositionSummary => ({
  arn: arn("composition", id),
  stageArn,
  state,
  destinations: [],
  ...(startTime ? { startTime } : {}),
});

describe("composition filters", () => {
  it("reads filters from search params, dropping malformed and other-region ARNs", () => {
    expect(filtersFromParams(new URLSearchParams({ stage: stageA, encoder, show: "running" }), "us-east-1")).toEqual({
      stageArn: stageA,
      encoderConfigurationArn: encoder,
      show: "running",
    });
    expect(
      filtersFromParams({ stage: arn("stage", "x", "us-west-2"), encoder: "nonsense", show: "bogus" }, "us-east-1"),
    ).toEqual({ show: "all" });
    expect(filtersFromParams({ stage: [stageB, stageA] }, "us-east-1")).toEqual({ stageArn: stageB, show: "all" });
    expect(filtersFromParams({ stage: encoder }, "us-east-1")).toEqual({ show: "all" });
  });

  it("writes filters into search params, keeping the context", () => {
    const base = new URLSearchParams({ region: "us-east-1", stage: stageB });
    const next = filtersToParams({ encoderConfigurationArn: encoder, show: "ended" }, base);
    expect(Object.fromEntries(next)).toEqual({ region: "us-east-1", encoder, show: "ended" });
    expect(Object.fromEntries(filtersToParams({ show: "all" }, next))).toEqual({ region: "us-east-1" });
  });

  it("sends the encoder filter to the API when set (summaries cannot be filtered by encoder), else the stage filter", () => {
    expect(compositionListInput({ show: "all" })).toEqual({});
    expect(compositionListInput({ stageArn: stageA, show: "all" })).toEqual({ filterByStageArn: stageA });
    expect(compositionListInput({ stageArn: stageA, encoderConfigurationArn: encoder, show: "all" })).toEqual({
      filterByEncoderConfigurationArn: encoder,
    });
  });

  it("applies the stage and state filters in the browser", () => {
    const items = [
      c("a1", stageA, "ACTIVE"),
      c("a2", stageA, "STOPPED"),
      c("b1", stageB, "FAILED"),
      c("b2", stageB, "STOPPING"),
    ];
    const ids = (filters: Parameters<typeof applyCompositionFilters>[1]) =>
      applyCompositionFilters(items, filters).map((x) => x.arn.slice(-2));
    expect(ids({ show: "all" })).toEqual(["a1", "a2", "b1", "b2"]);
    expect(ids({ stageArn: stageA, encoderConfigurationArn: encoder, show: "all" })).toEqual(["a1", "a2"]);
    expect(ids({ show: "running" })).toEqual(["a1", "b2"]);
    expect(ids({ show: "ended" })).toEqual(["a2", "b1"]);
    expect(ids({ stageArn: stageB, show: "ended" })).toEqual(["b1"]);
    expect(hasFilters({ show: "all" })).toBe(false);
    expect(hasFilters({ show: "running" })).toBe(true);
  });

  it("sorts running compositions first, newest first, just-started ones on top", () => {
    const sorted = sortCompositions([
      c("stopped", stageA, "STOPPED", "2026-01-01T12:00:00.000Z"),
      c("old", stageA, "ACTIVE", "2026-01-01T09:00:00.000Z"),
      c("new", stageA, "STARTING"),
      c("mid", stageA, "ACTIVE", "2026-01-01T10:00:00.000Z"),
    ]);
    expect(sorted.map((x) => x.arn.split("/")[1])).toEqual(["new", "mid", "old", "stopped"]);
  });

  it("offers Stop only while starting or active", () => {
    expect(["STARTING", "ACTIVE", "STOPPING", "STOPPED", "FAILED"].map(canStop)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
