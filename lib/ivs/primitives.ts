import { z } from "zod";
import { arnOrEmptyPattern, arnPattern } from "./patterns";

/**
 * Scalar shapes of the IVS Real-Time API (strings, numbers, maps) with the constraints of the AWS model.
 *
 * Request-side shapes carry every documented constraint and a Smithy-style message per violated constraint
 * ("Member must …"), so a ZodError can be rendered as an AWS ValidationException text (validation-message.ts).
 * Response-side shapes (`out…`) are deliberately lenient: the service fills them and the client must not
 * reject what it cannot change.
 *
 * String lengths are counted by zod in code points (as JSON Schema and Smithy do), not UTF-16 units; the
 * difference matters only for astral characters (emoji) in the few unpatterned members.
 */

// ---------------------------------------------------------------------------------------------------------
// Messages

export const messages = {
  required: "Member is required",
  type: (what: string) => `Member must be ${what}`,
  minLength: (n: number) => `Member must have length greater than or equal to ${n}`,
  maxLength: (n: number) => `Member must have length less than or equal to ${n}`,
  // `RegExp#source` escapes `/` as `\/`; AWS prints patterns without that escape.
  pattern: (pattern: RegExp) =>
    `Member must satisfy regular expression pattern: ${pattern.source.replaceAll("\\/", "/")}`,
  min: (n: number) => `Member must be greater than or equal to ${n}`,
  max: (n: number) => `Member must be less than or equal to ${n}`,
  integer: "Member must be an integer",
  even: "Member must be an even number",
  uniqueItems: "Member must have unique items",
  enumValues: (values: readonly string[]) => `Member must satisfy enum value set: [${values.join(", ")}]`,
  timestamp: "Member must be an ISO 8601 date-time with seconds and a time zone (Z or ±HH:MM)",
} as const;

/** Error map for a schema's own check: a missing member reads "required", any other value gets `message`. */
export function missingOr(message: string) {
  return (issue: { readonly input: unknown }) =>
    issue.input === undefined || issue.input === null ? messages.required : message;
}

function typeError(what: string) {
  return missingOr(messages.type(what));
}

// ---------------------------------------------------------------------------------------------------------
// Building blocks

export interface StringRules {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

/** A request string with optional length bounds and a full-string pattern. */
export function str({ min, max, pattern }: StringRules = {}) {
  let schema = z.string({ error: typeError("a string") });
  if (min !== undefined && min > 0) schema = schema.min(min, messages.minLength(min));
  if (max !== undefined) schema = schema.max(max, messages.maxLength(max));
  if (pattern !== undefined) schema = schema.regex(pattern, messages.pattern(pattern));
  return schema;
}

/** A request integer within [min, max] (either bound optional). */
export function int(min?: number, max?: number) {
  let schema = z.number({ error: typeError("a number") }).int(messages.integer);
  if (min !== undefined) schema = schema.min(min, messages.min(min));
  if (max !== undefined) schema = schema.max(max, messages.max(max));
  return schema;
}

/** A request floating-point number within [min, max]. */
export function float(min: number, max: number) {
  return z
    .number({ error: typeError("a number") })
    .min(min, messages.min(min))
    .max(max, messages.max(max));
}

export function bool() {
  return z.boolean({ error: typeError("a boolean") });
}

export interface ListRules {
  readonly min?: number;
  readonly max?: number;
  /** Smithy `@uniqueItems` for lists of scalars. */
  readonly unique?: boolean;
}

/** A request list with Smithy-style item-count messages (Smithy calls the item count "length"). */
export function list<T extends z.ZodType>(item: T, { min, max, unique }: ListRules = {}) {
  let schema = z.array(item, { error: typeError("a list") });
  if (min !== undefined && min > 0) schema = schema.min(min, messages.minLength(min));
  if (max !== undefined) schema = schema.max(max, messages.maxLength(max));
  if (unique) schema = schema.refine((items) => new Set(items).size === items.length, messages.uniqueItems);
  return schema;
}

/** Request map: key failures are reported as "Map key must satisfy constraint: [...]" at the key's path. */
function map<K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V) {
  return z.record(key, value, {
    error: (issue) => {
      if (issue.code === "invalid_key") {
        return `Map key must satisfy constraint: [${issue.issues.map((inner) => inner.message).join("; ")}]`;
      }
      return typeError("a map of strings")(issue);
    },
  });
}

/** Object error map shared by every request/response structure. */
export const objectError = { error: typeError("a structure") } as const;

// ---------------------------------------------------------------------------------------------------------
// ARNs (all model patterns hard-code the `aws` partition, §3)

/** An ARN of one IVS resource kind, 1–128 characters. */
export function arn(kind: string) {
  return str({ min: 1, max: 128, pattern: arnPattern(kind) });
}

/** An ARN of one IVS resource kind or `""` (meaning "none"), 0–128 characters. */
export function arnOrEmpty(kind: string) {
  return str({ max: 128, pattern: arnOrEmptyPattern(kind) });
}

export const StageArn = arn("stage");
export const CompositionArn = arn("composition");
export const EncoderConfigurationArn = arn("encoder-configuration");
export const StorageConfigurationArn = arn("storage-configuration");
export const IngestConfigurationArn = arn("ingest-configuration");
export const PublicKeyArn = arn("public-key");
/** An IVS low-latency channel (composition broadcast target). */
export const ChannelArn = arn("channel");
/** `""` disables individual participant recording. */
export const AutoParticipantRecordingStorageConfigurationArn = arnOrEmpty("storage-configuration");
/** `""` detaches the ingest configuration from any stage. */
export const IngestConfigurationStageArn = arnOrEmpty("stage");
/**
 * Tag operations. The model's own pattern has `[a-z-]` (one character) where the resource type goes, so it
 * matches no real ARN; this accepts an ARN of any taggable IVS Real-Time resource type instead.
 */
export const ResourceArn = arn(
  "(stage|composition|encoder-configuration|storage-configuration|ingest-configuration|public-key)",
);

// ---------------------------------------------------------------------------------------------------------
// Names, ids, tokens

const NAME_PATTERN = /^[a-zA-Z0-9-_]*$/;

/** Resource names: 0–128 characters of letters, digits, `-` and `_`; not unique. */
export function name() {
  return str({ max: 128, pattern: NAME_PATTERN });
}

export const StageName = name();
export const EncoderConfigurationName = name();
export const StorageConfigurationName = name();
export const IngestConfigurationName = name();
export const PublicKeyName = name();
export const DestinationConfigurationName = name();
/** Names a participant attribute (featured / PiP / order selection in layouts). */
export const AttributeKey = str({ max: 128, pattern: NAME_PATTERN });

/** Free-form user id (any UTF-8), 0–128. Also the shape of ParticipantTokenUserId. */
export const UserId = str({ max: 128 });
/** Participant id used by GetParticipant, ListParticipantEvents and replication: no underscore. */
export const ParticipantId = str({ max: 64, pattern: /^[a-zA-Z0-9-]*$/ });
/** Participant id as carried by tokens and DisconnectParticipant: underscore allowed. */
export const ParticipantTokenId = str({ max: 64, pattern: /^[a-zA-Z0-9-_]*$/ });
/** `st-` followed by 13 alphanumerics: exactly 16 characters. */
export const StageSessionId = str({ min: 16, max: 16, pattern: /^st-[a-zA-Z0-9]+$/ });
export const DisconnectParticipantReason = str({ max: 128 });
export const PaginationToken = str({ max: 1024, pattern: /^[a-zA-Z0-9+/=_-]*$/ });
export const CompositionClientToken = str({ min: 1, max: 64, pattern: /^[a-zA-Z0-9-_]*$/ });
export const S3BucketName = str({ min: 3, max: 63, pattern: /^[a-z0-9-.]+$/ });
/**
 * PEM-encoded public key. The Smithy pattern is not anchored, and Smithy patterns are searched for rather
 * than matched against the whole string, so surrounding text (e.g. a trailing newline) is allowed.
 */
export const PublicKeyMaterial = str({
  pattern: /-----BEGIN PUBLIC KEY-----\r?\n([a-zA-Z0-9+/=\r\n]+)\r?\n-----END PUBLIC KEY-----(\r?\n)?/,
});

// ---------------------------------------------------------------------------------------------------------
// Tags and attributes

export const MAX_TAGS = 50;
export const TagKey = str({ min: 1, max: 128 });
export const TagValue = str({ max: 256 });
/** At most 50 tags per resource. */
export const Tags = map(TagKey, TagValue).refine(
  (tags) => Object.keys(tags).length <= MAX_TAGS,
  `Member must have length less than or equal to ${MAX_TAGS}`,
);
/** UntagResource `tagKeys`: 0–50 keys. */
export const TagKeyList = list(TagKey, { max: MAX_TAGS });

export const MAX_ATTRIBUTES_BYTES = 1024;
const utf8 = new TextEncoder();

/** Size that the "1 KB total" attribute limit is measured on (see `Attributes`). */
export function attributesByteLength(attributes: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const [key, value] of Object.entries(attributes)) {
    total += utf8.encode(key).length + utf8.encode(value).length;
  }
  return total;
}

/**
 * Participant attributes (tokens, ingest configurations, replication): string → string, "1 KB total".
 * AWS does not say how the kilobyte is measured. Our choice: the sum of the UTF-8 byte lengths of every key
 * and every value must be at most 1024 (JSON punctuation and quotes are not counted).
 */
export const Attributes = map(str(), str()).refine(
  (attributes) => attributesByteLength(attributes) <= MAX_ATTRIBUTES_BYTES,
  `Member must have a total size (UTF-8 bytes of all keys and values) less than or equal to ${MAX_ATTRIBUTES_BYTES}`,
);

// ---------------------------------------------------------------------------------------------------------
// Numbers

/** Token lifetime in minutes: 1 minute to 14 days. */
export const ParticipantTokenDurationMinutes = int(1, 20160);
/** `maxResults` of a List operation: 1–100 for most, 1–50 for ListParticipantReplicas. */
export function maxResults(max: 100 | 50) {
  return int(1, max);
}
/** Composition output size; even values only (the width × height ≤ 2,073,600 rule lives on Video). */
export const Width = int(2, 1920).multipleOf(2, messages.even);
export const Height = int(2, 1920).multipleOf(2, messages.even);
export const MAX_VIDEO_PIXELS = 2_073_600;
export const Framerate = float(1, 60);
/** Bits per second. */
export const Bitrate = int(1, 8_500_000);
export const GridGap = int(0);
export const PipOffset = int(0);
export const PipWidth = int(1);
export const PipHeight = int(1);
export const CompositionRecordingTargetSegmentDurationSeconds = int(2, 10);
export const ParticipantRecordingTargetSegmentDurationSeconds = int(2, 10);
export const ThumbnailIntervalSeconds = int(1, 86400);
/** 0 = fragments of one reconnecting publisher are not merged. */
export const ParticipantRecordingReconnectWindowSeconds = int(0, 300);
export const ReconnectWindowSeconds = int(0, 300);

// ---------------------------------------------------------------------------------------------------------
// Response-side shapes

/**
 * Response timestamps. Accepts RFC 3339 date-times with seconds, optional fractional seconds of any
 * precision, and `Z` or a `±HH:MM` offset; rejects everything else (dates only, missing zone, epoch
 * numbers, impossible dates). Normalises to the app's one representation: `Date#toISOString()`, UTC with
 * milliseconds, e.g. `2023-04-26T20:30:29.602Z` (digits beyond milliseconds are dropped).
 */
export const isoTimestamp = z.iso
  .datetime({ offset: true, error: messages.timestamp })
  .transform((value) => new Date(value).toISOString());

export const outString = z.string();
export const outNumber = z.number();
export const outBoolean = z.boolean();
export const outStringMap = z.record(z.string(), z.string());
export const outStringList = z.array(z.string());

/** Response enum: the known values, or `""` where the service leaves the member unset. */
export function outEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const withEmpty: [...T, ""] = [...values, ""];
  return z.enum(withEmpty);
}
