"use client";

import { useEffect, useState } from "react";
import type { ErrorInfo } from "@/lib/result";

/** "Updated 3 s ago", plus a degraded banner while IVS throttles or fails (clears on recovery). */
export function Freshness({
  fetchedAt,
  degraded: served,
  error,
}: {
  fetchedAt?: number;
  degraded?: { code: string; message: string };
  error?: ErrorInfo | null;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const degraded = served ?? (error ? { code: error.code, message: error.message } : undefined);
  const age = fetchedAt ? Math.max(0, Math.round((now - fetchedAt) / 1000)) : undefined;
  return (
    <div className="flex flex-col items-end gap-1 text-xs">
      {age !== undefined ? (
        // The age depends on the clock, which differs between the server's render and hydration.
        <span className="text-room-300" aria-live="off" suppressHydrationWarning>
          Updated {age} s ago
        </span>
      ) : null}
      {degraded ? (
        <p role="status" className="rounded border border-warn/40 bg-warn/10 px-2 py-1 text-warn">
          Degraded: showing the last good data. IVS answered {degraded.code}.
        </p>
      ) : null}
    </div>
  );
}
