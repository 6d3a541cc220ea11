/**
 * The emulator's one source of time. Everything time-related (sessions, compositions, token expiry,
 * the rate limiter, the SigV4 clock-skew window, the `Date` response header) reads `now()` and
 * schedules with `setTimer()`, so tests can drive time with `manualClock` and demos can run faster
 * with `realClock(speed)`.
 */

declare const timerIdBrand: unique symbol;
/** An opaque timer handle (a positive integer at runtime). */
export type TimerId = number & { readonly [timerIdBrand]: true };

export interface Clock {
  /** Current virtual time in epoch milliseconds. */
  now(): number;
  /** Run `fn` once virtual time reaches `atMs` (epoch ms). A time in the past fires as soon as possible. */
  setTimer(atMs: number, fn: () => void): TimerId;
  /** Cancel a timer; unknown or already-fired ids are ignored. */
  clearTimer(id: TimerId): void;
}

export interface ManualClock extends Clock {
  /** Move time forward by `ms` (≥ 0), firing every timer that becomes due, in time order. */
  advance(ms: number): void;
  /** Move time forward to `atMs` (must not be earlier than `now()`), firing due timers in time order. */
  advanceTo(atMs: number): void;
  /** Number of timers scheduled and not yet fired or cleared. */
  pendingTimers(): number;
}

/** Node's setTimeout cannot wait longer than 2^31-1 ms; longer waits are chained. */
const maxTimeoutMs = 2_147_483_647;

/**
 * Real time, optionally accelerated: virtual time equals wall-clock time at creation and then runs
 * `speed`× faster. Timers use Node timers (unref'd, so they never keep the process alive on their own).
 */
export function realClock(speed = 1): Clock {
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  const startWall = Date.now();
  const startMono = performance.now();
  const now = () => startWall + (performance.now() - startMono) * speed;

  let nextId = 1;
  const handles = new Map<number, NodeJS.Timeout>();

  const arm = (id: number, atMs: number, fn: () => void) => {
    const delay = Math.max(0, (atMs - now()) / speed);
    const handle = setTimeout(
      () => {
        if (!handles.has(id)) return;
        if (delay > maxTimeoutMs) {
          arm(id, atMs, fn);
          return;
        }
        handles.delete(id);
        fn();
      },
      Math.min(Math.ceil(delay), maxTimeoutMs),
    );
    handle.unref();
    handles.set(id, handle);
  };

  return {
    now,
    setTimer(atMs, fn) {
      const id = nextId++;
      arm(id, atMs, fn);
      return id as TimerId;
    },
    clearTimer(id) {
      const handle = handles.get(id);
      if (handle === undefined) return;
      clearTimeout(handle);
      handles.delete(id);
    },
  };
}

interface ManualTimer {
  readonly id: number;
  readonly atMs: number;
  readonly fn: () => void;
}

/**
 * Time that moves only when told to. Timers fire during `advance`/`advanceTo`, ordered by due time
 * (ties in scheduling order); while a timer runs, `now()` equals its due time (or the current time
 * if it was scheduled in the past). Timers scheduled by a firing timer also fire if they fall due
 * before the advance target.
 */
export function manualClock(startMs: number): ManualClock {
  if (!Number.isFinite(startMs)) throw new RangeError(`manualClock start must be a finite number, got ${startMs}`);
  let current = startMs;
  let nextId = 1;
  const timers = new Map<number, ManualTimer>();

  const nextDue = (limit: number): ManualTimer | undefined => {
    let best: ManualTimer | undefined;
    for (const timer of timers.values()) {
      if (timer.atMs > limit) continue;
      if (best === undefined || timer.atMs < best.atMs || (timer.atMs === best.atMs && timer.id < best.id)) best = timer;
    }
    return best;
  };

  const advanceTo = (target: number) => {
    if (!Number.isFinite(target)) throw new RangeError(`cannot advance to ${target}`);
    if (target < current) throw new RangeError(`cannot move a manual clock backwards (${target} < ${current})`);
    for (let timer = nextDue(target); timer !== undefined; timer = nextDue(target)) {
      timers.delete(timer.id);
      current = Math.max(current, timer.atMs);
      timer.fn();
    }
    current = target;
  };

  return {
    now: () => current,
    setTimer(atMs, fn) {
      const id = nextId++;
      timers.set(id, { id, atMs, fn });
      return id as TimerId;
    },
    clearTimer(id) {
      timers.delete(id);
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance() needs a non-negative duration, got ${ms}`);
      advanceTo(current + ms);
    },
    advanceTo,
    pendingTimers: () => timers.size,
  };
}
