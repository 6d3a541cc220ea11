import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineOperation } from "@/lib/ivs/operation";
import { operationNames, operations } from "@/lib/ivs/operations";
import { EmulatorError } from "@/server/emulator/errors";
import { createRouter, parseQuery, type Route } from "@/server/emulator/http/router";

const route = createRouter(Object.values(operations));
const arn = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh";
const encodedArn = "arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Astage%2FabcdABCDefgh";

function operationOf(result: Route) {
  if (result.kind !== "operation") throw new Error(`expected an operation route, got ${result.kind}`);
  return result;
}

function errorOf(fn: () => unknown): EmulatorError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorError);
    return error as EmulatorError;
  }
  throw new Error("expected an error");
}

describe("router", () => {
  it("routes POST /<Name> for every POST operation of the table", () => {
    const posts = operationNames.filter((name) => operations[name].path === `/${name}`);
    expect(posts).toHaveLength(36);
    for (const name of posts) expect(operationOf(route("POST", `/${name}`)).spec.name).toBe(name);
  });

  it("routes the three tag operations by method, with the ARN decoded from one segment", () => {
    for (const [method, name] of [
      ["GET", "ListTagsForResource"],
      ["POST", "TagResource"],
      ["DELETE", "UntagResource"],
    ] as const) {
      const match = operationOf(route(method, `/tags/${encodedArn}`));
      expect(match.spec.name).toBe(name);
      expect(match.labels).toEqual({ resourceArn: arn });
      expect(match.rawPath).toBe(`/tags/${encodedArn}`);
    }
  });

  it("keeps repeated query keys as arrays", () => {
    const match = operationOf(route("DELETE", `/tags/${encodedArn}?tagKeys=a&tagKeys=b%20c&tagKeys=x%3Ay&other=1`));
    expect(match.query).toEqual({ tagKeys: ["a", "b c", "x:y"], other: "1" });
  });

  it("answers 404 UnknownOperationException for unknown routes", () => {
    for (const [method, target] of [
      ["POST", "/NoSuchOperation"],
      ["GET", "/CreateStage"],
      ["POST", "/createstage"],
      ["POST", "/CreateStage/"],
      ["PUT", `/tags/${encodedArn}`],
      ["GET", "/tags/"],
      ["GET", "/tags/a/b"],
      ["GET", "/"],
      ["GET", "*"],
    ] as const) {
      const error = errorOf(() => route(method, target));
      expect(error.status, `${method} ${target}`).toBe(404);
      expect(error.code).toBe("UnknownOperationException");
      expect(error.bodyKey).toBe("message");
    }
  });

  it("answers 400 SerializationException for malformed percent-encoding", () => {
    expect(errorOf(() => route("GET", "/tags/arn%3")).code).toBe("SerializationException");
    expect(errorOf(() => route("DELETE", `/tags/${encodedArn}?tagKeys=%E0%A4%A`)).code).toBe("SerializationException");
  });

  it("reserves /_emulator/ for the emulator's own endpoints", () => {
    expect(route("GET", "/_emulator/health")).toMatchObject({ kind: "emulator", subPath: "/health" });
    expect(route("POST", "/_emulator/world/reset?x=1")).toMatchObject({
      kind: "emulator",
      subPath: "/world/reset",
      query: { x: "1" },
    });
    expect(route("GET", "/_emulator")).toMatchObject({ kind: "emulator", subPath: "/" });
    expect(errorOf(() => route("GET", "/_emulatorx")).status).toBe(404);
  });

  it("refuses a table with two operations on one route", () => {
    const spec = defineOperation({
      name: "A",
      method: "POST",
      path: "/A",
      input: z.object({}),
      output: z.object({}),
      mutating: false,
    });
    expect(() => createRouter([spec, { ...spec, name: "B" }])).toThrow(/share the route/);
  });
});

describe("parseQuery", () => {
  it("decodes keys and values, keeps + literally, and maps bare keys to empty strings", () => {
    expect(parseQuery("a=1&b=x+y&c&d=%2B&a=2")).toEqual({ a: ["1", "2"], b: "x+y", c: "", d: "+" });
    expect(parseQuery("")).toEqual({});
  });

  it("keeps __proto__ as plain data", () => {
    const query = parseQuery("__proto__=x&constructor=y");
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(Object.hasOwn(query, "__proto__")).toBe(true);
    expect(query.constructor).toBe("y");
  });
});
