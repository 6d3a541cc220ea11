import { describe, expect, it, vi } from "vitest";
import { manualClock, realClock, scriptedClock, type Clock } from "@/server/emulator/clock";

describe("manualClock", () => {
  it("starts at the given instant and only moves when advanced", () => {
    const clock = manualClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_250);
    clock.advanceTo(2_000);
    expect(clock.now()).toBe(2_000);
  });

  it("fires due timers in time order, with now() at each timer's due time", () => {
    const clock = manualClock(0);
    const fired: Array<[string, number]> = [];
    clock.setTimer(300, () => fired.push(["c", clock.now()]));
    clock.setTimer(100, () => fired.push(["a", clock.now()]));
    clock.setTimer(200, () => fired.push(["b", clock.now()]));
    clock.setTimer(900, () => fired.push(["late", clock.now()]));
    clock.advance(500);
    expect(fired).toEqual([
      ["a", 100],
      ["b", 200],
      ["c", 300],
    ]);
    expect(clock.now()).toBe(500);
    expect(clock.pendingTimers()).toBe(1);
  });

  it("fires timers with equal due times in scheduling order", () => {
    const clock = manualClock(0);
    const fired: string[] = [];
    clock.setTimer(10, () => fired.push("first"));
    clock.setTimer(10, () => fired.push("second"));
    clock.advance(10);
    expect(fired).toEqual(["first", "second"]);
  });

  it("fires timers scheduled by timers during the same advance when they are due", () => {
    const clock = manualClock(0);
    const fired: number[] = [];
    clock.setTimer(100, () => {
      fired.push(clock.now());
      clock.setTimer(clock.now() + 100, () => fired.push(clock.now()));
      clock.setTimer(clock.now() + 1_000, () => fired.push(clock.now()));
    });
    clock.advance(500);
    expect(fired).toEqual([100, 200]);
    clock.advance(600);
    expect(fired).toEqual([100, 200, 1_100]);
  });

  it("fires a timer scheduled in the past on the next advance, at the current time", () => {
    const clock = manualClock(1_000);
    const seen: number[] = [];
    clock.setTimer(10, () => seen.push(clock.now()));
    expect(seen).toEqual([]);
    clock.advance(0);
    expect(seen).toEqual([1_000]);
  });

  it("does not fire cleared timers", () => {
    const clock = manualClock(0);
    let fired = false;
    const id = clock.setTimer(10, () => (fired = true));
    clock.clearTimer(id);
    clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("lets a timer clear a later timer", () => {
    const clock = manualClock(0);
    const fired: string[] = [];
    const later = clock.setTimer(20, () => fired.push("later"));
    clock.setTimer(10, () => {
      fired.push("early");
      clock.clearTimer(later);
    });
    clock.advance(100);
    expect(fired).toEqual(["early"]);
  });

  it("refuses to go backwards or by a negative amount", () => {
    const clock = manualClock(100);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advanceTo(99)).toThrow(RangeError);
    expect(() => manualClock(Number.NaN)).toThrow(RangeError);
  });
});

/** With the machine's clock faked: a timer 20 virtual seconds ahead on a 1000× clock fires after 20 ms, not 19. */
function expectArmedAtSpeed(make: () => Clock): void {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
  try {
    const clock = make();
    const due = clock.now() + 20_000;
    let firedAt: number | undefined;
    clock.setTimer(due, () => (firedAt = clock.now()));
    vi.advanceTimersByTime(19);
    expect(firedAt).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(firedAt).toBe(due);
  } finally {
    vi.useRealTimers();
  }
}

describe("realClock", () => {
  // Bounds are measured around each step (not fixed margins), so a busy machine cannot break them.
  it("starts at wall-clock time", () => {
    const before = Date.now();
    const at = realClock().now();
    const after = Date.now();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after + 1); // Date.now() is whole milliseconds
  });

  it("runs speed× faster than wall-clock time", async () => {
    const clock = realClock(100);
    const outerStart = performance.now();
    const start = clock.now();
    const innerStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const innerEnd = performance.now();
    const elapsed = clock.now() - start;
    const outerEnd = performance.now();
    expect(innerEnd - innerStart).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeGreaterThanOrEqual(100 * (innerEnd - innerStart) - 1e-6);
    expect(elapsed).toBeLessThanOrEqual(100 * (outerEnd - outerStart) + 1e-6);
  });

  it("fires timers at virtual due times (accelerated)", async () => {
    const clock = realClock(1_000);
    const due = clock.now() + 20_000; // 20 virtual seconds = 20 real ms
    const firedAt = await new Promise<number>((resolve) => clock.setTimer(due, () => resolve(clock.now())));
    expect(firedAt).toBeGreaterThanOrEqual(due);
  });

  it("arms the machine's timer for the virtual delay divided by the speed", () => {
    expectArmedAtSpeed(() => realClock(1_000));
  });

  it("does not fire cleared timers", async () => {
    const clock = realClock();
    let fired = false;
    const id = clock.setTimer(clock.now() + 5, () => (fired = true));
    clock.clearTimer(id);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fired).toBe(false);
  });

  it("can start at a given virtual instant", () => {
    const before = performance.now();
    const clock = realClock(1, 5_000);
    const at = clock.now();
    const after = performance.now();
    expect(at).toBeGreaterThanOrEqual(5_000);
    expect(at).toBeLessThanOrEqual(5_000 + (after - before) + 1e-6);
    expect(() => realClock(1, Number.NaN)).toThrow(RangeError);
  });

  it("rejects a non-positive speed", () => {
    expect(() => realClock(0)).toThrow(RangeError);
    expect(() => realClock(-2)).toThrow(RangeError);
    expect(() => realClock(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("scriptedClock", () => {
  it("behaves like a manual clock until it goes live", () => {
    const clock = scriptedClock(0);
    const fired: Array<[string, number]> = [];
    clock.setTimer(300, () => fired.push(["c", clock.now()]));
    clock.setTimer(100, () => fired.push(["a", clock.now()]));
    const cleared = clock.setTimer(150, () => fired.push(["cleared", clock.now()]));
    clock.setTimer(100, () => fired.push(["a2", clock.now()]));
    clock.setTimer(900, () => fired.push(["late", clock.now()]));
    clock.clearTimer(cleared);
    clock.advance(500);
    expect(fired).toEqual([
      ["a", 100],
      ["a2", 100],
      ["c", 300],
    ]);
    expect(clock.now()).toBe(500);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.mode()).toBe("manual");
    expect(() => clock.advanceTo(499)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it("fires timers scheduled by firing timers in the same advance, in order", () => {
    const clock = scriptedClock(0);
    const fired: number[] = [];
    let links = 0;
    const chain = () => {
      fired.push(clock.now());
      if (++links < 5) clock.setTimer(clock.now() + 10, chain);
    };
    clock.setTimer(10, chain);
    clock.setTimer(35, () => fired.push(-clock.now()));
    clock.advanceTo(1_000);
    expect(fired).toEqual([10, 20, 30, -35, 40, 50]);
  });

  it("stays fast with many timers (a heap, not a scan)", () => {
    const clock = scriptedClock(0);
    let count = 0;
    for (let i = 0; i < 20_000; i++) clock.setTimer((i * 7919) % 100_000, () => count++);
    clock.advanceTo(100_000);
    expect(count).toBe(20_000);
  });

  it("goes live from the scripted instant, carries pending timers over, and can no longer be advanced", async () => {
    const past = Date.now() - 3 * 60 * 60_000;
    const clock = scriptedClock(past);
    clock.advanceTo(past + 60_000);
    const now = Date.now();
    clock.advanceTo(now);
    let fired = false;
    const soon = new Promise<number>((resolve) => clock.setTimer(now + 20, () => resolve(clock.now())));
    const cleared = clock.setTimer(now + 10, () => (fired = true));
    clock.clearTimer(cleared);
    const before = performance.now();
    clock.goLive();
    const at = clock.now();
    const after = performance.now();
    expect(clock.mode()).toBe("real");
    expect(at).toBeGreaterThanOrEqual(now);
    expect(at).toBeLessThanOrEqual(now + (after - before) + 1e-6); // continues from the scripted instant
    expect(await soon).toBeGreaterThanOrEqual(now + 20);
    expect(fired).toBe(false);
    expect(() => clock.advance(1)).toThrow(/real time/);
    expect(() => clock.goLive()).toThrow(/already live/);
    const later = new Promise<number>((resolve) => clock.setTimer(clock.now() + 5, () => resolve(1)));
    expect(await later).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("runs speed× faster once live", async () => {
    const clock = scriptedClock(0);
    clock.goLive(1_000);
    const due = clock.now() + 20_000;
    const firedAt = await new Promise<number>((resolve) => clock.setTimer(due, () => resolve(clock.now())));
    expect(firedAt).toBeGreaterThanOrEqual(due);
  });

  it("once live, arms the machine's timer for the virtual delay divided by the speed", () => {
    expectArmedAtSpeed(() => {
      const clock = scriptedClock(0);
      clock.goLive(1_000);
      return clock;
    });
  });
});
