import type { z } from "zod";

/** Messages of a failed parse (empty when the value is accepted). Test helper. */
export function issuesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

/** `path: message` pairs of a failed parse, paths dotted. Test helper. */
export function issuePaths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`);
}

export const STAGE_ARN = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh";
export const STAGE_ARN_2 = "arn:aws:ivs:us-west-2:123456789012:stage/ABCDabcdefgh";
export const CHANNEL_ARN = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";
export const ENCODER_ARN = "arn:aws:ivs:us-west-2:123456789012:encoder-configuration/ABabCDcdEFef";
export const STORAGE_ARN = "arn:aws:ivs:us-west-2:123456789012:storage-configuration/ABabCDcdEFef";
export const COMPOSITION_ARN = "arn:aws:ivs:us-west-2:123456789012:composition/abcdABCDefgh";
export const INGEST_ARN = "arn:aws:ivs:us-west-2:123456789012:ingest-configuration/AbCdEfGh1234";
export const PUBLIC_KEY_ARN = "arn:aws:ivs:us-west-2:123456789012:public-key/f99cde61-c2b0-4df3-8941-ca7d38acca1a";
export const SESSION_ID = "st-a1b2c3d4e5f6g";
export const PEM =
  "-----BEGIN PUBLIC KEY-----\nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEAbCdEfGh1234567890abcdefABCDEF+/=\n-----END PUBLIC KEY-----\n";
