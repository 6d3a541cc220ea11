import { describe, expect, it } from "vitest";
import { createViewStore } from "@/lib/ui-state/view-store";
import { eventKinds } from "./model";
import {
  clampWindow,
  isFullWindow,
  paddedDomain,
  panWindow,
  parseViewState,
  viewStateOptions,
  windowAround,
  writeViewState,
  zoomWindow,
} from "./view-state";

describe("view state in the URL", () => {
  it("round-trips window, kinds, event and lane filters, keeping other params", () => {
    const state = {
      window: { from: 1_700_000_000_000, to: 1_700_000_060_000 },
      kinds: ["error", "publish"] as const,
      event: "lz3k9a1pe",
      errorsOnly: true,
      query: "alice",
    };
    const params = writeViewState(new URLSearchParams("region=us-east-1&profile=prod"), {
      ...state,
      kinds: [...state.kinds],
    });
    expect(params.get("region")).toBe("us-east-1");
    expect(params.get("kinds")).toBe("publish,error");
    const back = parseViewState(params);
    expect(back).toEqual({
      window: state.window,
      kinds: ["publish", "error"],
      event: "lz3k9a1pe",
      errorsOnly: true,
      query: "alice",
    });
  });

  it("omits defaults and ignores garbage", () => {
    expect(writeViewState(new URLSearchParams(), { kinds: eventKinds, errorsOnly: false, query: "" }).toString()).toBe(
      "",
    );
    const parsed = parseViewState(new URLSearchParams("from=abc&to=5&kinds=nope,error&event=<script>&lanes=x"));
    expect(parsed).toEqual({ kinds: ["error"], errorsOnly: false, query: "" });
    expect(parseViewState(new URLSearchParams("from=10&to=5")).window).toBeUndefined();
    expect(parseViewState(new URLSearchParams("kinds=")).kinds).toEqual([]);
  });
});

describe("window arithmetic", () => {
  const domain = { from: 0, to: 1000 };
  it("zooms around a point and clamps to the domain", () => {
    expect(zoomWindow(domain, 2, domain)).toEqual({ from: 250, to: 750 });
    expect(zoomWindow({ from: 0, to: 1000 }, 2, domain, 0)).toEqual({ from: 0, to: 500 });
    expect(zoomWindow({ from: 250, to: 750 }, 0.25, domain)).toEqual(domain);
    const tiny = zoomWindow({ from: 0, to: 20 }, 100, domain);
    expect(tiny.to - tiny.from).toBeCloseTo(10);
  });
  it("pans by a fraction and stops at the edges", () => {
    expect(panWindow({ from: 100, to: 200 }, 0.5, domain)).toEqual({ from: 150, to: 250 });
    expect(panWindow({ from: 900, to: 1000 }, 1, domain)).toEqual({ from: 900, to: 1000 });
    expect(panWindow({ from: 0, to: 100 }, -1, domain)).toEqual({ from: 0, to: 100 });
  });
  it("clamps, centres and pads", () => {
    expect(clampWindow({ from: -50, to: 50 }, domain)).toEqual({ from: 0, to: 100 });
    expect(windowAround(990, 100, domain)).toEqual({ from: 900, to: 1000 });
    expect(isFullWindow(undefined, domain)).toBe(true);
    expect(isFullWindow({ from: 10, to: 1000 }, domain)).toBe(false);
    expect(paddedDomain([0, 100_000], 0)).toEqual({ from: -2000, to: 102_000 });
  });
});

describe("the troubleshooting view store's URL round trip", () => {
  it("writes what parseViewState reads back, in whole milliseconds, leaving other parameters", () => {
    const store = createViewStore(parseViewState(new URLSearchParams("region=eu-west-1")), viewStateOptions.normalize);
    store.getState().update({ window: { from: 1000.4, to: 1000.6 }, errorsOnly: true, query: "alice", event: "e-1" });
    const params = viewStateOptions.write(store.getState().value, new URLSearchParams("region=eu-west-1"));
    expect(params.get("region")).toBe("eu-west-1");
    expect(params.get("from")).toBe("1000");
    expect(params.get("to")).toBe("1001");
    expect(parseViewState(params)).toEqual(store.getState().value);
    store.getState().update({ window: undefined, errorsOnly: false, query: "", event: undefined });
    expect(viewStateOptions.write(store.getState().value, params).toString()).toBe("region=eu-west-1");
  });
});
