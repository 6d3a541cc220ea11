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

/** Validate with the operation's zod input schema; 400 ValidationException with the shared message. */
export function validateInput(spec: OperationSpec, input: Readonly<Record<string, unknown>>): unknown {
  const result = spec.input.safeParse(input);
  if (!result.success) throw new EmulatorError("ValidationException", 400, formatValidationError(result.error));
  return result.data;
}
