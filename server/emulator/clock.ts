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
 * Real time, optionally accelerated: virtual time equals `startMs` (default: wall-clock time) at creation and
 * then runs `speed`× faster. Timers use Node timers (unref'd, so they never keep the process alive on their own).
 */
export function realClock(speed = 1, startMs: number = Date.now()): Clock {
  if (!Number.isFinite(speed) || speed <= 0)
    throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  if (!Number.isFinite(startMs)) throw new RangeError(`realClock start must be a finite number, got ${startMs}`);
  const startWall = startMs;
  const startMono = performance.now();
  const now = () => startWall + (performance.now() - startMono) * speed;

  let nextId = 1;
  const handles = new Map<number, NodeJS.Timeout>();

  const arm = (id: number, atMs: number, fn: () => void) => {
    const delay = Math.max(0, (atMs - now()) / speed);
    const handle = setTimeout(
      () => {
        if (!handles.has(id)) return;
        // Node timers have millisecond granularity and may fire a fraction early: wait for the due time.
        if (delay > maxTimeoutMs || now() < atMs) {
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
      if (best === undefined || timer.atMs < best.atMs || (timer.atMs === best.atMs && timer.id < best.id))
        best = timer;
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

/** A clock that is scripted first and then runs on its own: see `scriptedClock`. */
export interface ScriptedClock extends ManualClock {
  /** `manual` until `goLive`, then `real`. */
  mode(): "manual" | "real";
  /**
   * From now on virtual time follows the machine's clock, continuing from `now()` and running `speed`× faster;
   * pending timers carry over (a timer already due fires as soon as possible). After this, `advance` and
   * `advanceTo` throw. Can be called once.
   */
  goLive(speed?: number): void;
}

interface ScriptedTimer {
  readonly id: number;
  readonly atMs: number;
  readonly fn: () => void;
  /** The id of the real timer that carries it once the clock is live. */
  liveId?: TimerId;
}

/**
 * A manual clock that can later switch to real time. The demo world uses it to write history: it starts at
 * "now minus a few hours", the simulation runs while the clock is advanced to the present (every timer fires
 * in order, instantly), then `goLive()` hands over to real time so the world keeps moving on its own.
 *
 * While manual it behaves exactly like `manualClock` (due timers fire in time order, ties in scheduling order,
 * `now()` is the timer's due time while it runs), with a binary heap so hours of simulated activity stay fast.
 */
export function scriptedClock(startMs: number): ScriptedClock {
  if (!Number.isFinite(startMs)) throw new RangeError(`scriptedClock start must be a finite number, got ${startMs}`);
  let current = startMs;
  let nextId = 1;
  let live: Clock | undefined;
  const timers = new Map<number, ScriptedTimer>();
  /** Min-heap on (atMs, id); entries of cleared timers are skipped when they surface. */
  const heap: ScriptedTimer[] = [];

  const before = (a: ScriptedTimer, b: ScriptedTimer) => a.atMs < b.atMs || (a.atMs === b.atMs && a.id < b.id);
  const swap = (i: number, j: number) => {
    const a = heap[i] as ScriptedTimer;
    heap[i] = heap[j] as ScriptedTimer;
    heap[j] = a;
  };
  const push = (timer: ScriptedTimer) => {
    heap.push(timer);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as ScriptedTimer, heap[parent] as ScriptedTimer)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = (): ScriptedTimer | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left] as ScriptedTimer, heap[smallest] as ScriptedTimer)) smallest = left;
      if (right < heap.length && before(heap[right] as ScriptedTimer, heap[smallest] as ScriptedTimer))
        smallest = right;
      if (smallest === i) break;
      swap(i, smallest);
      i = smallest;
    }
    return top;
  };

  const armLive = (clock: Clock, timer: ScriptedTimer) => {
    timer.liveId = clock.setTimer(timer.atMs, () => {
      if (timers.get(timer.id) !== timer) return;
      timers.delete(timer.id);
      timer.fn();
    });
  };

  const advanceTo = (target: number) => {
    if (live) throw new Error("the clock runs in real time now; it can no longer be advanced");
    if (!Number.isFinite(target)) throw new RangeError(`cannot advance to ${target}`);
    if (target < current) throw new RangeError(`cannot move a manual clock backwards (${target} < ${current})`);
    for (let top = heap[0]; top !== undefined && top.atMs <= target; top = heap[0]) {
      pop();
      if (timers.get(top.id) !== top) continue;
      timers.delete(top.id);
      current = Math.max(current, top.atMs);
      top.fn();
      if (live) return; // a timer switched the clock to real time
    }
    current = target;
  };

  return {
    now: () => (live ? live.now() : current),
    setTimer(atMs, fn) {
      const timer: ScriptedTimer = { id: nextId++, atMs, fn };
      timers.set(timer.id, timer);
      if (live) armLive(live, timer);
      else push(timer);
      return timer.id as TimerId;
    },
    clearTimer(id) {
      const timer = timers.get(id);
      if (timer === undefined) return;
      timers.delete(id);
      if (live && timer.liveId !== undefined) live.clearTimer(timer.liveId);
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance() needs a non-negative duration, got ${ms}`);
      advanceTo(current + ms);
    },
    advanceTo,
    pendingTimers: () => timers.size,
    mode: () => (live ? "real" : "manual"),
    goLive(speed = 1) {
      if (live) throw new Error("the clock is already live");
      const clock = realClock(speed, current);
      live = clock;
      const pending: ScriptedTimer[] = [];
      for (let timer = pop(); timer !== undefined; timer = pop())
        if (timers.get(timer.id) === timer) pending.push(timer);
      for (const timer of pending) armLive(clock, timer);
    },
  };
}
