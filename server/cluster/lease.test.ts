import { afterEach, describe, expect, it } from "vitest";
import { createLease, runLeadership } from "./lease";
import { openClusterTestDb, testEngines, type ClusterTestDb } from "./test-engines";

describe.each(testEngines)("lease on %s (fake clock)", (name) => {
  let engine: ClusterTestDb | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  async function twoInstances() {
    engine = await openClusterTestDb(name);
    const clock = { t: 1_000_000 };
    const now = () => clock.t;
    const a = createLease({ db: await engine.open(), name: "observation", holder: "a", ttlMs: 15_000, now });
    const b = createLease({ db: await engine.open(), name: "observation", holder: "b", ttlMs: 15_000, now });
    return { clock, a, b };
  }

  it("has one holder at a time; the holder renews, the other takes over only once it expired", async () => {
    const { clock, a, b } = await twoInstances();
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(a.holds()).toBe(true);
    expect(b.holds()).toBe(false);
    const first = await a.state();
    expect(first).toEqual({ holder: "a", expiresAt: clock.t + 15_000, acquiredAt: clock.t });

    // Renewals keep it (and its acquisition time) however long it is held.
    for (let i = 0; i < 10; i++) {
      clock.t += 5_000;
      expect(await a.acquire()).toBe(true);
      expect(await b.acquire()).toBe(false);
    }
    expect((await a.state())?.acquiredAt).toBe(first?.acquiredAt);

    // The holder stops renewing (it died): not yet taken 1 ms before expiry, taken at expiry.
    const expiry = (await a.state())?.expiresAt ?? 0;
    clock.t = expiry - 1;
    expect(await b.acquire()).toBe(false);
    expect(a.holds()).toBe(true);
    clock.t = expiry;
    expect(a.holds()).toBe(false); // by its own clock, the old holder has stopped acting
    expect(await b.acquire()).toBe(true);
    expect(await b.state()).toEqual({ holder: "b", expiresAt: clock.t + 15_000, acquiredAt: clock.t });
    // The old holder comes back: it cannot renew what it lost.
    expect(await a.acquire()).toBe(false);
    expect(a.holds()).toBe(false);
  });

  it("is free at once after a release, and a release by a non-holder changes nothing", async () => {
    const { a, b } = await twoInstances();
    expect(await a.acquire()).toBe(true);
    await b.release();
    expect((await a.state())?.holder).toBe("a");
    await a.release();
    expect(a.holds()).toBe(false);
    expect(await a.state()).toBeUndefined();
    expect(await b.acquire()).toBe(true);
  });

  it("lets exactly one of many racing instances win a free lease", async () => {
    engine = await openClusterTestDb(name);
    const t = 5_000;
    const leases: ReturnType<typeof createLease>[] = [];
    for (let i = 0; i < 6; i++)
      leases.push(createLease({ db: await engine.open(), name: "race", holder: `i${i}`, ttlMs: 10_000, now: () => t }));
    const won = await Promise.all(leases.map((lease) => lease.acquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it("leadership: gains, fails over within the lease time when the holder dies, and releases on stop", async () => {
    const { clock, a, b } = await twoInstances();
    const events: string[] = [];
    const manual = { setInterval: () => 0, clearInterval: () => {} };
    const la = runLeadership({
      lease: a,
      everyMs: 3_000,
      onGain: () => events.push("a+"),
      onLose: () => events.push("a-"),
      ...manual,
    });
    const lb = runLeadership({
      lease: b,
      everyMs: 3_000,
      onGain: () => events.push("b+"),
      onLose: () => events.push("b-"),
      ...manual,
    });
    await la.tick();
    await lb.tick();
    expect(events).toEqual(["a+"]);
    // a dies (no more ticks); b tries every 3 s and takes over once the lease expired: within ttl + everyMs.
    const diedAt = clock.t;
    let takenAt = 0;
    while (!takenAt) {
      clock.t += 3_000;
      await lb.tick();
      if (lb.leading()) takenAt = clock.t;
      expect(clock.t - diedAt).toBeLessThanOrEqual(30_000);
    }
    expect(takenAt - diedAt).toBeLessThanOrEqual(15_000 + 3_000);
    expect(events).toEqual(["a+", "b+"]);
    // Clean shutdown of b: released, so a (back) takes over at its next attempt without waiting for expiry.
    await lb.stop();
    expect(events).toEqual(["a+", "b+", "b-"]);
    await la.tick();
    expect(events).toEqual(["a+", "b+", "b-"]); // a still thinks it leads: no second a+
    expect(la.leading()).toBe(true);
    expect((await a.state())?.holder).toBe("a");
    await la.stop();
    expect(events.at(-1)).toBe("a-");
  });

  it("leadership: a holder that cannot reach the database stops at its own deadline", async () => {
    const { clock, a } = await twoInstances();
    const events: string[] = [];
    let broken = false;
    const flaky = {
      ...a,
      acquire: () => (broken ? Promise.reject(new Error("connection refused")) : a.acquire()),
    };
    const logs: string[] = [];
    const la = runLeadership({
      lease: flaky,
      everyMs: 3_000,
      onGain: () => events.push("+"),
      onLose: () => events.push("-"),
      log: (m) => logs.push(m),
      setInterval: () => 0,
      clearInterval: () => {},
    });
    await la.tick();
    broken = true;
    clock.t += 12_000;
    await la.tick();
    expect(events).toEqual(["+"]); // still within its lease
    clock.t += 3_000;
    await la.tick();
    expect(events).toEqual(["+", "-"]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain("connection refused");
  });
});
