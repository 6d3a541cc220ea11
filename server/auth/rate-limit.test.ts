import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase } from "@/server/db/testing";
import { createSignInLimiter, describeWait } from "./rate-limit";

const minute = 60_000;

describe.each(testEngines)("sign-in throttling on %s", (engine) => {
  let now = 0;
  let handle: TestDatabase;
  let limiter: ReturnType<typeof createSignInLimiter>;
  const options = { now: () => now, maxPerUser: 5, maxPerIp: 20, lockoutMs: 15 * minute };

  beforeEach(async () => {
    now = Date.UTC(2026, 10, 25, 9, 0, 0);
    handle = await openTestDatabase(engine);
    limiter = createSignInLimiter(async () => handle, options);
  });
  afterEach(() => handle.close());

  it("locks a user name for 15 minutes after 5 failures", async () => {
    for (let i = 0; i < 4; i++) {
      await limiter.recordFailure("jane", "198.51.100.1");
      now += 10_000;
    }
    expect(await limiter.check("jane", "198.51.100.1")).toEqual({ locked: false });
    await limiter.recordFailure("jane", "198.51.100.1");
    expect(await limiter.check("jane", "198.51.100.1")).toEqual({ locked: true, retryAfterMs: 15 * minute });
    // From any address, and whatever the case of the name.
    expect((await limiter.check("JANE", "192.0.2.9")).locked).toBe(true);
    now += 14 * minute;
    expect(await limiter.check("jane", "192.0.2.9")).toEqual({ locked: true, retryAfterMs: minute });
    now += minute;
    expect(await limiter.check("jane", "192.0.2.9")).toEqual({ locked: false });
  });

  it("counts failures recorded by every limiter sharing the database (instances)", async () => {
    const other = createSignInLimiter(async () => handle, options);
    for (let i = 0; i < 5; i++) await (i % 2 ? other : limiter).recordFailure("jane", `198.51.100.${i}`);
    expect((await limiter.check("jane", "192.0.2.9")).locked).toBe(true);
    expect((await other.check("jane", "192.0.2.9")).locked).toBe(true);
  });

  it("does not lock other users", async () => {
    for (let i = 0; i < 5; i++) await limiter.recordFailure("jane", "198.51.100.1");
    expect(await limiter.check("john", "192.0.2.9")).toEqual({ locked: false });
  });

  it("locks an address after 20 failures across user names", async () => {
    for (let i = 0; i < 20; i++) await limiter.recordFailure(`user${i}`, "198.51.100.1");
    expect((await limiter.check("someone-else", "198.51.100.1")).locked).toBe(true);
    expect((await limiter.check("someone-else", "192.0.2.9")).locked).toBe(false);
  });

  it("forgets failures older than the window, and a success clears the user name's failures", async () => {
    for (let i = 0; i < 4; i++) await limiter.recordFailure("jane", "198.51.100.1");
    now += 16 * minute;
    await limiter.recordFailure("jane", "198.51.100.1");
    expect((await limiter.check("jane", "198.51.100.1")).locked).toBe(false);
    for (let i = 0; i < 3; i++) await limiter.recordFailure("jane", "198.51.100.1");
    await limiter.recordSuccess("jane");
    await limiter.recordFailure("jane", "198.51.100.1");
    expect((await limiter.check("jane", "198.51.100.1")).locked).toBe(false);
  });
});

describe("sign-in wait", () => {
  it("says how long to wait", () => {
    expect(describeWait(15 * minute)).toBe("15 minutes");
    expect(describeWait(minute)).toBe("1 minute");
    expect(describeWait(61_000)).toBe("2 minutes");
    expect(describeWait(40_000)).toBe("40 seconds");
    expect(describeWait(1)).toBe("1 second");
  });
});
