/**
 * How complete the console's observation of a session (or of everything live) is: what the views say in
 * their status line. Pure and isomorphic: the server computes it from the store, the browser renders it.
 */
export interface Coverage {
  /** The collector has listed this subject at least once. */
  readonly observed: boolean;
  /** Participants whose events have not been read since they last changed. */
  readonly pending: number;
  /** Participants known. */
  readonly total: number;
  /** Everything shown was read at or after this time (ms since epoch); absent until observed. */
  readonly asOf?: number;
  /** What `pending` and `total` count (default participants). */
  readonly unit?: "participants" | "sessions";
}

export function isComplete(coverage: Coverage): boolean {
  return coverage.observed && coverage.pending === 0;
}

/** Adds up the coverage of several subjects (the overview's live sessions). */
export function combineCoverage(parts: readonly Coverage[]): Coverage {
  if (parts.length === 0) return { observed: true, pending: 0, total: 0 };
  let asOf: number | undefined;
  for (const part of parts)
    if (part.asOf !== undefined) asOf = asOf === undefined ? part.asOf : Math.min(asOf, part.asOf);
  return {
    observed: parts.every((part) => part.observed),
    pending: parts.reduce((sum, part) => sum + part.pending, 0),
    total: parts.reduce((sum, part) => sum + part.total, 0),
    ...(asOf !== undefined ? { asOf } : {}),
  };
}

/** "Complete as of 2 s ago", "Catching up: 12 of 74 participants pending", "Waiting for the first read". */
export function coverageText(coverage: Coverage, now: number): string {
  if (!coverage.observed) return "Catching up: waiting for the first read of this session";
  if (coverage.pending > 0) {
    const unit = coverage.unit === "sessions" ? "session" : "participant";
    return `Catching up: ${coverage.pending} of ${coverage.total} ${unit}${coverage.total === 1 ? "" : "s"} pending`;
  }
  const age = coverage.asOf === undefined ? 0 : Math.max(0, Math.round((now - coverage.asOf) / 1000));
  return `Complete as of ${age} s ago`;
}
