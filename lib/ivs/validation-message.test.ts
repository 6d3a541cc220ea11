import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CreateEncoderConfigurationInput,
  CreateStageInput,
  StartCompositionInput,
  TagResourceInput,
} from "./operations";
import { VideoInput } from "./structures";
import { STAGE_ARN } from "./test-helpers";
import { splitConstraint, unshownErrors } from "./constraint-text";
import { fieldErrors, formatValidationError, plainMessage, violations } from "./validation-message";

function errorOf(schema: z.ZodType, value: unknown): z.ZodError {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a validation error");
  return result.error;
}

describe("formatValidationError", () => {
  it("words a single violation like a Smithy ValidationException", () => {
    expect(formatValidationError(errorOf(CreateEncoderConfigurationInput, { name: "a b" }))).toBe(
      "1 validation error detected. Value at '/name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$",
    );
  });

  it("counts and joins several violations with '; '", () => {
    const error = errorOf(CreateEncoderConfigurationInput, { video: { width: 1281 }, name: "a b" });
    expect(formatValidationError(error)).toBe(
      "2 validation errors detected. " +
        "Value at '/name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$; " +
        "Value at '/video/width' failed to satisfy constraint: Member must be an even number",
    );
  });

  it("names missing members, list indexes and numeric bounds", () => {
    const message = formatValidationError(
      errorOf(StartCompositionInput, { stageArn: STAGE_ARN, destinations: [{ channel: {} }], tags: { k: 1 } }),
    );
    expect(message).toMatch(/^2 validation errors detected\. /);
    expect(message).toContain(
      "Value at '/destinations/0/channel/channelArn' failed to satisfy constraint: Member is required",
    );
    expect(message).toContain("Value at '/tags/k' failed to satisfy constraint: Member must be a string");
  });

  it("reports range violations with the bound", () => {
    expect(formatValidationError(errorOf(CreateEncoderConfigurationInput, { video: { bitrate: 8_500_001 } }))).toBe(
      "1 validation error detected. Value at '/video/bitrate' failed to satisfy constraint: Member must be less than or equal to 8500000",
    );
  });

  it("escapes map keys as JSON Pointer segments and reports key constraints", () => {
    const error = errorOf(TagResourceInput, { resourceArn: STAGE_ARN, tags: { ["a/b~" + "k".repeat(126)]: "v" } });
    expect(violations(error)[0]?.pointer).toBe(`/tags/a~1b~0${"k".repeat(126)}`);
    expect(formatValidationError(error)).toContain(
      "failed to satisfy constraint: Map key must satisfy constraint: [Member must have length less than or equal to 128]",
    );
  });

  it("uses '/' for a violation of the whole value", () => {
    expect(formatValidationError(errorOf(VideoInput, { width: 1920, height: 1920 }))).toBe(
      "1 validation error detected. Value at '/' failed to satisfy constraint: Member must have width × height less than or equal to 2073600 (got 1920 × 1920 = 3686400)",
    );
    expect(formatValidationError(errorOf(CreateEncoderConfigurationInput, "nope"))).toBe(
      "1 validation error detected. Value at '/' failed to satisfy constraint: Member must be a structure",
    );
  });
});

describe("fieldErrors", () => {
  const plainOf = (messages: Record<string, string[]>) =>
    Object.fromEntries(
      Object.entries(messages).map(([field, list]) => [field, list.map((m) => splitConstraint(m).text)]),
    );
  const awsOf = (messages: Record<string, string[]>) =>
    Object.fromEntries(
      Object.entries(messages).map(([field, list]) => [field, list.map((m) => splitConstraint(m).aws)]),
    );

  it("groups plain messages by dotted path, each carrying its AWS constraint", () => {
    const error = errorOf(CreateEncoderConfigurationInput, {
      name: "x".repeat(129) + "!",
      video: { width: 1, framerate: 0 },
    });
    expect(plainOf(fieldErrors(error))).toEqual({
      name: ["Too long: at most 128 characters.", "Use letters, digits, - and _ only (no spaces)."],
      "video.width": ["Must be 2 or more.", "Enter an even number."],
      "video.framerate": ["Must be 1 or more."],
    });
    expect(awsOf(fieldErrors(error))).toEqual({
      name: [
        "Member must have length less than or equal to 128",
        "Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$",
      ],
      "video.width": ["Member must be greater than or equal to 2", "Member must be an even number"],
      "video.framerate": ["Member must be greater than or equal to 1"],
    });
  });

  it("counts list items as items, not characters, and names tag problems", () => {
    const error = errorOf(CreateStageInput, {
      participantTokenConfigurations: Array.from({ length: 13 }, () => ({})),
      tags: { ["k".repeat(129)]: "v", team: "v".repeat(257) },
    });
    const plain = plainOf(fieldErrors(error));
    expect(plain.participantTokenConfigurations).toEqual(["At most 12 tokens."]);
    expect(Object.values(plain).flat()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Tag key "k+…" is too long: at most 128 characters\.$/),
        'The value of tag "team" is too long: at most 256 characters.',
      ]),
    );
  });

  it("keys whole-value violations by the empty string and list items by index", () => {
    expect(plainOf(fieldErrors(errorOf(VideoInput, { width: 1920, height: 1920 })))).toEqual({
      "": ["Width × height may be at most 2,073,600 pixels (1920 × 1080 either way); this is 1920 × 1920 = 3686400."],
    });
    expect(
      Object.keys(fieldErrors(errorOf(StartCompositionInput, { stageArn: STAGE_ARN, destinations: [{}] }))),
    ).toEqual(["destinations.0"]);
  });

  it("lists what a form's own fields do not show", () => {
    expect(unshownErrors({ name: ["a"], "tags.x": ["b"], "video.width": ["c"], "": ["d"] }, ["name", "video"])).toEqual(
      ["b", "d"],
    );
  });
});

describe("plainMessage", () => {
  it("words the schema constraints for people", () => {
    expect(plainMessage("Member must satisfy regular expression pattern: ^[a-zA-Z0-9-]*$")).toBe(
      "Use letters, digits and - only.",
    );
    expect(plainMessage("Member must satisfy enum value set: [RTMP, RTMPS]")).toBe("Choose one of: RTMP, RTMPS.");
    expect(
      plainMessage(
        "Member must satisfy regular expression pattern: ^arn:aws:ivs:[a-z0-9-]+:[0-9]+:stage/[a-zA-Z0-9-]+$",
      ),
    ).toBe("Not a valid stage ARN (arn:aws:ivs:<region>:<account>:stage/<id>).");
    expect(plainMessage("Member is required")).toBe("Required.");
    expect(splitConstraint("Plain.")).toEqual({ text: "Plain." });
  });
});
