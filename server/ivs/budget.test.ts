import { describe, expect, it } from "vitest";
import { createBudget } from "./budget";

describe("IVS read budget (fake clock)", () => {
  it("allows at most 80 % of an operation's TPS quota per scope, shared by every caller", () => {
    let t = 0;
    const budget = createBudget(() => t);
    const scope = { region: "us-east-1", profile: "" };
    // ListParticipantEvents: 5 TPS documented → 4 per second, a burst of 4.
    const granted = () => Array.from({ length: 10 }, () => budget.tryTake(scope, "ListParticipantEvents")).filter(Boolean).length;
    expect(granted()).toBe(4);
    t += 500;
    expect(granted()).toBe(2);
    // Over 10 simulated seconds of constant demand: never more than 4 a second.
    let total = 0;
    for (let step = 0; step < 100; step++) {
      t += 100;
      total += granted();
    }
    expect(total).toBeLessThanOrEqual(40);
    expect(total).toBeGreaterThanOrEqual(39);
  });

  it("keeps separate budgets per operation, region and profile", () => {
    const t = 0;
    const budget = createBudget(() => t);
    const east = { region: "us-east-1", profile: "" };
    for (let i = 0; i < 4; i++) expect(budget.tryTake(east, "ListParticipants")).toBe(true);
    expect(budget.tryTake(east, "ListParticipants")).toBe(false);
    expect(budget.tryTake(east, "ListParticipantEvents")).toBe(true);
    expect(budget.tryTake({ region: "us-west-2", profile: "" }, "ListParticipants")).toBe(true);
    expect(budget.tryTake({ region: "us-east-1", profile: "prod" }, "ListParticipants")).toBe(true);
  });
});
