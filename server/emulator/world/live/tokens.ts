import { nowMs, type IssuedTokenRecord, type RegionStore, type ParticipantRecord, type StageRecord } from "../store";
import { verifyParticipantToken, type ParticipantTokenClaims } from "../tokens";
import { joinParticipant, type JoinSpec } from "./participants";

/**
 * Issued participant tokens: whether a token may join, and joining with one.
 */
/** The token issued for this participant id on this stage, if any. */
export function findIssuedToken(
  store: RegionStore,
  stageArn: string,
  participantId: string,
): IssuedTokenRecord | undefined {
  const token = store.tokens.get(participantId);
  return token?.stageArn === stageArn ? token : undefined;
}

/** Why a token cannot join. `unknown-token`: signed by this world but not (or no longer) on record. */
export type TokenRefusal = "malformed" | "bad-signature" | "expired" | "revoked" | "unknown-stage" | "unknown-token";

export type TokenCheck =
  | {
      readonly ok: true;
      readonly claims: ParticipantTokenClaims;
      readonly stage: StageRecord;
      readonly issued: IssuedTokenRecord;
    }
  /** `claims` is present whenever the signature verified (so the refused participant id is known). */
  | { readonly ok: false; readonly reason: TokenRefusal; readonly claims?: ParticipantTokenClaims };

/**
 * Whether a token string may join now: one this world signed, unexpired (on the world clock), for a stage that
 * still exists, issued and not revoked (DisconnectParticipant, DeleteStage).
 */
export function checkToken(store: RegionStore, token: string): TokenCheck {
  // Verifying at time 0 checks the signature only; expiry is checked against the world clock below.
  const verified = verifyParticipantToken(store.world.secret, token, 0);
  if (!verified.ok) return { ok: false, reason: verified.reason };
  const { claims } = verified;
  if (claims.exp * 1000 <= nowMs(store)) return { ok: false, reason: "expired", claims };
  const stage = store.stages.get(claims.resource);
  if (!stage) return { ok: false, reason: "unknown-stage", claims };
  const issued = findIssuedToken(store, stage.arn, claims.jti);
  if (!issued) return { ok: false, reason: "unknown-token", claims };
  if (issued.revoked) return { ok: false, reason: "revoked", claims };
  return { ok: true, claims, stage, issued };
}

/** The join of a token's participant: its id, user id and attributes come from the token. */
export function tokenJoinSpec(claims: ParticipantTokenClaims): JoinSpec {
  return {
    participantId: claims.jti,
    ...(claims.user_id === undefined ? {} : { userId: claims.user_id }),
    ...(claims.attributes === undefined ? {} : { attributes: claims.attributes }),
  };
}

export type TokenJoinResult =
  | { readonly ok: true; readonly participant: ParticipantRecord }
  | { readonly ok: false; readonly reason: "malformed" | "bad-signature" | "expired" | "revoked" | "unknown-stage" };

/**
 * A client joins with a token string (see `checkToken`). Joins as the token's participant with its user id
 * and attributes.
 */
export function joinWithToken(
  store: RegionStore,
  token: string,
  spec: Pick<JoinSpec, "protocol" | "client"> = {},
): TokenJoinResult {
  const checked = checkToken(store, token);
  if (!checked.ok) return { ok: false, reason: checked.reason === "unknown-token" ? "revoked" : checked.reason };
  const participant = joinParticipant(store, checked.stage, { ...spec, ...tokenJoinSpec(checked.claims) });
  return { ok: true, participant };
}
