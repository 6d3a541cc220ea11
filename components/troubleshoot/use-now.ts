"use client";

import { useEffect, useState } from "react";

/** The current time, refreshed every `everyMs` while `active` (for live timelines that grow to "now"). */
export function useNow(active: boolean, everyMs = 2000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return now;
}
