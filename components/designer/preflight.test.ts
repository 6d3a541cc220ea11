import { describe, expect, it } from "vitest";
import { canStart, preflightChecks, type PreflightInput } from "./preflight";

const stage = {
  arn: "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl",
  name: "show",
  activeSessionId: "st-AbCdEfGhIjKlM",
};
const base: PreflightInput = {
  stage,
  publishers: 2,
  layoutErrors: {},
  requestErrors: {},
  layoutWarnings: [],
  encoders: [
    {
      arn: "arn:enc",
      label: "hd",
      usedBy: "S3",
      video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
    },
  ],
  compositions: [],
};
const level = (checks: ReturnType<typeof preflightChecks>, id: string) => checks.find((c) => c.id === id)?.level;

describe("pre-flight", () => {
  it("passes a complete design on a live stage", () => {
    const checks = preflightChecks(base);
    expect(checks.map((c) => [c.id, c.level])).toEqual([
      ["session", "ok"],
      ["layout", "ok"],
      ["destinations", "ok"],
      ["encoder-arn:enc", "ok"],
      ["quota", "ok"],
    ]);
    expect(canStart(checks)).toBe(true);
  });

  it("warns about the 60-second auto-stop without a session or without publishers, but lets you start", () => {
    const idle = preflightChecks({ ...base, stage: { arn: stage.arn, name: "show" } });
    expect(level(idle, "session")).toBe("warn");
    expect(idle.find((c) => c.id === "session")?.detail).toMatch(/60 s/);
    expect(level(preflightChecks({ ...base, publishers: 0 }), "session")).toBe("warn");
    expect(canStart(idle)).toBe(true);
  });

  it("blocks without a stage, on invalid layout or destinations, on an unknown or out-of-limit encoder", () => {
    expect(canStart(preflightChecks({ ...base, stage: null }))).toBe(false);
    expect(level(preflightChecks({ ...base, layoutErrors: { "pip.pipWidth": ["bad"] } }), "layout")).toBe("error");
    expect(level(preflightChecks({ ...base, requestErrors: { destinations: ["none"] } }), "destinations")).toBe(
      "error",
    );
    expect(level(preflightChecks({ ...base, storageExists: false }), "destinations")).toBe("error");
    expect(
      level(preflightChecks({ ...base, encoders: [{ ...base.encoders[0]!, video: null }] }), "encoder-arn:enc"),
    ).toBe("error");
    const huge = preflightChecks({
      ...base,
      encoders: [{ ...base.encoders[0]!, video: { width: 1920, height: 1920 } }],
    });
    expect(level(huge, "encoder-arn:enc")).toBe("error");
    expect(canStart(huge)).toBe(false);
  });

  it("counts composition quota headroom per stage (5) and per account (20)", () => {
    const onStage = (n: number) => Array.from({ length: n }, () => ({ stageArn: stage.arn, state: "ACTIVE" }));
    const elsewhere = (n: number) => Array.from({ length: n }, () => ({ stageArn: "other", state: "STARTING" }));
    expect(level(preflightChecks({ ...base, compositions: onStage(3) }), "quota")).toBe("ok");
    expect(level(preflightChecks({ ...base, compositions: onStage(4) }), "quota")).toBe("warn");
    expect(level(preflightChecks({ ...base, compositions: onStage(5) }), "quota")).toBe("error");
    expect(level(preflightChecks({ ...base, compositions: [...onStage(1), ...elsewhere(19)] }), "quota")).toBe("error");
    expect(
      level(
        preflightChecks({
          ...base,
          compositions: [...onStage(5).map((c) => ({ ...c, state: "STOPPED" })), ...elsewhere(2)],
        }),
        "quota",
      ),
    ).toBe("ok");
    expect(level(preflightChecks({ ...base, compositions: undefined }), "quota")).toBe("pending");
  });

  it("surfaces layout warnings", () => {
    const checks = preflightChecks({
      ...base,
      layoutWarnings: [{ code: "too-many-publishers", message: "13 publishers" }],
    });
    expect(level(checks, "layout")).toBe("warn");
    expect(checks.find((c) => c.id === "layout")?.detail).toContain("13 publishers");
  });
});
