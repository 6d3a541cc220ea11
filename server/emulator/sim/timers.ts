import type { Clock, TimerId } from "../clock";

/**
 * Named timers on the world clock. Setting a name again replaces its timer, so "the session of stage X ends
 * at T" is one timer however often it is rescheduled. Names start with the account/region they belong to, so
 * a reset can cancel everything of one store (`clearPrefix`).
 */
export interface Timers {
  /** Run `fn` once virtual time reaches `atMs`, replacing any timer of that name. */
  set(name: string, atMs: number, fn: () => void): void;
  clear(name: string): void;
  has(name: string): boolean;
  /** Cancel every timer whose name starts with `prefix` (all timers for `""`). */
  clearPrefix(prefix: string): void;
  /** Timers scheduled and not yet fired or cleared. */
  size(): number;
}

export function createTimers(clock: Clock): Timers {
  const timers = new Map<string, TimerId>();
  const clear = (name: string) => {
    const id = timers.get(name);
    if (id === undefined) return;
    clock.clearTimer(id);
    timers.delete(name);
  };
  return {
    set(name, atMs, fn) {
      clear(name);
      const id = clock.setTimer(atMs, () => {
        if (timers.get(name) !== id) return;
        timers.delete(name);
        fn();
      });
      timers.set(name, id);
    },
    clear,
    has: (name) => timers.has(name),
    clearPrefix(prefix) {
      for (const name of [...timers.keys()]) if (name.startsWith(prefix)) clear(name);
    },
    size: () => timers.size,
  };
}
