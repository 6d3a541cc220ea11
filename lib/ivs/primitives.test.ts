import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  Attributes,
  AutoParticipantRecordingStorageConfigurationArn,
  Bitrate,
  CompositionClientToken,
  CompositionRecordingTargetSegmentDurationSeconds,
  Framerate,
  GridGap,
  Height,
  IngestConfigurationStageArn,
  PaginationToken,
  ParticipantId,
  ParticipantRecordingReconnectWindowSeconds,
  ParticipantTokenDurationMinutes,
  ParticipantTokenId,
  PipWidth,
  PublicKeyMaterial,
  ReconnectWindowSeconds,
  ResourceArn,
  S3BucketName,
  StageArn,
  StageName,
  StageSessionId,
  TagKey,
  TagKeyList,
  TagValue,
  Tags,
  ThumbnailIntervalSeconds,
  UserId,
  Width,
  attributesByteLength,
  isoTimestamp,
  maxResults,
  outEnum,
} from "./primitives";
import { CompositionState, CompositionStateValues, IngestProtocol } from "./enums";
import { PEM, STAGE_ARN, STORAGE_ARN, issuesOf } from "./test-helpers";

const accepts = (schema: z.ZodType, value: unknown) => expect(issuesOf(schema, value)).toEqual([]);
const rejects = (schema: z.ZodType, value: unknown, message?: string) => {
  const issues = issuesOf(schema, value);
  expect(issues.length).toBeGreaterThan(0);
  if (message !== undefined) expect(issues).toContain(message);
};

const maxLen = (n: number) => `Member must have length less than or equal to ${n}`;
const minLen = (n: number) => `Member must have length greater than or equal to ${n}`;
const atMost = (n: number) => `Member must be less than or equal to ${n}`;
const atLeast = (n: number) => `Member must be greater than or equal to ${n}`;

/** An ARN of exactly `length` characters with the given prefix. */
const arnOfLength = (prefix: string, length: number) => prefix + "a".repeat(length - prefix.length);
const STAGE_PREFIX = "arn:aws:ivs:us-west-2:123456789012:stage/";

describe("length-bounded strings", () => {
  it("StageArn: 1–128 characters and the anchored stage pattern", () => {
    rejects(StageArn, "", minLen(1));
    accepts(StageArn, arnOfLength(STAGE_PREFIX, 128));
    rejects(StageArn, arnOfLength(STAGE_PREFIX, 129), maxLen(128));
    rejects(StageArn, "arn:aws-cn:ivs:cn-north-1:123456789012:stage/abc");
    rejects(StageArn, `${STAGE_ARN}/extra`);
    rejects(StageArn, `x${STAGE_ARN}`);
    rejects(
      StageArn,
      STORAGE_ARN,
      `Member must satisfy regular expression pattern: ^arn:aws:ivs:[a-z0-9-]+:[0-9]+:stage/[a-zA-Z0-9-]+$`,
    );
  });

  it("optional-ARN shapes accept the empty string", () => {
    accepts(AutoParticipantRecordingStorageConfigurationArn, "");
    accepts(AutoParticipantRecordingStorageConfigurationArn, STORAGE_ARN);
    rejects(AutoParticipantRecordingStorageConfigurationArn, STAGE_ARN);
    accepts(IngestConfigurationStageArn, "");
    accepts(IngestConfigurationStageArn, STAGE_ARN);
    rejects(IngestConfigurationStageArn, arnOfLength(STAGE_PREFIX, 129), maxLen(128));
  });

  it("ResourceArn accepts every taggable resource type, not the model's broken pattern", () => {
    for (const kind of [
      "stage",
      "composition",
      "encoder-configuration",
      "storage-configuration",
      "ingest-configuration",
      "public-key",
    ]) {
      accepts(ResourceArn, `arn:aws:ivs:us-west-2:123456789012:${kind}/abc-123`);
    }
    rejects(ResourceArn, "arn:aws:ivs:us-west-2:123456789012:channel/abc");
    rejects(ResourceArn, "arn:aws:ivs:us-west-2:123456789012:s/abc");
    rejects(ResourceArn, "", minLen(1));
    rejects(ResourceArn, arnOfLength(STAGE_PREFIX, 129), maxLen(128));
  });

  it("names: 0–128 of [a-zA-Z0-9-_]", () => {
    accepts(StageName, "");
    accepts(StageName, "a".repeat(128));
    rejects(StageName, "a".repeat(129), maxLen(128));
    accepts(StageName, "my_stage-1");
    rejects(StageName, "my stage", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$");
  });

  it("UserId: 0–128 characters, any text", () => {
    accepts(UserId, "");
    accepts(UserId, "ü ✓ ".repeat(32));
    rejects(UserId, "u".repeat(129), maxLen(128));
  });

  it("participant ids: 0–64; underscore only in token ids", () => {
    accepts(ParticipantId, "p".repeat(64));
    rejects(ParticipantId, "p".repeat(65), maxLen(64));
    rejects(ParticipantId, "abc_def");
    accepts(ParticipantTokenId, "abc_def");
    rejects(ParticipantTokenId, "p".repeat(65), maxLen(64));
  });

  it("StageSessionId: exactly 16 characters, st- prefix", () => {
    rejects(StageSessionId, "st-a1b2c3d4e5f6", minLen(16));
    accepts(StageSessionId, "st-a1b2c3d4e5f6g");
    rejects(StageSessionId, "st-a1b2c3d4e5f6gh", maxLen(16));
    rejects(StageSessionId, "sx-a1b2c3d4e5f6g");
    rejects(StageSessionId, "st-ZyXwvu1T2s");
  });

  it("PaginationToken: 0–1024 of base64url-ish characters", () => {
    accepts(PaginationToken, "");
    accepts(PaginationToken, "A".repeat(1024));
    rejects(PaginationToken, "A".repeat(1025), maxLen(1024));
    accepts(PaginationToken, "ab+/=_-");
    rejects(PaginationToken, "a b");
  });

  it("CompositionClientToken: 1–64", () => {
    rejects(CompositionClientToken, "", minLen(1));
    accepts(CompositionClientToken, "t");
    accepts(CompositionClientToken, "t".repeat(64));
    rejects(CompositionClientToken, "t".repeat(65), maxLen(64));
  });

  it("S3BucketName: 3–63 lowercase", () => {
    rejects(S3BucketName, "ab", minLen(3));
    accepts(S3BucketName, "abc");
    accepts(S3BucketName, "b".repeat(63));
    rejects(S3BucketName, "b".repeat(64), maxLen(63));
    accepts(S3BucketName, "amzn-s3-demo.bucket");
    rejects(S3BucketName, "Bucket");
  });

  it("PublicKeyMaterial: a PEM public key block", () => {
    accepts(PublicKeyMaterial, PEM);
    accepts(PublicKeyMaterial, PEM.trimEnd());
    accepts(PublicKeyMaterial, PEM.replaceAll("\n", "\r\n"));
    rejects(PublicKeyMaterial, "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE");
    rejects(PublicKeyMaterial, PEM.replace("PUBLIC KEY", "PRIVATE KEY"));
  });
});

describe("tags", () => {
  it("TagKey 1–128, TagValue 0–256", () => {
    rejects(TagKey, "", minLen(1));
    accepts(TagKey, "k".repeat(128));
    rejects(TagKey, "k".repeat(129), maxLen(128));
    accepts(TagValue, "");
    accepts(TagValue, "v".repeat(256));
    rejects(TagValue, "v".repeat(257), maxLen(256));
  });

  it("Tags: at most 50 entries, key and value constraints per entry", () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    accepts(Tags, {});
    accepts(Tags, tags(50));
    rejects(Tags, tags(51), maxLen(50));
    rejects(Tags, { "": "v" }, `Map key must satisfy constraint: [${minLen(1)}]`);
    rejects(Tags, { k: "v".repeat(257) }, maxLen(256));
    rejects(Tags, { k: 1 }, "Member must be a string");
  });

  it("TagKeyList: 0–50 keys", () => {
    accepts(TagKeyList, []);
    accepts(
      TagKeyList,
      Array.from({ length: 50 }, (_, i) => `k${i}`),
    );
    rejects(
      TagKeyList,
      Array.from({ length: 51 }, (_, i) => `k${i}`),
      maxLen(50),
    );
  });
});

describe("attributes: the 1 KB rule counts UTF-8 bytes of keys and values", () => {
  it("measures bytes, not characters", () => {
    expect(attributesByteLength({ ab: "cd" })).toBe(4);
    expect(attributesByteLength({ k: "é" })).toBe(3);
    expect(attributesByteLength({ k: "🎥" })).toBe(5);
  });

  it("accepts exactly 1024 bytes and rejects 1025", () => {
    accepts(Attributes, { key: "v".repeat(1021) });
    rejects(
      Attributes,
      { key: "v".repeat(1022) },
      "Member must have a total size (UTF-8 bytes of all keys and values) less than or equal to 1024",
    );
    accepts(Attributes, { a: "x".repeat(500), b: "y".repeat(522) });
    rejects(Attributes, { a: "x".repeat(500), b: "y".repeat(523) });
    // 2-byte characters: 511 × 2 + 1 key byte = 1023 bytes fits; one more does not.
    accepts(Attributes, { k: "é".repeat(511) });
    rejects(Attributes, { k: "é".repeat(512) });
  });
});

describe("numbers", () => {
  const integerBounds = (schema: z.ZodType, min: number, max: number | undefined) => {
    rejects(schema, min - 1, atLeast(min));
    accepts(schema, min);
    if (max !== undefined) {
      accepts(schema, max);
      rejects(schema, max + 1, atMost(max));
    }
    rejects(schema, min + 0.5, "Member must be an integer");
    rejects(schema, String(min), "Member must be a number");
  };

  it("ParticipantTokenDurationMinutes 1–20160", () => integerBounds(ParticipantTokenDurationMinutes, 1, 20160));
  it("maxResults 1–100 and 1–50", () => {
    integerBounds(maxResults(100), 1, 100);
    integerBounds(maxResults(50), 1, 50);
  });
  it("Bitrate 1–8,500,000", () => integerBounds(Bitrate, 1, 8_500_000));
  it("segment durations 2–10", () => integerBounds(CompositionRecordingTargetSegmentDurationSeconds, 2, 10));
  it("thumbnail interval 1–86400", () => integerBounds(ThumbnailIntervalSeconds, 1, 86400));
  it("reconnect windows 0–300", () => {
    integerBounds(ParticipantRecordingReconnectWindowSeconds, 0, 300);
    integerBounds(ReconnectWindowSeconds, 0, 300);
  });
  it("gridGap ≥ 0, pipWidth ≥ 1, no maximum", () => {
    integerBounds(GridGap, 0, undefined);
    accepts(GridGap, 1_000_000);
    integerBounds(PipWidth, 1, undefined);
  });

  it("Width/Height 2–1920 and even", () => {
    for (const schema of [Width, Height]) {
      rejects(schema, 0, atLeast(2));
      accepts(schema, 2);
      accepts(schema, 1920);
      rejects(schema, 1922, atMost(1920));
      rejects(schema, 721, "Member must be an even number");
      rejects(schema, 720.5, "Member must be an integer");
    }
  });

  it("Framerate 1–60, fractions allowed", () => {
    rejects(Framerate, 0.99, atLeast(1));
    accepts(Framerate, 1);
    accepts(Framerate, 29.97);
    accepts(Framerate, 60);
    rejects(Framerate, 60.01, atMost(60));
  });

  it("missing values read as required; NaN and Infinity are not numbers", () => {
    rejects(Bitrate, undefined, "Member is required");
    rejects(Bitrate, Number.NaN, "Member must be a number");
    rejects(Bitrate, Number.POSITIVE_INFINITY, "Member must be a number");
  });
});

describe("enums", () => {
  it("request enums are strict and list the value set", () => {
    accepts(IngestProtocol, "RTMPS");
    rejects(IngestProtocol, "rtmps", "Member must satisfy enum value set: [RTMP, RTMPS]");
    rejects(IngestProtocol, "", "Member must satisfy enum value set: [RTMP, RTMPS]");
    rejects(IngestProtocol, undefined, "Member is required");
    expect(CompositionState.options).toEqual([...CompositionStateValues]);
  });

  it("response enums also accept the empty string", () => {
    const state = outEnum(CompositionStateValues);
    accepts(state, "");
    accepts(state, "ACTIVE");
    rejects(state, "PAUSED");
  });
});

describe("isoTimestamp", () => {
  const parse = (value: unknown) => isoTimestamp.parse(value);

  it("normalises to Date#toISOString()", () => {
    expect(parse("2023-11-01T06:25:37Z")).toBe("2023-11-01T06:25:37.000Z");
    expect(parse("2023-04-26T20:30:29.602Z")).toBe("2023-04-26T20:30:29.602Z");
  });

  it("accepts fractions of any precision", () => {
    expect(parse("2023-04-26T20:30:29.6Z")).toBe("2023-04-26T20:30:29.600Z");
    expect(parse("2023-04-26T20:30:29.602000+00:00")).toBe("2023-04-26T20:30:29.602Z");
    expect(parse("2023-10-16T23:25:00.786512+00:00")).toBe("2023-10-16T23:25:00.786Z");
  });

  it("applies offsets", () => {
    expect(parse("2023-04-26T20:30:34+00:00")).toBe("2023-04-26T20:30:34.000Z");
    expect(parse("2023-04-26T20:30:34+05:30")).toBe("2023-04-26T15:00:34.000Z");
    expect(parse("2023-04-26T20:30:34.5-07:00")).toBe("2023-04-27T03:30:34.500Z");
    expect(parse("2023-12-31T23:30:00-01:00")).toBe("2024-01-01T00:30:00.000Z");
  });

  it("accepts leap days only in leap years", () => {
    expect(parse("2024-02-29T00:00:00Z")).toBe("2024-02-29T00:00:00.000Z");
    rejects(isoTimestamp, "2023-02-29T00:00:00Z");
  });

  it("rejects everything else", () => {
    for (const value of [
      "2023-04-26T20:30:29", // no zone
      "2023-04-26T20:30Z", // no seconds
      "2023-04-26", // date only
      "2023-04-26 20:30:29Z", // space separator
      "2023-04-26T20:30:29.Z", // empty fraction
      "2023-04-26T24:00:00Z",
      "2023-04-26T20:30:60Z",
      "2023-13-01T00:00:00Z",
      "2023-04-31T00:00:00Z",
      "2023-04-26T20:30:29+0000",
      "2023-04-26T20:30:29+05",
      "Wed, 26 Apr 2023 20:30:29 GMT",
      "",
      1682541029,
      null,
      new Date("2023-04-26T20:30:29Z"),
    ]) {
      rejects(isoTimestamp, value);
    }
  });
});
