import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Participant tokens minted by the emulator: JWT-shaped `base64url(header).base64url(payload).base64url(sig)`
 * with header `{"alg":"KMS","typ":"JWT"}` like IVS-issued tokens (api doc §10.1). The signature is an
 * HMAC-SHA256 over `header.payload` with the world's secret, so the emulator recognises its own tokens
 * (for the join simulation) while clients still see an opaque, realistic string.
 */

const claimsSchema = z.object({
  exp: z.number().int(),
  iat: z.number().int(),
  jti: z.string(),
  resource: z.string(),
  topic: z.string(),
  events_url: z.string(),
  whip_url: z.string(),
  capabilities: z.object({ allow_publish: z.boolean(), allow_subscribe: z.boolean() }),
  user_id: z.string().optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  version: z.literal("1.0"),
});

/** The payload of an emulator-issued participant token. */
export type ParticipantTokenClaims = z.infer<typeof claimsSchema>;

const HEADER = Buffer.from(JSON.stringify({ alg: "KMS", typ: "JWT" })).toString("base64url");

function sign(secret: Uint8Array, signingInput: string): Buffer {
  return createHmac("sha256", secret).update(signingInput).digest();
}

export function mintParticipantToken(secret: Uint8Array, claims: ParticipantTokenClaims): string {
  const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${signingInput}.${sign(secret, signingInput).toString("base64url")}`;
}

export type TokenVerification =
  | { readonly ok: true; readonly claims: ParticipantTokenClaims }
  | { readonly ok: false; readonly reason: "malformed" | "bad-signature" | "expired" };

function parseClaims(payload: string): ParticipantTokenClaims | undefined {
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks that `token` was minted by this emulator (same secret) and has not expired at `nowMs`.
 * Revocation (DisconnectParticipant, DeleteStage) is tracked in the store: see `findIssuedToken`.
 */
export function verifyParticipantToken(secret: Uint8Array, token: string, nowMs: number): TokenVerification {
  const [header, payload, signature, ...extra] = token.split(".");
  if (header !== HEADER || payload === undefined || signature === undefined || extra.length > 0) {
    return { ok: false, reason: "malformed" };
  }
  const expected = sign(secret, `${header}.${payload}`);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad-signature" };
  const claims = parseClaims(payload);
  if (!claims) return { ok: false, reason: "malformed" };
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}
