import { describe, expect, it } from "vitest";
import { manualClock } from "@/server/emulator/clock";
import { EmulatorError } from "@/server/emulator/errors";
import { createRateLimiter, defaultTps } from "@/server/emulator/http/rate-limiter";

const key = { account: "123456789012", region: "us-east-1", operation: "GetStage" };

function throttleOf(fn: () => void): EmulatorError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorError);
    return error as EmulatorError;
  }
  throw new Error("expected throttling");
}

describe("rate limiter", () => {
  it("allows a burst of `tps` calls, then answers 429 ThrottlingException with Retry-After", () => {
    const clock = manualClock(0);
    const limiter = createRateLimiter({ clock, enabled: true });
    for (let i = 0; i < 5; i++) limiter.take(key, 5);
    const error = throttleOf(() => limiter.take(key, 5));
    expect(error.status).toBe(429);
    expect(error.code).toBe("ThrottlingException");
    expect(error.message).toBe("Rate exceeded");
    expect(error.bodyKey).toBe("message");
    expect(error.headers["Retry-After"]).toBe("1");
  });

  it("refills `tps` tokens per second of clock time", () => {
    const clock = manualClock(0);
    const limiter = createRateLimiter({ clock, enabled: true });
    for (let i = 0; i < 5; i++) limiter.take(key, 5);
    expect(() => limiter.take(key, 5)).toThrow(EmulatorError);
    clock.advance(199);
    expect(() => limiter.take(key, 5)).toThrow(EmulatorError);
    clock.advance(1);
    limiter.take(key, 5);
    expect(() => limiter.take(key, 5)).toThrow(EmulatorError);
    clock.advance(10_000);
    for (let i = 0; i < 5; i++) limiter.take(key, 5); // capacity stays at tps
    expect(() => limiter.take(key, 5)).toThrow(EmulatorError);
  });

  it("keeps separate buckets per account, region and operation", () => {
    const limiter = createRateLimiter({ clock: manualClock(0), enabled: true });
    for (let i = 0; i < 3; i++) limiter.take(key, 3);
    expect(() => limiter.take(key, 3)).toThrow(EmulatorError);
    limiter.take({ ...key, account: "210987654321" }, 3);
    limiter.take({ ...key, region: "us-west-2" }, 3);
    limiter.take({ ...key, operation: "ListStages" }, 3);
  });

  it("uses 5 TPS for operations without a documented quota", () => {
    const limiter = createRateLimiter({ clock: manualClock(0), enabled: true });
    for (let i = 0; i < defaultTps; i++) limiter.take(key, undefined);
    expect(() => limiter.take(key, undefined)).toThrow(EmulatorError);
  });

  it("computes Retry-After in whole seconds for slow rates", () => {
    const clock = manualClock(0);
    const limiter = createRateLimiter({ clock, enabled: true });
    limiter.take(key, 0.25);
    expect(throttleOf(() => limiter.take(key, 0.25)).headers["Retry-After"]).toBe("4");
  });

  it("lets everything through when disabled (--quotas off)", () => {
    const limiter = createRateLimiter({ clock: manualClock(0), enabled: false });
    for (let i = 0; i < 1000; i++) limiter.take(key, 5);
  });
});
