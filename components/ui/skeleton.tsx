/** Placeholder shapes while a page loads (decorative: the container announces "Loading"). */
export function SkeletonBlock({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded bg-room-800 ${className}`} />;
}

/** A page-shaped skeleton: a title, a row of tiles or filters, and a table. */
export function PageSkeleton({
  label = "Loading",
  tiles = 0,
  rows = 6,
}: {
  label?: string;
  tiles?: number;
  rows?: number;
}) {
  return (
    <div role="status" aria-live="polite" aria-busy="true" className="space-y-4">
      <span className="sr-only">{label}…</span>
      <div className="space-y-2">
        <SkeletonBlock className="h-6 w-48" />
        <SkeletonBlock className="h-4 w-96 max-w-full" />
      </div>
      {tiles > 0 ? (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
          {Array.from({ length: tiles }, (_, i) => (
            <SkeletonBlock key={i} className="h-20" />
          ))}
        </div>
      ) : null}
      <div className="overflow-hidden rounded border border-room-700">
        <SkeletonBlock className="h-8 rounded-none" />
        <div className="space-y-2 p-3">
          {Array.from({ length: rows }, (_, i) => (
            <SkeletonBlock key={i} className="h-5" />
          ))}
        </div>
      </div>
    </div>
  );
}
