import { describe, expect, it } from "vitest";
import { checkInput } from "./input-check";

describe("checkInput", () => {
  it("accepts a valid input and flags the field of an invalid one", () => {
    const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGh1234";
    expect(checkInput("CreateParticipantToken", { stageArn, duration: 720 })).toEqual({ ok: true, errors: {} });
    const bad = checkInput("CreateParticipantToken", { stageArn, duration: 20161 });
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.errors)).toEqual(["duration"]);
    expect(checkInput("UpdateStage", { arn: stageArn, name: "has spaces" }).errors.name?.length).toBeGreaterThan(0);
  });
});
