import * as sdk from "@aws-sdk/client-ivs-realtime";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { operationNames, operations } from "./operations";

/**
 * Cross-checks the operations table against the compiled Smithy schema shipped in the official SDK
 * (`@aws-sdk/client-ivs-realtime`): routes, member names and required-ness, recursively through every
 * nested structure the zod schemas declare.
 *
 * SDK compact forms: operation `[9, ns, name, {http: [method, uri, status]}, () => input, () => output]`;
 * structure `[3, ns, name, traits, memberNames, memberTypes, requiredCount]` (required members first);
 * list `[1, ns, name, traits, member]`; map `[2, ns, name, traits, key, value]`; simple `[0, ns, name, traits, type]`;
 * a member with traits `[type, traits]`; numeric types 0 string, 1 number, 2 boolean, 5 timestamp,
 * `64 | t` list of t, `128 | t` map of t; numeric traits are a bit set whose bit 0 is httpLabel.
 */

// ---------------------------------------------------------------------------------------------------------
// Reading the SDK schema

type SdkType =
  | { kind: "scalar" }
  | { kind: "list"; item: SdkType }
  | { kind: "map"; value: SdkType }
  | { kind: "struct"; struct: SdkStruct };

interface SdkMember {
  name: string;
  required: boolean;
  type: SdkType;
  traits: Record<string, unknown>;
}

interface SdkStruct {
  name: string;
  members: SdkMember[];
}

const registry: Record<string, unknown> = { ...sdk };

function force(value: unknown): unknown {
  return typeof value === "function" ? force((value as () => unknown)()) : value;
}

function isStaticSchema(value: unknown): value is unknown[] {
  return Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "string";
}

function traitsOf(indicator: unknown): Record<string, unknown> {
  if (typeof indicator === "object" && indicator !== null) return indicator as Record<string, unknown>;
  return typeof indicator === "number" && (indicator & 1) === 1 ? { httpLabel: 1 } : {};
}

/** A member type, possibly wrapped as `[type, traits]`. */
function readMemberType(raw: unknown): { type: SdkType; traits: Record<string, unknown> } {
  const value = force(raw);
  if (Array.isArray(value) && value.length === 2 && !isStaticSchema(value)) {
    return { type: readType(value[0]), traits: traitsOf(value[1]) };
  }
  return { type: readType(value), traits: {} };
}

function readType(raw: unknown): SdkType {
  const value = force(raw);
  if (typeof value === "number") {
    if (value & 128) return { kind: "map", value: readType(value & ~128) };
    if (value & 64) return { kind: "list", item: readType(value & ~64) };
    return { kind: "scalar" };
  }
  if (isStaticSchema(value)) {
    switch (value[0]) {
      case 0:
        return { kind: "scalar" };
      case 1:
        return { kind: "list", item: readMemberType(value[4]).type };
      case 2:
        return { kind: "map", value: readMemberType(value[5]).type };
      case 3:
        return { kind: "struct", struct: readStruct(value) };
    }
  }
  throw new Error(`unrecognised SDK schema: ${JSON.stringify(value)}`);
}

function readStruct(schema: unknown[]): SdkStruct {
  const [, , name, , names, types, requiredCount] = schema;
  if (typeof name !== "string" || !Array.isArray(names) || !Array.isArray(types)) {
    throw new Error(`not a structure schema: ${String(name)}`);
  }
  const required = typeof requiredCount === "number" ? requiredCount : 0;
  return {
    name,
    members: names.map((member: unknown, index) => ({
      name: String(member),
      required: index < required,
      ...readMemberType(types[index]),
    })),
  };
}

interface SdkOperation {
  method: string;
  uri: string;
  input: SdkStruct;
  output: SdkStruct;
}

function sdkOperation(name: string): SdkOperation {
  const schema = registry[`${name}$`];
  if (!Array.isArray(schema) || schema[0] !== 9) throw new Error(`SDK has no operation ${name}`);
  const http = (schema[3] as { http: [string, string, number] }).http;
  const input = readType(schema[4]);
  const output = readType(schema[5]);
  if (input.kind !== "struct" || output.kind !== "struct") throw new Error(`${name}: input/output not structures`);
  return { method: http[0], uri: http[1], input: input.struct, output: output.struct };
}

const sdkOperationNames = Object.entries(registry)
  .filter(([key, value]) => key.endsWith("$") && Array.isArray(value) && value[0] === 9)
  .map(([key]) => key.slice(0, -1))
  .sort();

// ---------------------------------------------------------------------------------------------------------
// Reading the zod schemas

type Direction = "input" | "output";

/** Strips optional/nullable wrappers and, for pipes, keeps the side the direction looks at. */
function unwrap(schema: z.ZodType, direction: Direction): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return unwrap(schema.unwrap() as z.ZodType, direction);
  }
  if (schema instanceof z.ZodPipe) {
    return unwrap((direction === "input" ? schema.in : schema.out) as z.ZodType, direction);
  }
  return schema;
}

function isRequired(schema: z.ZodType, direction: Direction): boolean {
  const optional = direction === "input" ? schema._zod.optin : schema._zod.optout;
  return optional !== "optional";
}

/** Compares one SDK structure with one zod object, recursing into nested structures; returns mismatches. */
function compareStruct(
  sdkStruct: SdkStruct,
  schema: z.ZodType,
  direction: Direction,
  where: string,
  visited: Set<string>,
): string[] {
  visited.add(sdkStruct.name);
  const object = unwrap(schema, direction);
  if (!(object instanceof z.ZodObject)) return [`${where}: expected a zod object for ${sdkStruct.name}`];
  const shape = object.shape as Record<string, z.ZodType>;
  const problems: string[] = [];

  const sdkNames = sdkStruct.members.map((m) => m.name).sort();
  const zodNames = Object.keys(shape).sort();
  if (JSON.stringify(sdkNames) !== JSON.stringify(zodNames)) {
    problems.push(
      `${where} (${sdkStruct.name}): members ${JSON.stringify(zodNames)} ≠ SDK ${JSON.stringify(sdkNames)}`,
    );
  }

  for (const member of sdkStruct.members) {
    const field = shape[member.name];
    if (field === undefined) continue;
    const path = `${where}.${member.name}`;
    if (isRequired(field, direction) !== member.required) {
      problems.push(`${path}: required=${isRequired(field, direction)}, SDK says ${member.required}`);
    }
    problems.push(...compareType(member.type, field, direction, path, visited));
  }
  return problems;
}

function compareType(
  type: SdkType,
  schema: z.ZodType,
  direction: Direction,
  where: string,
  visited: Set<string>,
): string[] {
  const inner = unwrap(schema, direction);
  switch (type.kind) {
    case "scalar":
      return inner instanceof z.ZodObject || inner instanceof z.ZodArray || inner instanceof z.ZodRecord
        ? [`${where}: SDK scalar, zod ${inner.def.type}`]
        : [];
    case "list":
      return inner instanceof z.ZodArray
        ? compareType(type.item, inner.element as z.ZodType, direction, `${where}[]`, visited)
        : [`${where}: SDK list, zod ${inner.def.type}`];
    case "map":
      return inner instanceof z.ZodRecord
        ? compareType(type.value, inner.valueType as z.ZodType, direction, `${where}{}`, visited)
        : [`${where}: SDK map, zod ${inner.def.type}`];
    case "struct":
      return compareStruct(type.struct, inner, direction, where, visited);
  }
}

// ---------------------------------------------------------------------------------------------------------

describe("conformance with @aws-sdk/client-ivs-realtime", () => {
  it("declares exactly the SDK's 39 operations", () => {
    expect(sdkOperationNames).toHaveLength(39);
    expect([...operationNames].sort()).toEqual(sdkOperationNames);
  });

  describe.each(operationNames.map((name) => [name] as const))("%s", (name) => {
    const spec = operations[name];
    const model = sdkOperation(name);

    it("has the SDK's method and route", () => {
      expect(spec.name).toBe(name);
      expect([spec.method, spec.path]).toEqual([model.method, model.uri]);
    });

    it("binds the same members to the path and the query string", () => {
      const labels = model.input.members.filter((m) => m.traits.httpLabel !== undefined).map((m) => m.name);
      const queries = model.input.members
        .filter((m) => typeof m.traits.httpQuery === "string")
        .map((m) => m.traits.httpQuery);
      const pathLabels = [...spec.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(pathLabels).toEqual(labels);
      expect([...(spec.query ?? [])]).toEqual(queries);
    });

    it("has the SDK's input members and required input members, recursively", () => {
      expect(compareStruct(model.input, spec.input, "input", name, new Set())).toEqual([]);
    });

    it("has the SDK's output members and required output members, recursively", () => {
      expect(compareStruct(model.output, spec.output, "output", name, new Set())).toEqual([]);
    });

    it("names the SDK's list member as `items` for List operations", () => {
      const required = model.output.members.filter((m) => m.required && m.type.kind === "list").map((m) => m.name);
      const paginated = model.input.members.some((m) => m.name === "nextToken");
      expect(spec.items).toBe(paginated ? required[0] : undefined);
    });
  });

  it("the comparison itself catches missing, extra, misplaced-required and nested mismatches", () => {
    const model = sdkOperation("GetComposition").output;
    const wrong = z.object({
      composition: z
        .object({
          arn: z.string().optional(), // SDK: required
          stageArn: z.string(),
          state: z.string(),
          layout: z.object({ grid: z.object({}).optional() }), // pip missing
          destinations: z.array(z.object({ id: z.string() })), // nested members missing
          tags: z.record(z.string(), z.string()).optional(),
          startTime: z.string().optional(),
          surprise: z.string().optional(), // not in the SDK; endTime missing
        })
        .optional(),
    });
    const problems = compareStruct(model, wrong, "output", "GetComposition", new Set());
    expect(problems.join("\n")).toContain("composition.arn: required=false, SDK says true");
    expect(problems.join("\n")).toContain("(Composition): members");
    expect(problems.join("\n")).toContain("(LayoutConfiguration): members");
    expect(problems.join("\n")).toContain("(Destination): members");
  });

  it("reaches every SDK structure used by an operation", () => {
    const visited = new Set<string>();
    for (const name of operationNames) {
      const model = sdkOperation(name);
      compareStruct(model.input, operations[name].input, "input", name, visited);
      compareStruct(model.output, operations[name].output, "output", name, visited);
    }
    const structures = Object.entries(registry)
      .filter(([, value]) => Array.isArray(value) && value[0] === 3)
      .map(([key]) => key.slice(0, -1));
    expect(structures.filter((s) => !visited.has(s))).toEqual([]);
  });
});
