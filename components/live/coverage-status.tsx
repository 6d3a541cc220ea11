"use client";

import { useEffect, useState } from "react";
import { coverageText, isComplete, type Coverage } from "@/lib/observe/coverage";

/**
 * How complete what the view shows is, from the observation store: "Complete as of 2 s ago" or "Catching up:
 * 12 of 74 participants pending". A status region, so assistive technology (and tests) can read it.
 */
export function CoverageStatus({
  coverage,
  label = "Observation",
}: {
  coverage: Coverage | undefined;
  label?: string;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const text = coverage ? coverageText(coverage, now) : "Catching up: reading…";
  const complete = coverage ? isComplete(coverage) : false;
  return (
    <p
      role="status"
      aria-label={label}
      aria-live="off"
      suppressHydrationWarning
      className={`text-xs ${complete ? "text-room-300" : "text-warn"}`}
    >
      {text}
    </p>
  );
}
