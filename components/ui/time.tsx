"use client";

import { formatTime, type TimeZoneChoice } from "@/lib/format";
import { useTimeZone } from "./preferences";

/**
 * An instant as the console prints it (`2026-11-25 13:04:05 UTC`, or local with its offset), in the zone the
 * viewer chose; machine-readable in `dateTime`.
 */
export function Time({ iso, className, zone }: { iso: string | undefined; className?: string; zone?: TimeZoneChoice }) {
  const chosen = useTimeZone();
  if (!iso) return <span className={className}>—</span>;
  return (
    <time dateTime={iso} className={className}>
      {formatTime(iso, zone ?? chosen)}
    </time>
  );
}
