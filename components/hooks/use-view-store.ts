"use client";

import { useEffect, useState } from "react";
import { useStore } from "zustand";
import { bindToUrl } from "@/lib/ui-state/url-sync";
import { createViewStore } from "@/lib/ui-state/view-store";

export interface ViewStoreOptions<S> {
  /** Runs on every change. */
  normalize?: (value: S) => S;
  /** The URL's part of the state: writes it into the search params (a module-level function: stable). */
  write?: (value: S, params: URLSearchParams) => URLSearchParams;
  /** Wait this long after the last change before writing the URL (continuous changes: zoom, pan, typing). */
  debounceMs?: number;
}

/**
 * A view's UI state in a zustand store of its own (see lib/ui-state/view-store.ts), kept in the URL when
 * `write` is given. Returns the value, `update` (merge a patch) and `replace`.
 */
export function useViewStore<S extends object>(initial: S, { normalize, write, debounceMs }: ViewStoreOptions<S> = {}) {
  const [store] = useState(() => createViewStore(initial, normalize));
  useEffect(
    () => (write ? bindToUrl(store, (state, params) => write(state.value, params), { debounceMs }) : undefined),
    [store, write, debounceMs],
  );
  const value = useStore(store, (state) => state.value);
  const { update, replace } = store.getState();
  return [value, update, replace] as const;
}
