/**
 * How long the simulated world takes for things AWS does "shortly" or "after a few minutes". All durations are
 * virtual milliseconds on the world clock (`--speed` and `--clock manual` change how fast they pass).
 */
export interface SimTiming {
  /** A stage session ends this long after its last participant left (a rejoin before then keeps it). */
  readonly sessionEndDelayMs: number;
  /** Composition STARTING → ACTIVE (destinations STARTING → ACTIVE with `startTime`). */
  readonly compositionStartDelayMs: number;
  /** Composition STOPPING → STOPPED. */
  readonly compositionStopDelayMs: number;
  /** A STOPPED or FAILED composition is deleted this long after it ended. */
  readonly compositionRemovalDelayMs: number;
  /** A running composition stops when nobody has published on its stage for this long. */
  readonly compositionIdleStopMs: number;
  /** Maximum lifetime of a composition (quota: 24 h). */
  readonly compositionMaxDurationMs: number;
  /** A destination stays RECONNECTING this long before it recovers or FAILS. */
  readonly destinationReconnectMs: number;
  /** Individual recording STARTING → ACTIVE after the participant starts publishing. */
  readonly recordingStartDelayMs: number;
  /** Individual recording STOPPING → STOPPED, on top of `recordingReconnectWindowSeconds`. */
  readonly recordingStopDelayMs: number;
}

export const defaultTiming: SimTiming = {
  sessionEndDelayMs: 120_000,
  compositionStartDelayMs: 3_000,
  compositionStopDelayMs: 2_000,
  compositionRemovalDelayMs: 300_000,
  compositionIdleStopMs: 60_000,
  compositionMaxDurationMs: 24 * 60 * 60_000,
  destinationReconnectMs: 10_000,
  recordingStartDelayMs: 2_000,
  recordingStopDelayMs: 2_000,
};
