import { describe, expect, it } from "vitest";
import { createViewStore } from "./view-store";

describe("createViewStore", () => {
  it("merges patches, computed or not, and replaces the whole value", () => {
    const store = createViewStore({ search: "", live: "all" as "all" | "live" });
    store.getState().update({ search: "abc" });
    store.getState().update((value) => ({ search: `${value.search}d`, live: "live" }));
    expect(store.getState().value).toEqual({ search: "abcd", live: "live" });
    store.getState().replace({ search: "", live: "all" });
    expect(store.getState().value).toEqual({ search: "", live: "all" });
  });

  it("normalizes every change but not the initial value", () => {
    const store = createViewStore({ n: 1.5 }, (value) => ({ n: Math.round(value.n) }));
    expect(store.getState().value.n).toBe(1.5);
    store.getState().update({ n: 2.4 });
    expect(store.getState().value.n).toBe(2);
    store.getState().replace({ n: 7.6 });
    expect(store.getState().value.n).toBe(8);
  });

  it("notifies subscribers with a new value object, and keeps it between changes", () => {
    const store = createViewStore({ q: "" });
    const seen: string[] = [];
    store.subscribe((state) => seen.push(state.value.q));
    const before = store.getState().value;
    store.getState().update({ q: "x" });
    expect(seen).toEqual(["x"]);
    expect(store.getState().value).not.toBe(before);
  });
});
