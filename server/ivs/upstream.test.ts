import { describe, expect, it, vi } from "vitest";
import { sampleArns } from "@/lib/ivs/samples";
import { IvsError } from "./errors";
import { TokenBucket } from "./token-bucket";
import type { Transport } from "./transport";
import { createBudget } from "./budget";
import { createUpstream } from "./upstream";

/** Each test its own budget (the process-wide one is shared by design). */
function ownBudget() {
  const budget = createBudget();
  return () => budget;
}

/** A transport stand-in that counts calls and answers after a short delay (cache logic only). */
function countingTransport(
  answer: (n: number) => unknown = (n) => ({ stage: { arn: sampleArns.stage, name: `v${n}` } }),
  delayMs = 5,
) {
  let calls = 0;
  const transport = {
    call: vi.fn(async () => {
      calls++;
      const n = calls;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const value = answer(n);
      if (value instanceof Error) throw value;
      return value;
    }),
  } as unknown as Transport;
  return { transport, calls: () => calls };
}

describe("token bucket", () => {
  it("allows a burst of `capacity`, then paces at `rate` per second", () => {
    let t = 0;
    const bucket = new TokenBucket(5, 5, () => t);
    expect(Array.from({ length: 6 }, () => bucket.tryTake())).toEqual([true, true, true, true, true, false]);
    t += 200; // one token back after 1/5 s
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });

  it("queues waiters first come first served", async () => {
    const bucket = new TokenBucket(50, 1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => bucket.take().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
  });
});

describe("upstream cache", () => {
  const region = "us-west-2";

  it("single-flight: 50 concurrent identical reads make one upstream call", async () => {
    const fake = countingTransport();
    const upstream = createUpstream(() => fake.transport, Date.now, ownBudget());
    const results = await Promise.all(
      Array.from({ length: 50 }, () => upstream.read("GetStage", { arn: sampleArns.stage }, { region })),
    );
    expect(fake.calls()).toBe(1);
    expect(new Set(results.map((r) => r.fetchedAt)).size).toBe(1);
    expect(upstream.stats).toMatchObject({ calls: 1, joined: 49 });
  });

  it("serves from cache within maxAge and refetches after it", async () => {
    let t = 1_000;
    const fake = countingTransport();
    const upstream = createUpstream(
      () => fake.transport,
      () => t,
      ownBudget(),
    );
    await upstream.read("GetStage", { arn: sampleArns.stage }, { region });
    t += 2_000;
    const cached = await upstream.read("GetStage", { arn: sampleArns.stage }, { region });
    expect(cached.data.stage?.name).toBe("v1");
    t += 1_000;
    const fresh = await upstream.read("GetStage", { arn: sampleArns.stage }, { region });
    expect(fresh.data.stage?.name).toBe("v2");
    expect(fake.calls()).toBe(2);
  });

  it("keys by input (member order does not matter), region and profile", async () => {
    const fake = countingTransport(() => ({ participants: [] }));
    const upstream = createUpstream(() => fake.transport, Date.now, ownBudget());
    const a = { stageArn: sampleArns.stage, sessionId: "st-a1b2c3d4e5f6g" };
    await upstream.read("ListParticipants", a, { region });
    await upstream.read("ListParticipants", { sessionId: a.sessionId, stageArn: a.stageArn }, { region });
    await upstream.read("ListParticipants", a, { region: "us-east-1" });
    await upstream.read("ListParticipants", a, { region, profile: "other" });
    await upstream.read("ListParticipants", { ...a, filterByState: "CONNECTED" }, { region });
    expect(fake.calls()).toBe(4);
  });

  it("serves the last answer, flagged stale, when IVS throttles; throws when there is nothing to serve", async () => {
    let t = 0;
    const throttled = new IvsError({
      kind: "service",
      code: "ThrottlingException",
      message: "Rate exceeded",
      operation: "GetStage",
      status: 429,
      retryable: true,
    });
    const fake = countingTransport((n) => (n === 1 ? { stage: { arn: sampleArns.stage } } : throttled));
    const upstream = createUpstream(
      () => fake.transport,
      () => t,
      ownBudget(),
    );
    await upstream.read("GetStage", { arn: sampleArns.stage }, { region });
    t += 10_000;
    const stale = await upstream.read("GetStage", { arn: sampleArns.stage }, { region });
    expect(stale).toMatchObject({ stale: true, fetchedAt: 0, degraded: { code: "ThrottlingException" } });
    await expect(upstream.read("GetStage", { arn: sampleArns.stage2 }, { region })).rejects.toBe(throttled);
  });

  it("does not serve stale data for non-retryable errors (e.g. the resource was deleted)", async () => {
    let t = 0;
    const gone = new IvsError({
      kind: "service",
      code: "ResourceNotFoundException",
      message: "gone",
      operation: "GetStage",
      status: 404,
      retryable: false,
    });
    const fake = countingTransport((n) => (n === 1 ? { stage: { arn: sampleArns.stage } } : gone));
    const upstream = createUpstream(
      () => fake.transport,
      () => t,
      ownBudget(),
    );
    await upstream.read("GetStage", { arn: sampleArns.stage }, { region });
    t += 10_000;
    await expect(upstream.read("GetStage", { arn: sampleArns.stage }, { region })).rejects.toBe(gone);
  });

  it("invalidate() drops a region's answers so the next read is fresh", async () => {
    const fake = countingTransport();
    const upstream = createUpstream(() => fake.transport, Date.now, ownBudget());
    await upstream.read("GetStage", { arn: sampleArns.stage }, { region });
    await upstream.read("GetStage", { arn: sampleArns.stage }, { region: "us-east-1" });
    upstream.invalidate({ region });
    await upstream.read("GetStage", { arn: sampleArns.stage }, { region });
    await upstream.read("GetStage", { arn: sampleArns.stage }, { region: "us-east-1" });
    expect(fake.calls()).toBe(3);
  });

  it("paces upstream calls at the operation's quota (5 TPS → at most 4 per second with headroom)", async () => {
    const fake = countingTransport(() => ({ stage: { arn: sampleArns.stage } }), 0);
    const upstream = createUpstream(() => fake.transport, Date.now, ownBudget());
    const started = performance.now();
    // 8 different stages: no coalescing possible, so the bucket must pace them.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => upstream.read("GetStage", { arn: `${sampleArns.stage}${i}` }, { region })),
    );
    const elapsed = performance.now() - started;
    expect(fake.calls()).toBe(8);
    expect(elapsed).toBeGreaterThanOrEqual(900); // 4 immediately, 4 more at 4/s
  });

  it("refuses mutating operations", async () => {
    const upstream = createUpstream(() => countingTransport().transport, Date.now, ownBudget());
    await expect(upstream.read("DeleteStage" as "GetStage", { arn: sampleArns.stage })).rejects.toThrow(/not a read/);
  });
});
