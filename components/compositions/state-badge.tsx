/** Composition and destination states (api §10.3) as badges; the word is always shown, colour only helps. */
const tones: Record<string, string> = {
  STARTING: "bg-accent/15 text-accent",
  ACTIVE: "bg-ok/15 text-ok",
  RECONNECTING: "bg-warn/15 text-warn",
  STOPPING: "bg-room-800 text-room-100",
  STOPPED: "bg-room-800 text-room-300",
  FAILED: "bg-live/15 text-live",
};

export function CompositionStateBadge({ state, label }: { state: string; label?: string }) {
  const tone = tones[state] ?? "bg-room-800 text-room-300";
  return (
    <span
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 font-mono text-xs ${tone}`}
      data-state={state || undefined}
    >
      {label ? <span className="sr-only">{label}: </span> : null}
      {state === "STARTING" || state === "STOPPING" || state === "RECONNECTING" ? (
        <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" />
      ) : null}
      {state || "—"}
    </span>
  );
}

/** Destination states of a composition, one badge each. */
export function DestinationStates({ destinations }: { destinations: readonly { id: string; state: string }[] }) {
  if (destinations.length === 0) return <span className="text-xs text-room-300">none</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Destination states">
      {destinations.map((d, index) => (
        <li key={d.id || index} title={`Destination ${d.id}`}>
          <CompositionStateBadge state={d.state} label={`Destination ${index + 1}`} />
        </li>
      ))}
    </ul>
  );
}
