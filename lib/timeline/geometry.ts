/**
 * SVG geometry for timelines: one `<path>` per row, whatever the number of events, so zooming over 10,000
 * events re-renders a handful of elements. Items closer than a pixel merge. Pure.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
  /** Set on spans of a list not sorted by start (disables the early exit). */
  readonly unsorted?: boolean;
}

/** First index whose value is ≥ `value` in a sorted numeric array. */
export function lowerIndex(values: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > `value` in a sorted numeric array. */
export function upperIndex(values: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const r = (value: number) => Math.round(value * 10) / 10;

/**
 * Rectangles for intervals, merged when they touch at the current zoom (gap under `mergePx`).
 * `x` maps ms to px; only the part inside [clipFrom, clipTo] (px) is drawn; every interval is at least 1 px.
 */
export function intervalsPath(
  spans: readonly Span[],
  x: (ms: number) => number,
  y: number,
  height: number,
  clipFrom: number,
  clipTo: number,
  mergePx = 0.75,
): string {
  const runs: [number, number][] = [];
  for (const span of spans) {
    let a = x(span.start);
    let b = x(span.end);
    if (a > clipTo && !span.unsorted) break; // sorted by start: nothing further is visible
    if (b < clipFrom || a > clipTo) continue;
    a = Math.max(a, clipFrom);
    b = Math.min(b, clipTo);
    if (b - a < 1) b = a + 1;
    const last = runs[runs.length - 1];
    if (last && a <= last[1] + mergePx) last[1] = Math.max(last[1], b);
    else runs.push([a, b]);
  }
  return runs.map(([a, b]) => `M${r(a)} ${r(y)}h${r(b - a)}v${r(height)}h${r(a - b)}Z`).join("");
}

/**
 * Vertical ticks for events (chronological), one per pixel at most: `M x y v h` sub-paths.
 * Returns the path and how many events it stands for.
 */
export function ticksPath(
  times: ArrayLike<number>,
  x: (ms: number) => number,
  y: number,
  height: number,
  clipFrom: number,
  clipTo: number,
): { d: string; count: number } {
  let d = "";
  let count = 0;
  let lastPx = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    const px = x(times[i] ?? 0);
    if (px < clipFrom || px > clipTo) continue;
    count++;
    const snapped = Math.round(px);
    if (snapped === lastPx) continue;
    lastPx = snapped;
    d += `M${snapped} ${r(y)}v${r(height)}`;
  }
  return { d, count };
}

export interface MarkerBucket<T> {
  /** px of the first item. */
  readonly px: number;
  readonly items: readonly T[];
}

/**
 * Markers (chronological items) grouped when closer than `gapPx`, so that a burst of errors draws one marker
 * with a count instead of a pile of overlapping ones.
 */
export function bucketMarkers<T extends { readonly time: number }>(
  items: readonly T[],
  x: (ms: number) => number,
  clipFrom: number,
  clipTo: number,
  gapPx: number,
): MarkerBucket<T>[] {
  const buckets: { px: number; items: T[] }[] = [];
  for (const item of items) {
    const px = x(item.time);
    if (px < clipFrom - gapPx || px > clipTo + gapPx) continue;
    const last = buckets[buckets.length - 1];
    if (last && px - last.px < gapPx) last.items.push(item);
    else buckets.push({ px, items: [item] });
  }
  return buckets;
}

/** A curved edge from (x, y1) to (x, y2), bulging right so that stacked edges stay apart. */
export function edgePath(x1: number, y1: number, x2: number, y2: number): string {
  const bulge = Math.min(24, Math.abs(y2 - y1) / 4);
  return `M${r(x1)} ${r(y1)}C${r(x1 + bulge)} ${r(y1 + (y2 - y1) / 3)} ${r(x2 + bulge)} ${r(y2 - (y2 - y1) / 3)} ${r(x2)} ${r(y2)}`;
}
