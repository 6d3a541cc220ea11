"use client";

import { lazy } from "react";
import { Deferred, LoadingPanel } from "@/components/ui/deferred";
import type { ConsoleContext } from "@/lib/context";

// Chart code (d3 scales, zoom) is fetched after the page has loaded: these wrappers are all a page's first load holds.
const SessionQuality = lazy(() => import("./session-quality").then((module) => ({ default: module.SessionQuality })));
const StageSparkline = lazy(() => import("./stage-sparkline").then((module) => ({ default: module.StageSparkline })));

/** Publishers/Subscribers over the session and the worst participants by packet loss (session and stage pages). */
export function SessionQualityPanel(props: {
  context: ConsoleContext;
  stageArn: string;
  sessionId: string;
  names?: ReadonlyMap<string, string>;
}) {
  return (
    <Deferred fallback={<LoadingPanel label="Loading audience and quality…" className="h-40" />}>
      <SessionQuality {...props} />
    </Deferred>
  );
}

/** A live stage's sparkline (overview). */
export function StageSparklineCell(props: { context: ConsoleContext; stageArn: string }) {
  return (
    <Deferred fallback={<span className="text-xs text-room-300">…</span>}>
      <StageSparkline {...props} />
    </Deferred>
  );
}
