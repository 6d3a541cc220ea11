import type { z } from "zod";
import { withConstraint } from "./constraint-text";

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
  /** The AWS (Smithy) wording of the violated constraint: "Member must …". */
  readonly message: string;
  /** The same in plain language for a form: "Use letters, digits, - and _ only." */
  readonly plain: string;
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
    plain: plainMessage(issue.message, { path: issue.path, origin: originOf(issue) }),
  }));
}

function originOf(issue: z.core.$ZodIssue): string | undefined {
  return "origin" in issue && typeof issue.origin === "string" ? issue.origin : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Plain language. The schemas word every constraint as AWS does ("Member must …": engineers recognise it in
// logs and in IVS's own ValidationException); forms show what a person can act on, and keep the AWS wording
// one click away (`withConstraint` / `splitConstraint` in constraint-text.ts).

/** What a list's items are called, by the list member's name (Smithy calls an item count a "length"). */
const itemNouns: Readonly<Record<string, readonly [string, string]>> = {
  participantTokenConfigurations: ["token", "tokens"],
  destinations: ["destination", "destinations"],
  mediaTypes: ["media type", "media types"],
  storage: ["storage choice", "storage choices"],
  capabilities: ["capability", "capabilities"],
  tagKeys: ["tag key", "tag keys"],
  tags: ["tag", "tags"],
};

/** Known patterns (by their printed source) → what to type instead. */
const patternAdvice: readonly [RegExp, string][] = [
  [/^\^\[a-zA-Z0-9-_\]\*\$$/, "Use letters, digits, - and _ only (no spaces)."],
  [/^\^\[a-zA-Z0-9-\]\*\$$/, "Use letters, digits and - only."],
  [/^\^st-/, "A session id is st- followed by 13 letters or digits."],
  [/^\^\[a-z0-9-\.\]\+\$$/, "Use lowercase letters, digits, - and . only."],
  [/BEGIN PUBLIC KEY/, "Paste a PEM public key: -----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----."],
  [/\^arn:aws:ivs:.*?:\(?([a-z|-]+)\)?\//, "ARN"],
];

const plural = (n: number, [one, many]: readonly [string, string]) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function lastName(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === "string" && !/^\d+$/.test(key)) return key;
  }
  return "";
}

/**
 * A violation in words a person can act on. `origin` is zod's kind of the checked value ("string", "array",
 * "number", "record"); `path` names the member (a tag value sits at `tags.<key>`).
 */
export function plainMessage(
  message: string,
  { path = [], origin }: { path?: readonly PropertyKey[]; origin?: string } = {},
): string {
  const isTag = path[0] === "tags" && path.length === 2;
  const tagKey = isTag ? segment(path[1] as PropertyKey) : "";
  let m: RegExpMatchArray | null;
  if (message === "Member is required") return "Required.";
  if ((m = message.match(/^Member must be (a string|a number|a boolean|a list|a structure|a map of strings)$/))) {
    return m[1] === "a number" ? "Enter a number." : `Expected ${m[1]}.`;
  }
  if ((m = message.match(/^Map key must satisfy constraint: \[(.*)\]$/))) {
    const inner = plainMessage(m[1] ?? "", { origin: "string" });
    const subject = path[0] === "tags" ? `Tag key "${truncate(tagKey)}"` : "A key";
    return inner.startsWith("Too long") ? `${subject} is ${lowerFirst(inner)}` : `${subject}: ${lowerFirst(inner)}`;
  }
  if ((m = message.match(/^Member must have length (greater|less) than or equal to (\d+)$/))) {
    const n = Number(m[2]);
    const atLeast = m[1] === "greater";
    if (
      origin === "array" ||
      origin === "record" ||
      (origin === undefined && path[0] === "tags" && path.length === 1)
    ) {
      const noun = itemNouns[lastName(path)] ?? ["item", "items"];
      return atLeast ? `Add at least ${plural(n, noun)}.` : `At most ${plural(n, noun)}.`;
    }
    if (atLeast) return n === 1 ? "Required." : `Use at least ${plural(n, ["character", "characters"])}.`;
    return isTag
      ? `The value of tag "${truncate(tagKey)}" is too long: at most ${plural(n, ["character", "characters"])}.`
      : `Too long: at most ${plural(n, ["character", "characters"])}.`;
  }
  if ((m = message.match(/^Member must satisfy regular expression pattern: (.*)$/s))) {
    const source = m[1] ?? "";
    for (const [pattern, advice] of patternAdvice) {
      const hit = source.match(pattern);
      if (!hit) continue;
      if (advice === "ARN") {
        const kind = (hit[1] ?? "").includes("|") ? "IVS resource" : (hit[1] ?? "IVS resource").replaceAll("-", " ");
        return `Not a valid ${kind} ARN (arn:aws:ivs:<region>:<account>:${hit[1]?.includes("|") ? "<type>" : hit[1]}/<id>).`;
      }
      return advice;
    }
    return "Contains characters that are not allowed here.";
  }
  if ((m = message.match(/^Member must be (greater|less) than or equal to (-?[\d.]+)$/))) {
    const n = Number(m[2]).toLocaleString("en-US");
    return m[1] === "greater" ? `Must be ${n} or more.` : `Must be ${n} or less.`;
  }
  if (message === "Member must be an integer") return "Enter a whole number.";
  if (message === "Member must be an even number") return "Enter an even number.";
  if (message === "Member must have unique items") return "Each value may appear only once.";
  if ((m = message.match(/^Member must satisfy enum value set: \[(.*)\]$/))) return `Choose one of: ${m[1]}.`;
  if (message.startsWith("Member must be an ISO 8601 date-time"))
    return "Enter a date and time such as 2026-11-25T14:30:00Z.";
  if ((m = message.match(/^Member must have a total size .* less than or equal to (\d+)$/))) {
    return `Keys and values together may use at most ${Number(m[1]).toLocaleString("en-US")} bytes.`;
  }
  if ((m = message.match(/^Member must have width × height less than or equal to (\d+) \(got (.*)\)$/))) {
    return `Width × height may be at most ${Number(m[1]).toLocaleString("en-US")} pixels (1920 × 1080 either way); this is ${m[2]}.`;
  }
  if (message === "Member must set either channel or s3") return "Choose an IVS channel or an S3 recording.";
  if (message === "Member must set only one of channel or s3, not both")
    return "One destination sends to a channel or records to S3, not both.";
  if ((m = message.match(/^Member must not be set: at most one (channel|s3) destination is allowed/))) {
    return m[1] === "s3" ? "Only one S3 recording per composition." : "Only one channel destination per composition.";
  }
  if ((m = message.match(/^Member must not be set together with (\w+)/)))
    return `Use only one filter at a time (${m[1]} is already set).`;
  if ((m = message.match(/^Member must be true when (\w+) is (\w+)$/))) return `Must be on when ${m[1]} is ${m[2]}.`;
  // Our own messages are already plain; an unknown Smithy-style one still reads as a sentence.
  if (message.startsWith("Member must ")) return `Must ${message.slice("Member must ".length)}.`;
  return message;
}

const truncate = (text: string) => (text.length > 24 ? `${text.slice(0, 23)}…` : text);
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The `exceptionMessage` of a ValidationException for this error. */
export function formatValidationError(error: z.ZodError): string {
  const list = violations(error);
  const count = `${list.length} validation error${list.length === 1 ? "" : "s"} detected.`;
  const details = list.map((v) => `Value at '${v.pointer}' failed to satisfy constraint: ${v.message}`);
  return [count, details.join("; ")].filter((part) => part !== "").join(" ");
}

/**
 * Messages per dotted field path (`video.width`, `destinations.0.s3`; `""` = the whole request), for forms: the
 * plain wording with the AWS constraint attached (`splitConstraint` takes them apart; `Field` shows both).
 */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const { field, message, plain } of violations(error)) {
    (byField[field] ??= []).push(withConstraint(plain, message));
  }
  return byField;
}
