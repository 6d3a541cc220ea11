export function LiveBadge({ live }: { live: boolean }) {
  return live ? (
    <span className="inline-flex items-center gap-1 rounded bg-live/15 px-1.5 py-0.5 text-xs font-semibold text-live">
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-live" />
      LIVE
    </span>
  ) : (
    <span className="rounded bg-room-800 px-1.5 py-0.5 text-xs text-room-300">idle</span>
  );
}

export function StateBadge({ state, label }: { state: string; label?: string }) {
  const tone =
    state === "ACTIVE" ? "bg-ok/15 text-ok" : state === "FAILED" ? "bg-live/15 text-live" : "bg-room-800 text-room-300";
  return <span className={`rounded px-1.5 py-0.5 font-mono text-xs ${tone}`}>{label ?? (state || "—")}</span>;
}
