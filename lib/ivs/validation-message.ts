import type { z } from "zod";

/**
 * Renders zod issues the way Smithy services word a ValidationException:
 *
 *   2 validation errors detected. Value at '/video/width' failed to satisfy constraint: Member must be an even
 *   number; Value at '/name' failed to satisfy constraint: Member must satisfy regular expression pattern: …
 *
 * The "Member must …" part is the issue message set by the schemas (primitives.ts); paths are JSON Pointers
 * into the request (`/destinations/0/s3`), `/` standing for the request as a whole.
 */

export interface ValidationViolation {
  /** JSON Pointer of the offending member, e.g. `/video/width`. */
  readonly pointer: string;
  /** Dotted path for forms, e.g. `video.width`; `""` for the request as a whole. */
  readonly field: string;
  readonly message: string;
}

type IssuePath = readonly PropertyKey[];

function segment(key: PropertyKey): string {
  return typeof key === "symbol" ? (key.description ?? "") : String(key);
}

/** RFC 6901: `~` → `~0`, `/` → `~1` (tag keys may contain `/`). */
function toPointer(path: IssuePath): string {
  if (path.length === 0) return "/";
  return path.map((key) => "/" + segment(key).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

function toField(path: IssuePath): string {
  return path.map(segment).join(".");
}

export function violations(error: z.ZodError): ValidationViolation[] {
  return error.issues.map((issue) => ({
    pointer: toPointer(issue.path),
    field: toField(issue.path),
    message: issue.message,
  }));
}

/** The `exceptionMessage` of a ValidationException for this error. */
export function formatValidationError(error: z.ZodError): string {
  const list = violations(error);
  const count = `${list.length} validation error${list.length === 1 ? "" : "s"} detected.`;
  const details = list.map((v) => `Value at '${v.pointer}' failed to satisfy constraint: ${v.message}`);
  return [count, details.join("; ")].filter((part) => part !== "").join(" ");
}

/** Messages per dotted field path (`video.width`, `destinations.0.s3`; `""` = the whole request), for forms. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const { field, message } of violations(error)) {
    (byField[field] ??= []).push(message);
  }
  return byField;
}
