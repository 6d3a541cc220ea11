import { afterEach, describe, expect, it, vi } from "vitest";
import { createStore } from "zustand/vanilla";
import { bindToUrl, withParam } from "./url-sync";

/** The part of `window` bindToUrl uses: location (path, search, hash) and history.replaceState. */
function stubWindow(url: string) {
  const location = new URL(url);
  const calls: string[] = [];
  vi.stubGlobal("window", {
    location,
    history: {
      state: { kept: true },
      replaceState(_state: unknown, _title: string, next: string) {
        calls.push(next);
        const parsed = new URL(next, location);
        location.search = parsed.search;
        location.hash = parsed.hash;
      },
    },
  });
  return { location, calls };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("bindToUrl", () => {
  const write = (state: { q: string }, params: URLSearchParams) => withParam(params, "q", state.q);

  it("writes changes into the search params, keeping the others and the hash", () => {
    const { location, calls } = stubWindow("http://console/stages?region=eu-west-1#top");
    const store = createStore(() => ({ q: "" }));
    const unbind = bindToUrl(store, write);
    store.setState({ q: "alice" });
    expect(location.search).toBe("?region=eu-west-1&q=alice");
    expect(calls).toEqual(["/stages?region=eu-west-1&q=alice#top"]);
    store.setState({ q: "" });
    expect(location.search).toBe("?region=eu-west-1");
    unbind();
    store.setState({ q: "bob" });
    expect(calls).toHaveLength(2);
  });

  it("debounces, writes only the last state, and does not write what is already there", () => {
    vi.useFakeTimers();
    const { location, calls } = stubWindow("http://console/x?q=same");
    const store = createStore(() => ({ q: "same" }));
    const unbind = bindToUrl(store, write, { debounceMs: 250 });
    store.setState({ q: "a" });
    store.setState({ q: "ab" });
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(calls).toEqual(["/x?q=ab"]);
    store.setState({ q: "ab" });
    vi.advanceTimersByTime(250);
    expect(calls).toHaveLength(1);
    store.setState({ q: "abc" });
    unbind();
    vi.advanceTimersByTime(250);
    expect(location.search).toBe("?q=ab");
  });
});

describe("withParam", () => {
  it("sets, replaces and removes one parameter in a copy", () => {
    const base = new URLSearchParams("a=1&b=2");
    expect(withParam(base, "b", "3").toString()).toBe("a=1&b=3");
    expect(withParam(base, "b", "").toString()).toBe("a=1");
    expect(withParam(base, "c", undefined).toString()).toBe("a=1&b=2");
    expect(base.toString()).toBe("a=1&b=2");
  });
});
