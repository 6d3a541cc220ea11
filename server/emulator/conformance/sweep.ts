/**
 * The bad-input sweep's case generator. It walks each operation's input JSON Schema
 * (`z.toJSONSchema(operations[name].input, { io: "input" })`) next to a valid base input and derives cases:
 * each required member removed; strings at min−1/min/max/max+1 length and with their pattern violated;
 * numbers at min−1/min/max/max+1, non-integers and odd values where the schema says so; invalid enum values;
 * arrays at minItems−1 and maxItems/maxItems+1; map keys and values out of bounds; and every member given
 * each wrong JSON type. Each case says whether it *intends* a valid or an invalid request and which member it
 * is about (a JSON Pointer), so the test can check the answer names that member.
 */
import { z } from "zod";
import { operations, type OperationName } from "@/lib/ivs/operations";

/** The JSON Schema subset zod emits for the IVS input shapes (the walker refuses anything else). */
export interface JsonSchema {
  readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly multipleOf?: number;
  readonly enum?: readonly string[];
  readonly propertyNames?: JsonSchema;
  readonly additionalProperties?: JsonSchema;
}

const knownKeywords = new Set([
  "$schema",
  "type",
  "properties",
  "required",
  "items",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "multipleOf",
  "enum",
  "propertyNames",
  "additionalProperties",
]);

/** The operation's input schema as JSON Schema; throws on a keyword the walker does not understand. */
export function inputJsonSchema(name: OperationName): JsonSchema {
  const schema = z.toJSONSchema(operations[name].input, { io: "input" });
  const check = (node: unknown, where: string): void => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (!knownKeywords.has(key)) throw new Error(`${name}: unsupported JSON Schema keyword "${key}" at ${where}`);
      if (key === "properties")
        for (const [member, sub] of Object.entries(value as object)) check(sub, `${where}/${member}`);
      else if (key === "items" || key === "propertyNames" || key === "additionalProperties")
        check(value, `${where}/${key}`);
    }
  };
  check(schema, "");
  return schema as JsonSchema;
}

export type Path = ReadonlyArray<string | number>;

/** RFC 6901 pointer of a path, the form ValidationException messages use (`/` for the root). */
export function pointerOf(path: Path): string {
  if (path.length === 0) return "/";
  return path.map((key) => "/" + String(key).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

export type CaseKind =
  | "required"
  | "length"
  | "pattern"
  | "range"
  | "integer"
  | "multiple"
  | "enum"
  | "items"
  | "type"
  | "map-key"
  | "map-value"
  | "refinement"
  | "variant";

export interface InputCase {
  readonly kind: CaseKind;
  readonly label: string;
  /** What the generator meant: a request the shape accepts (boundary) or one it rejects. */
  readonly intent: "valid" | "invalid";
  /** The member the case is about (the error message must name it when the request is rejected). */
  readonly pointer: string;
  readonly input: Record<string, unknown>;
}

/** Where a top-level member travels: the JSON body, a path label or a query parameter. */
export type Location = "body" | "label" | "query";

export function locationOf(name: OperationName, member: string): Location {
  const spec = operations[name];
  if (spec.path.includes(`{${member}}`)) return "label";
  if ((spec as { query?: readonly string[] }).query?.includes(member)) return "query";
  return "body";
}

// ---- values --------------------------------------------------------------------------------------------------

const wrongTypes: ReadonlyArray<readonly [string, unknown]> = [
  ["string", "x"],
  ["number", 7],
  ["boolean", true],
  ["object", {}],
  ["array", []],
  ["null", null],
];

function jsonTypeOf(schema: JsonSchema): string {
  if (schema.type === "integer" || schema.type === "number") return "number";
  if (schema.type === undefined) throw new Error("schema without a type");
  return schema.type;
}

/** Replace the value at `path` (or delete the member when `value` is `remove`). */
const remove = Symbol("remove");
function setAt(root: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let node: unknown = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  const last = path.at(-1);
  if (last === undefined) throw new Error("cannot replace the root");
  const container = node as Record<string | number, unknown>;
  if (value === remove) {
    if (Array.isArray(container)) container.splice(Number(last), 1);
    else delete container[last];
  } else {
    container[last] = value;
  }
  return copy;
}

/**
 * A string of exactly `length` characters that matches `pattern` (when given), built from seeds known to
 * match (the current value and any other sample value that fits the pattern): truncated, or padded with one
 * of a few filler characters. `undefined` when no candidate fits.
 */
export function fitString(length: number, pattern: RegExp | undefined, seeds: readonly string[]): string | undefined {
  const fillers = ["a", "0", "x", "A", "é"];
  for (const seed of seeds) {
    const candidates: string[] = [];
    if (seed.length >= length) {
      candidates.push(seed.slice(0, length));
    } else {
      const missing = length - seed.length;
      for (const filler of [seed.at(-1) ?? "a", ...fillers]) candidates.push(seed + filler.repeat(missing));
    }
    const found = candidates.find((c) => c.length === length && (pattern === undefined || pattern.test(c)));
    if (found !== undefined) return found;
  }
  if (pattern === undefined) return "a".repeat(length);
  return undefined;
}

/** A string within the length bounds that violates the pattern. */
function patternViolation(value: string, pattern: RegExp, min: number, max: number | undefined): string | undefined {
  const fits = (c: string) => c.length >= min && (max === undefined || c.length <= max) && !pattern.test(c);
  const candidates = [
    value.length > 0 ? `!${value.slice(1)}` : "!",
    value.length > 1 ? `${value.slice(0, -1)} ` : " ",
    `${value}!`,
    "!".repeat(Math.max(min, 1)),
    " ".repeat(Math.max(min, 1)),
  ];
  return candidates.find(fits);
}

// ---- the walk ------------------------------------------------------------------------------------------------

export interface GenerateOptions {
  readonly op: OperationName;
  /** A valid input of the operation (resources it names must exist). */
  readonly base: Record<string, unknown>;
  /** Strings known to be valid somewhere (seeds for patterned strings of other lengths). */
  readonly seeds: readonly string[];
}

export interface Generated {
  readonly cases: InputCase[];
  /** Schema members (pointer with `*` for items and map values) the walk visited. */
  readonly visited: Set<string>;
  /** Boundary lengths for which no pattern-valid string could be made. */
  readonly skipped: string[];
}

/** Every schema member pointer (`*` for array items and map values), to measure what the walk covered. */
export function schemaMembers(schema: JsonSchema, path: string[] = []): string[] {
  const here = path.length === 0 ? [] : [pointerOf(path)];
  if (schema.properties) {
    return [
      ...here,
      ...Object.entries(schema.properties).flatMap(([member, sub]) => schemaMembers(sub, [...path, member])),
    ];
  }
  if (schema.items) return [...here, ...schemaMembers(schema.items, [...path, "*"])];
  if (schema.additionalProperties) return [...here, ...schemaMembers(schema.additionalProperties, [...path, "*"])];
  return here;
}

export function generateCases(options: GenerateOptions): Generated {
  const { op } = options;
  const cases: InputCase[] = [];
  const visited = new Set<string>();
  const skipped: string[] = [];
  const schemaPointer = (path: Path) => pointerOf(path.map((key) => (typeof key === "number" ? "*" : key)));

  const add = (
    kind: CaseKind,
    label: string,
    intent: InputCase["intent"],
    path: Path,
    input: Record<string, unknown>,
  ) => cases.push({ kind, label: `${op} ${pointerOf(path)}: ${label}`, intent, pointer: pointerOf(path), input });

  type Replace = (kind: CaseKind, label: string, intent: InputCase["intent"], next: unknown) => void;

  /**
   * Walk one value at `path` of `root` (the base input, possibly with an entry added to an empty map).
   * `mapValue`: the last step of `path` is a map key (its schema pointer uses `*`).
   */
  function walk(
    root: Record<string, unknown>,
    schema: JsonSchema,
    value: unknown,
    path: Path,
    where: Location,
    mapValue = false,
  ): void {
    visited.add(mapValue ? `${schemaPointer(path.slice(0, -1))}/*`.replace(/^\/\//, "/") : schemaPointer(path));
    const replace: Replace = (kind, label, intent, next) => add(kind, label, intent, path, setAt(root, path, next));

    // Wrong JSON types: only expressible in the JSON body.
    if (where === "body") {
      const own = jsonTypeOf(schema);
      for (const [type, sample] of wrongTypes) {
        if (type !== own) replace("type", `${type} instead of ${own}`, "invalid", sample);
      }
    }

    switch (schema.type) {
      case "string":
        return walkString(schema, typeof value === "string" ? value : "", replace, path);
      case "integer":
      case "number":
        return walkNumber(schema, typeof value === "number" ? value : (schema.minimum ?? 0), replace);
      case "boolean":
        replace("range", "true", "valid", true);
        replace("range", "false", "valid", false);
        return;
      case "array":
        return walkArray(root, schema, Array.isArray(value) ? value : [], path, where, replace);
      case "object":
        if (schema.properties) return walkObject(root, schema, (value ?? {}) as Record<string, unknown>, path);
        return walkMap(root, schema, (value ?? {}) as Record<string, unknown>, path, replace);
      default:
        throw new Error(`${op} ${pointerOf(path)}: schema without a type`);
    }
  }

  function walkString(schema: JsonSchema, value: string, replace: Replace, path: Path): void {
    if (schema.enum) {
      replace("enum", "NOT_A_VALUE", "invalid", "NOT_A_VALUE");
      const first = schema.enum[0] ?? "";
      if (first.toLowerCase() !== first)
        replace("enum", `${first.toLowerCase()} (wrong case)`, "invalid", first.toLowerCase());
      replace("enum", `"" (empty)`, "invalid", "");
      for (const member of schema.enum) replace("enum", member, "valid", member);
      return;
    }
    const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern);
    const min = schema.minLength ?? 0;
    const max = schema.maxLength;
    const seeds = [value, ...options.seeds.filter((seed) => pattern?.test(seed) ?? false)];
    const lengths: Array<readonly [number, string, InputCase["intent"]]> = [];
    if (min > 0) lengths.push([min - 1, "min−1", "invalid"]);
    lengths.push([min, "min", "valid"]);
    if (max !== undefined) {
      lengths.push([max, "max", "valid"]);
      lengths.push([max + 1, "max+1", "invalid"]);
    }
    for (const [length, label, intent] of lengths) {
      // For an invalid length any string will do; prefer one matching the pattern to isolate the length rule.
      const text =
        fitString(length, pattern, seeds) ?? (intent === "invalid" ? fitString(length, undefined, seeds) : undefined);
      if (text === undefined) {
        skipped.push(`${op} ${pointerOf(path)} length ${length} (${label})`);
        continue;
      }
      replace("length", `length ${length} (${label})`, intent, text);
    }
    if (pattern) {
      const bad = patternViolation(value, pattern, min, max);
      if (bad !== undefined) replace("pattern", `violates ${schema.pattern}`, "invalid", bad);
    } else if (max !== undefined) {
      // Unpatterned strings: JSON Schema (and zod) count code points, so an astral character counts once
      // although it is two UTF-16 units.
      const astral = "😀";
      replace(
        "length",
        `${max} astral characters (max code points, ${2 * max} UTF-16 units)`,
        "valid",
        astral.repeat(max),
      );
      replace("length", `${max + 1} astral characters (max+1 code points)`, "invalid", astral.repeat(max + 1));
    }
  }

  function walkNumber(schema: JsonSchema, value: number, replace: Replace): void {
    const { minimum, maximum, multipleOf } = schema;
    if (minimum !== undefined) {
      replace("range", `${minimum - 1} (min−1)`, "invalid", minimum - 1);
      replace(
        "range",
        `${minimum} (min)`,
        multipleOf !== undefined && minimum % multipleOf !== 0 ? "invalid" : "valid",
        minimum,
      );
    }
    if (maximum !== undefined) {
      replace("range", `${maximum} (max)`, "valid", maximum);
      replace("range", `${maximum + 1} (max+1)`, "invalid", maximum + 1);
    }
    if (schema.type === "integer") replace("integer", `${value + 0.5} (not an integer)`, "invalid", value + 0.5);
    else replace("range", `${value + 0.25} (fraction)`, "valid", value + 0.25);
    if (multipleOf !== undefined) {
      const odd = minimum !== undefined && value - 1 < minimum ? value + 1 : value - 1;
      replace("multiple", `${odd} (not a multiple of ${multipleOf})`, "invalid", odd);
    }
  }

  function walkArray(
    root: Record<string, unknown>,
    schema: JsonSchema,
    value: unknown[],
    path: Path,
    where: Location,
    replace: Replace,
  ): void {
    const item = schema.items;
    if (!item) throw new Error(`${op} ${pointerOf(path)}: array without items`);
    const minItems = schema.minItems ?? 0;
    if (minItems > 0) replace("items", `${minItems - 1} items (minItems−1)`, "invalid", value.slice(0, minItems - 1));
    if (schema.maxItems !== undefined && value.length > 0) {
      const pad = (n: number) => Array.from({ length: n }, (_, i) => structuredClone(value[i % value.length]));
      replace("items", `${schema.maxItems} items (maxItems)`, "valid", pad(schema.maxItems));
      replace("items", `${schema.maxItems + 1} items (maxItems+1)`, "invalid", pad(schema.maxItems + 1));
    }
    value.forEach((element, index) => walk(root, item, element, [...path, index], where));
  }

  function walkObject(
    root: Record<string, unknown>,
    schema: JsonSchema,
    value: Record<string, unknown>,
    path: Path,
  ): void {
    const required = new Set(schema.required ?? []);
    for (const [member, sub] of Object.entries(schema.properties ?? {})) {
      const memberPath = [...path, member];
      const where = path.length === 0 ? locationOf(op, member) : "body";
      if (required.has(member)) add("required", "removed", "invalid", memberPath, setAt(root, memberPath, remove));
      if (Object.hasOwn(value, member)) walk(root, sub, value[member], memberPath, where);
    }
  }

  function walkMap(
    root: Record<string, unknown>,
    schema: JsonSchema,
    value: Record<string, unknown>,
    path: Path,
    replace: Replace,
  ): void {
    const keySchema = schema.propertyNames;
    const valueSchema = schema.additionalProperties;
    if (!valueSchema) throw new Error(`${op} ${pointerOf(path)}: map without a value schema`);
    const withEntry = (key: string) => ({ ...value, [key]: "v" });
    if (keySchema?.minLength !== undefined && keySchema.minLength > 0) {
      replace(
        "map-key",
        `key of length ${keySchema.minLength - 1}`,
        "invalid",
        withEntry("x".repeat(keySchema.minLength - 1)),
      );
    }
    if (keySchema?.maxLength !== undefined) {
      replace(
        "map-key",
        `key of length ${keySchema.maxLength} (max)`,
        "valid",
        withEntry("k".repeat(keySchema.maxLength)),
      );
      replace(
        "map-key",
        `key of length ${keySchema.maxLength + 1} (max+1)`,
        "invalid",
        withEntry("k".repeat(keySchema.maxLength + 1)),
      );
    }
    // Walk one entry's value; an empty map gets an entry first.
    const first = Object.entries(value)[0];
    if (first) return walk(root, valueSchema, first[1], [...path, first[0]], "body", true);
    const seeded = setAt(root, path, { "sweep-key": "v" });
    walk(seeded, valueSchema, "v", [...path, "sweep-key"], "body", true);
  }

  walkObject(options.base, inputJsonSchema(op), options.base, []);
  return { cases, visited, skipped };
}
