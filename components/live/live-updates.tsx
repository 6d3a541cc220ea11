"use client";

import { lazy } from "react";
import { useStore } from "zustand";
import { Deferred } from "@/components/ui/deferred";
import { liveStatus } from "@/lib/observe/live-status";

// The stream's code (EventSource, backoff, invalidation) is not first-load JavaScript: it starts after the page.
const LiveStream = lazy(() => import("./live-stream"));

/** The tab's live mode as a status the operator can read, and the push stream behind it. */
export function LiveUpdates({ defaultRegion }: { defaultRegion: string }) {
  return (
    <>
      <LiveIndicator />
      <Deferred fallback={null}>
        <LiveStream defaultRegion={defaultRegion} />
      </Deferred>
    </>
  );
}

const labels = {
  connecting: { text: "Connecting…", tone: "bg-room-300" },
  push: { text: "Live: push", tone: "bg-live" },
  polling: { text: "Live: polling", tone: "bg-warn" },
  off: { text: "Live updates off: signed out", tone: "bg-room-500" },
} as const;

function LiveIndicator() {
  const mode = useStore(liveStatus, (state) => state.mode);
  const label = labels[mode];
  const title =
    mode === "push"
      ? "Changes arrive by push as the console observes them."
      : mode === "polling"
        ? "The push stream is down: the page polls every few seconds and reconnects with backoff."
        : undefined;
  return (
    <p
      role="status"
      aria-label="Live updates"
      title={title}
      className="flex items-center gap-1.5 whitespace-nowrap text-xs text-room-300"
    >
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${label.tone}`} />
      {label.text}
    </p>
  );
}
