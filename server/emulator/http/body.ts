/**
 * Stage (e), input: parse the JSON body, assemble the operation input from body members, path
 * labels and query members, and validate it with the operation's shared zod input schema.
 */
import { z } from "zod";
import type { OperationSpec } from "@/lib/ivs/operation";
import { formatValidationError } from "@/lib/ivs/validation-message";
import { EmulatorError } from "@/server/emulator/errors";
import type { QueryValues } from "@/server/emulator/http/router";

function serializationError(message: string): EmulatorError {
  return new EmulatorError("SerializationException", 400, message, "message");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A POST body must be a JSON object; an empty (or whitespace-only) body means `{}`. */
export function parseJsonBody(body: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw serializationError("Request body is not valid UTF-8");
  }
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw serializationError("Request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw serializationError("Request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

/** Unwrap optional/nullable/default/pipe wrappers to the schema that describes the value's shape. */
function core(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 20; depth++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
  return current;
}

/** Whether `member` of an (object) input schema is a list, so a single query value must become `[value]`. */
function memberIsList(input: z.ZodType, member: string): boolean {
  const object = core(input);
  if (!(object instanceof z.ZodObject)) return false;
  const shape = object.shape as Record<string, z.ZodType | undefined>;
  const memberSchema = Object.hasOwn(shape, member) ? shape[member] : undefined;
  return memberSchema !== undefined && core(memberSchema) instanceof z.ZodArray;
}

/**
 * The operation input: JSON body members (POST only), then query members named in `spec.query`,
 * then path labels (labels and query members win over body members of the same name). Query keys
 * the operation does not declare are ignored, as restJson1 servers do.
 */
export function assembleInput(
  spec: OperationSpec,
  body: Readonly<Record<string, unknown>>,
  labels: Readonly<Record<string, string>>,
  query: QueryValues,
): Record<string, unknown> {
  const input: Record<string, unknown> = { ...body };
  for (const member of spec.query ?? []) {
    if (!Object.hasOwn(query, member)) continue;
    const value = query[member];
    if (value === undefined) continue;
    if (memberIsList(spec.input, member)) input[member] = typeof value === "string" ? [value] : [...value];
    else input[member] = value;
  }
  for (const [name, value] of Object.entries(labels)) input[name] = value;
  return input;
}

// ---- map keys named "__proto__" -------------------------------------------------------------------------------
//
// JSON.parse gives a map such as `{"tags":{"__proto__":"x"}}` an own `__proto__` key, and IVS accepts it as an
// ordinary tag key (1–128 characters) or attribute name. zod's `z.record` skips that key on purpose (assigning it
// to a plain object would replace the prototype), so the request would succeed while the key silently vanished,
// and the map's refinements (at most 50 tags, 1 KB of attributes) would not count it. Before validation, each
// such key is renamed to a placeholder of the same length and bytes that the map does not use; after validation
// the placeholder becomes an own `__proto__` data property again (never a prototype), and issue paths name
// `__proto__`.

const PROTO = "__proto__";

interface ProtoMap {
  /** Path of the map inside the input. */
  readonly path: readonly PropertyKey[];
  readonly placeholder: string;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Maps (zod records) of `input` that carry an own `__proto__` key, found by walking `schema` alongside it. */
function findProtoMaps(schema: z.ZodType, value: unknown, path: readonly PropertyKey[], found: PropertyKey[][]): void {
  const shape = core(schema);
  if (shape instanceof z.ZodRecord) {
    if (isPlainRecord(value) && Object.hasOwn(value, PROTO)) found.push([...path]);
  } else if (shape instanceof z.ZodObject) {
    if (!isPlainRecord(value)) return;
    for (const [member, memberSchema] of Object.entries(shape.shape as Record<string, z.ZodType>)) {
      if (Object.hasOwn(value, member)) findProtoMaps(memberSchema, value[member], [...path, member], found);
    }
  } else if (shape instanceof z.ZodArray) {
    if (Array.isArray(value))
      value.forEach((item, index) => findProtoMaps(shape.element as z.ZodType, item, [...path, index], found));
  }
}

/** A 9-character ASCII stand-in for `__proto__` that `map` does not use (same length, same UTF-8 size). */
function placeholderFor(map: Record<string, unknown>): string {
  for (let n = 0; ; n++) {
    const candidate = `__pr${n.toString(36).padStart(3, "0")}__`;
    if (!Object.hasOwn(map, candidate)) return candidate;
  }
}

/** A copy of `map` with `from` renamed to `to`, keeping the key order; `to` may be `__proto__` (own property). */
function renameKey(map: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    Object.defineProperty(copy, key === from ? to : key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** Replace the value at `path` in a copy of `root` (containers along the path are copied, own keys kept). */
function replaceAt(root: unknown, path: readonly PropertyKey[], update: (value: unknown) => unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return update(root);
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[Number(head)] = replaceAt(copy[Number(head)], rest, update);
    return copy;
  }
  const copy = { ...(root as Record<PropertyKey, unknown>) };
  copy[head] = replaceAt(copy[head], rest, update);
  return copy;
}

function samePath(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

/** Validate with the operation's zod input schema; 400 ValidationException with the shared message. */
export function validateInput(spec: OperationSpec, input: Readonly<Record<string, unknown>>): unknown {
  const paths: PropertyKey[][] = [];
  findProtoMaps(spec.input, input, [], paths);
  const maps: ProtoMap[] = [];
  let renamed: unknown = input;
  for (const path of paths) {
    renamed = replaceAt(renamed, path, (map) => {
      const placeholder = placeholderFor(map as Record<string, unknown>);
      maps.push({ path, placeholder });
      return renameKey(map as Record<string, unknown>, PROTO, placeholder);
    });
  }
  const result = spec.input.safeParse(renamed);
  if (!result.success) {
    for (const issue of result.error.issues) {
      for (const { path, placeholder } of maps) {
        const prefix = issue.path.slice(0, path.length);
        if (samePath(prefix, path) && issue.path[path.length] === placeholder) issue.path[path.length] = PROTO;
      }
    }
    throw new EmulatorError("ValidationException", 400, formatValidationError(result.error));
  }
  let data: unknown = result.data;
  for (const { path, placeholder } of maps) {
    data = replaceAt(data, path, (map) => renameKey(map as Record<string, unknown>, placeholder, PROTO));
  }
  return data;
}
