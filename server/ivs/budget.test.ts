import { afterEach, describe, expect, it } from "vitest";
import { openClusterTestDb, testEngines, type ClusterTestDb } from "@/server/cluster/test-engines";
import { createBudget, createSharedBudget, sharedSpacingMs } from "./budget";

describe("IVS read budget (fake clock)", () => {
  it("allows at most 80 % of an operation's TPS quota per scope, shared by every caller", () => {
    let t = 0;
    const budget = createBudget(() => t);
    const scope = { region: "us-east-1", profile: "" };
    // ListParticipantEvents: 5 TPS documented → 4 per second, spaced 250 ms apart (no burst).
    const granted = () =>
      Array.from({ length: 10 }, () => budget.tryTake(scope, "ListParticipantEvents")).filter(Boolean).length;
    expect(granted()).toBe(1);
    t += 500;
    expect(granted()).toBe(1);
    t += 250;
    expect(granted()).toBe(1);
    // Over 10 simulated seconds of constant demand: never more than 4 a second.
    let total = 0;
    for (let step = 0; step < 100; step++) {
      t += 100;
      total += granted();
    }
    // At most 4 a second; a caller that only looks every 100 ms gets a token every 300 ms (take() waits exactly).
    expect(total).toBeLessThanOrEqual(40);
    expect(total).toBeGreaterThanOrEqual(30);
    // …and never more than 4 in any one-second window.
    const times: number[] = [];
    for (let step = 0; step < 200; step++) {
      t += 37;
      if (budget.tryTake(scope, "ListParticipantEvents")) times.push(t);
    }
    for (let i = 4; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 4] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("keeps separate budgets per operation, region and profile", () => {
    const t = 0;
    const budget = createBudget(() => t);
    const east = { region: "us-east-1", profile: "" };
    expect(budget.tryTake(east, "ListParticipants")).toBe(true);
    expect(budget.tryTake(east, "ListParticipants")).toBe(false);
    expect(budget.tryTake(east, "ListParticipantEvents")).toBe(true);
    expect(budget.tryTake({ region: "us-west-2", profile: "" }, "ListParticipants")).toBe(true);
    expect(budget.tryTake({ region: "us-east-1", profile: "prod" }, "ListParticipants")).toBe(true);
  });
});

describe.each(testEngines)("IVS read budget shared by three instances on %s (fake clock)", (name) => {
  let engine: ClusterTestDb | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it("hands out slots in one schedule: three instances together never exceed 80 % of the quota", async () => {
    engine = await openClusterTestDb(name);
    const clock = { t: 1_700_000_000_000 };
    const waits: number[] = [];
    const instances: ReturnType<typeof createSharedBudget>[] = [];
    for (let i = 0; i < 3; i++)
      instances.push(
        createSharedBudget({ db: await engine.open(), now: () => clock.t, sleep: async (ms) => void waits.push(ms) }),
      );
    const scope = { region: "us-east-1", profile: "" };
    // 30 callers spread over the three instances ask at the same moment, then more arrive over 5 s.
    const slots: number[] = [];
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => instances[i % 3]?.reserve(scope, "ListParticipantEvents") ?? 0),
    );
    slots.push(...burst);
    for (let step = 0; step < 50; step++) {
      clock.t += 100;
      slots.push(await (instances[step % 3]?.reserve(scope, "ListParticipantEvents") ?? 0));
    }
    slots.sort((a, b) => a - b);
    // ListParticipantEvents: 5 TPS documented → at most 4 a second (250 ms apart, plus the 5 % guard band: 262.5 ms),
    // whichever instance asked; 5 calls never fit in one second even with 50 ms of jitter.
    const spacing = sharedSpacingMs("ListParticipantEvents");
    expect(spacing).toBe(262.5);
    for (let i = 1; i < slots.length; i++)
      expect((slots[i] ?? 0) - (slots[i - 1] ?? 0)).toBeGreaterThanOrEqual(spacing);
    for (let i = 4; i < slots.length; i++) expect((slots[i] ?? 0) - (slots[i - 4] ?? 0)).toBeGreaterThanOrEqual(1050);
    // …and no slot is wasted: 80 calls take exactly 79 spacings from the first.
    expect((slots.at(-1) ?? 0) - (slots[0] ?? 0)).toBe(79 * spacing);

    // take() waits for its slot: the first caller of an idle operation goes at once, the next one a spacing later,
    // even on another instance.
    waits.length = 0;
    clock.t += 60_000;
    await instances[0]?.take(scope, "GetParticipant");
    await instances[1]?.take(scope, "GetParticipant");
    await instances[2]?.take(scope, "GetParticipant");
    expect(waits).toEqual([sharedSpacingMs("GetParticipant"), 2 * sharedSpacingMs("GetParticipant")]);
  });

  it("keeps one schedule per operation, region and profile", async () => {
    engine = await openClusterTestDb(name);
    const t = 1_700_000_000_000;
    const a = createSharedBudget({ db: await engine.open(), now: () => t });
    const b = createSharedBudget({ db: await engine.open(), now: () => t });
    const east = { region: "us-east-1", profile: "" };
    expect(await a.reserve(east, "ListParticipants")).toBe(t);
    expect(await b.reserve(east, "ListParticipants")).toBe(t + sharedSpacingMs("ListParticipants"));
    expect(await b.reserve(east, "ListParticipantEvents")).toBe(t);
    expect(await a.reserve({ region: "us-west-2", profile: "" }, "ListParticipants")).toBe(t);
    expect(await b.reserve({ region: "us-east-1", profile: "prod" }, "ListParticipants")).toBe(t);
  });
});
