import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineOperation } from "@/lib/ivs/operation";
import { operations } from "@/lib/ivs/operations";
import { EmulatorError } from "@/server/emulator/errors";
import { assembleInput, parseJsonBody, validateInput } from "@/server/emulator/http/body";

const bytes = (text: string) => Buffer.from(text, "utf8");

function errorOf(fn: () => unknown): EmulatorError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorError);
    return error as EmulatorError;
  }
  throw new Error("expected an error");
}

describe("parseJsonBody", () => {
  it("parses a JSON object; an empty body is {}", () => {
    expect(parseJsonBody(bytes('{"name":"x","n":1}'))).toEqual({ name: "x", n: 1 });
    expect(parseJsonBody(bytes(""))).toEqual({});
    expect(parseJsonBody(bytes("  \n"))).toEqual({});
  });

  it("answers 400 SerializationException for malformed JSON, non-objects and invalid UTF-8", () => {
    for (const body of [
      bytes("{"),
      bytes('{"a":}'),
      bytes("[]"),
      bytes("null"),
      bytes('"text"'),
      bytes("42"),
      Buffer.from([0x7b, 0xff, 0x7d]),
    ]) {
      const error = errorOf(() => parseJsonBody(body));
      expect(error.status).toBe(400);
      expect(error.code).toBe("SerializationException");
    }
  });
});

describe("assembleInput + validateInput", () => {
  const untag = operations.UntagResource;
  const arn = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh";

  it("combines body members, path labels and declared query members", () => {
    const tag = assembleInput(operations.TagResource, { tags: { a: "1" } }, { resourceArn: arn }, {});
    expect(tag).toEqual({ tags: { a: "1" }, resourceArn: arn });
    const untagInput = assembleInput(untag, {}, { resourceArn: arn }, { tagKeys: ["a", "b"], ignored: "x" });
    expect(untagInput).toEqual({ resourceArn: arn, tagKeys: ["a", "b"] });
  });

  it("turns a single query value into a list for list members", () => {
    expect(assembleInput(untag, {}, { resourceArn: arn }, { tagKeys: "only" })).toEqual({
      resourceArn: arn,
      tagKeys: ["only"],
    });
    const scalar = defineOperation({
      name: "Q",
      method: "GET",
      path: "/q",
      query: ["mode", "ids"],
      input: z.object({ mode: z.string().optional(), ids: z.array(z.string()).optional() }),
      output: z.object({}),
      mutating: false,
    });
    expect(assembleInput(scalar, {}, {}, { mode: "fast", ids: "1" })).toEqual({ mode: "fast", ids: ["1"] });
  });

  it("lets path labels win over body members of the same name", () => {
    expect(
      assembleInput(operations.TagResource, { resourceArn: "evil", tags: {} }, { resourceArn: arn }, {}),
    ).toMatchObject({ resourceArn: arn });
  });

  it("returns the parsed input when valid", () => {
    expect(validateInput(operations.GetStage, { arn })).toEqual({ arn });
  });

  it("answers 400 ValidationException with the shared message on invalid input", () => {
    const error = errorOf(() => validateInput(operations.GetStage, { arn: "not-an-arn" }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("ValidationException");
    expect(error.bodyKey).toBe("exceptionMessage");
    expect(error.message).toMatch(/^1 validation error detected\. Value at '\/arn' failed to satisfy constraint: /);
    const missing = errorOf(() => validateInput(operations.GetStage, {}));
    expect(missing.message).toMatch(/Value at '\/arn'/);
  });
});
