import { beforeEach, describe, expect, it } from "vitest";
import { createSignInLimiter, describeWait } from "./rate-limit";
import { freshAuthDb } from "./test-db";

const minute = 60_000;
let now = 0;
let limiter: ReturnType<typeof createSignInLimiter>;

beforeEach(() => {
  now = Date.UTC(2026, 10, 25, 9, 0, 0);
  limiter = createSignInLimiter(freshAuthDb(), { now: () => now, maxPerUser: 5, maxPerIp: 20, lockoutMs: 15 * minute });
});

describe("sign-in throttling", () => {
  it("locks a user name for 15 minutes after 5 failures", () => {
    for (let i = 0; i < 4; i++) {
      limiter.recordFailure("jane", "198.51.100.1");
      now += 10_000;
    }
    expect(limiter.check("jane", "198.51.100.1")).toEqual({ locked: false });
    limiter.recordFailure("jane", "198.51.100.1");
    expect(limiter.check("jane", "198.51.100.1")).toEqual({ locked: true, retryAfterMs: 15 * minute });
    // From any address, and whatever the case of the name.
    expect(limiter.check("JANE", "192.0.2.9").locked).toBe(true);
    now += 14 * minute;
    expect(limiter.check("jane", "192.0.2.9")).toEqual({ locked: true, retryAfterMs: minute });
    now += minute;
    expect(limiter.check("jane", "192.0.2.9")).toEqual({ locked: false });
  });

  it("does not lock other users", () => {
    for (let i = 0; i < 5; i++) limiter.recordFailure("jane", "198.51.100.1");
    expect(limiter.check("john", "192.0.2.9")).toEqual({ locked: false });
  });

  it("locks an address after 20 failures across user names", () => {
    for (let i = 0; i < 20; i++) limiter.recordFailure(`user${i}`, "198.51.100.1");
    expect(limiter.check("someone-else", "198.51.100.1").locked).toBe(true);
    expect(limiter.check("someone-else", "192.0.2.9").locked).toBe(false);
  });

  it("forgets failures older than the window, and a success clears the user name's failures", () => {
    for (let i = 0; i < 4; i++) limiter.recordFailure("jane", "198.51.100.1");
    now += 16 * minute;
    limiter.recordFailure("jane", "198.51.100.1");
    expect(limiter.check("jane", "198.51.100.1").locked).toBe(false);
    for (let i = 0; i < 3; i++) limiter.recordFailure("jane", "198.51.100.1");
    limiter.recordSuccess("jane");
    limiter.recordFailure("jane", "198.51.100.1");
    expect(limiter.check("jane", "198.51.100.1").locked).toBe(false);
  });

  it("says how long to wait", () => {
    expect(describeWait(15 * minute)).toBe("15 minutes");
    expect(describeWait(minute)).toBe("1 minute");
    expect(describeWait(61_000)).toBe("2 minutes");
    expect(describeWait(40_000)).toBe("40 seconds");
    expect(describeWait(1)).toBe("1 second");
  });
});
