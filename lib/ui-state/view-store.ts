import { createStore } from "zustand/vanilla";

/**
 * A view's client UI state (a timeline's window and kinds, a table's filters) as a vanilla zustand store, the
 * pattern of `lib/observe/live-status.ts`: one store per mounted view, created from the page's initial value
 * (read from the URL on the server where the URL holds it), written back with `bindToUrl`. Components use it
 * through `useViewStore` (components/hooks/use-view-store.ts). Server data stays in TanStack Query.
 */
export interface ViewStore<S> {
  readonly value: S;
  /** Merges a patch (or a patch computed from the current value). */
  update(patch: Partial<S> | ((value: S) => Partial<S>)): void;
  /** Replaces the whole value. */
  replace(value: S): void;
}

/** `normalize` runs on every change (e.g. whole milliseconds for a time window), not on the initial value. */
export function createViewStore<S extends object>(initial: S, normalize: (value: S) => S = (value) => value) {
  return createStore<ViewStore<S>>()((set) => ({
    value: initial,
    update: (patch) =>
      set(({ value }) => ({ value: normalize({ ...value, ...(typeof patch === "function" ? patch(value) : patch) }) })),
    replace: (value) => set({ value: normalize(value) }),
  }));
}
