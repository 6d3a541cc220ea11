"use client";

import { Suspense, type ReactNode } from "react";
import { useAfterLoad } from "@/components/hooks/after-load";

/**
 * `fallback` (on the server too) until the page has loaded, then `children`. Put lazy panels inside: their code
 * is fetched after the load event, so it is not first-load JavaScript.
 */
export function Deferred({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  const loaded = useAfterLoad();
  return loaded ? <Suspense fallback={fallback}>{children}</Suspense> : fallback;
}
