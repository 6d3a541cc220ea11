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

/** What a deferred panel shows until its code has arrived: its name, at about its final height. */
export function LoadingPanel({ label, className = "h-48" }: { label: string; className?: string }) {
  return (
    <div
      role="status"
      className={`${className} animate-pulse rounded border border-room-700 bg-room-900 p-4 text-xs text-room-300`}
    >
      {label}
    </div>
  );
}
