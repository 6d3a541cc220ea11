"use client";

import { useEffect, useState } from "react";

let afterLoadPromise: Promise<void> | undefined;

/**
 * Resolves once the page has finished loading (at once after a client-side navigation). Optional code (live
 * validation, editors, the swimlane's drawing library) is fetched from here, so it never competes with what
 * the first paint needs.
 */
export function afterLoad(): Promise<void> {
  afterLoadPromise ??= new Promise<void>((resolve) => {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", () => resolve(), { once: true });
  }).then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  return afterLoadPromise;
}

/** False during the first render and until the page has loaded; then true. */
export function useAfterLoad(): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    void afterLoad().then(() => {
      if (live) setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

export interface AfterLoadModule<T> {
  /** The module, once loaded. */
  readonly current: () => T | undefined;
  /** Fetches it after the page has loaded (once; a failed fetch is tried again on the next call). */
  readonly load: () => Promise<T>;
}

/** Optional code shared by every component that needs it, fetched once the page has loaded. */
export function afterLoadModule<T>(importer: () => Promise<T>): AfterLoadModule<T> {
  let loading: Promise<T> | undefined;
  let loaded: T | undefined;
  return {
    current: () => loaded,
    load: () =>
      (loading ??= afterLoad()
        .then(importer)
        .then((module) => (loaded = module))
        .catch((error: unknown) => {
          loading = undefined;
          throw error;
        })),
  };
}

/** The module of `afterLoadModule`, or undefined until the page has loaded and the module has arrived. */
export function useAfterLoadModule<T>(module: AfterLoadModule<T>, what: string): T | undefined {
  const [current, setCurrent] = useState<T | undefined>(module.current);
  useEffect(() => {
    if (current !== undefined) return;
    let live = true;
    module.load().then(
      (next) => {
        if (live) setCurrent(() => next);
      },
      (error: unknown) => console.error(`${what} could not be loaded:`, error),
    );
    return () => {
      live = false;
    };
  }, [current, module, what]);
  return current;
}
