import { describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/ivs/validation-message";
import { AlertRuleBody, SaveAlertRuleInput, defaultRules, inScope, parseTagScope } from "./rules";

const base = { name: "r", enabled: true, severity: "warning", scope: { kind: "all" }, holdDownSeconds: 30 } as const;

describe("alert rule model", () => {
  it("accepts every default rule", () => {
    for (const rule of defaultRules) expect(AlertRuleBody.safeParse(rule).success).toBe(true);
    expect(new Set(defaultRules.map((rule) => rule.kind)).size).toBe(defaultRules.length);
  });

  it("refuses an unknown error code, a negative window and an empty scope with field-level messages", () => {
    const result = SaveAlertRuleInput.safeParse({
      rule: {
        ...base,
        kind: "errorRate",
        codes: ["BITRATE_EXCEEDED", "NOT_A_CODE"],
        threshold: 1,
        windowSeconds: -5,
        scope: { kind: "names", names: [] },
      },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    const fields = fieldErrors(result.error);
    expect(fields["rule.codes.1"]?.join()).toMatch(/Unknown error code "NOT_A_CODE"/);
    expect(fields["rule.windowSeconds"]?.join()).toMatch(/never negative/);
    expect(fields["rule.scope.names"]?.join()).toMatch(/empty scope/);
  });

  it("refuses an empty tag and a negative hold-down", () => {
    const result = AlertRuleBody.safeParse({
      ...base,
      holdDownSeconds: -1,
      kind: "composition",
      states: ["FAILED"],
      scope: { kind: "tag", key: " ", value: "x" },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    const fields = fieldErrors(result.error);
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(["holdDownSeconds", "scope.key"]));
  });

  it("matches scopes by tag and by name", () => {
    const stage = { arn: "arn:s", name: "esports-finals", tags: { show: "finals" } };
    expect(inScope({ kind: "all" }, undefined)).toBe(true);
    expect(inScope(parseTagScope("show=finals") ?? { kind: "all" }, stage)).toBe(true);
    expect(inScope({ kind: "tag", key: "show", value: "other" }, stage)).toBe(false);
    expect(inScope({ kind: "names", names: ["town-hall", "esports-finals"] }, stage)).toBe(true);
    expect(inScope({ kind: "names", names: ["town-hall"] }, stage)).toBe(false);
    expect(parseTagScope("novalue")).toBeUndefined();
  });

  it("refuses a quality rule's bad fields with field-level messages: metric, level, duration, subject", () => {
    const result = AlertRuleBody.safeParse({
      ...base,
      kind: "quality",
      metric: "jitter",
      percent: 0,
      forSeconds: -10,
      per: "everyone",
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    const fields = fieldErrors(result.error);
    expect(fields.metric?.join()).toMatch(/packet loss or dropped frames/);
    expect(fields.percent?.join()).toMatch(/above 0 %/);
    expect(fields.forSeconds?.join()).toMatch(/At least 5 seconds/);
    expect(fields.per?.join()).toMatch(/each participant or the stage/);
    expect(
      AlertRuleBody.safeParse({
        ...base,
        kind: "quality",
        metric: "dropped",
        percent: 100,
        forSeconds: 30,
        per: "stage",
      }).success,
    ).toBe(false);
    expect(
      AlertRuleBody.safeParse({ ...base, kind: "quality", metric: "dropped", percent: 5, forSeconds: 30, per: "stage" })
        .success,
    ).toBe(true);
  });
});
