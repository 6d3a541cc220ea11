import { describe, expect, it } from "vitest";
import { createBudget } from "./budget";

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
