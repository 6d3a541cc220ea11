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
