"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

/**
 * False in the server's HTML and while React hydrates it, true from then on (and at once for anything mounted
 * later). Controls whose handler lives in JavaScript render disabled until it is: a click before hydration
 * would otherwise do nothing, with no feedback.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
