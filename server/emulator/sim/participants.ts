import type { EventErrorCode } from "@/lib/ivs/enums";
import { conflict, validation } from "../errors";
import { isoTime } from "../world/data";
import type { Scope } from "../world/ids";
import { joinParticipant, leaveParticipant, setPublishing, type ClientFacts } from "../world/live/participants";
import { findActiveParticipant } from "../world/live/sessions";
import { startSubscription, stopSubscription } from "../world/live/subscriptions";
import { checkToken, tokenJoinSpec, type TokenCheck } from "../world/live/tokens";
import { issueParticipantToken } from "../world/participant-tokens";
import type { ParticipantTokenConfiguration } from "../world/shapes";
import {
  participantKey,
  requireStage,
  type ParticipantRecord,
  type RegionStore,
  type StageRecord,
} from "../world/store";
import type { ParticipantTokenClaims } from "../world/tokens";
import { randomClientFacts } from "./client-facts";
import type { SimContext, VirtualClient } from "./context";
import { admitIngest, joinIngest } from "./ingest";
import {
  act,
  connected,
  errorEvent,
  outcome,
  present,
  publishNow,
  registerClient,
  resolve,
  SimRefusal,
  subscriberQuotaLeft,
  type ParticipantRef,
  type Resolved,
  type SimOutcome,
} from "./kit";

/**
 * Simulated participants (virtual clients, no media): join with a participant token, publish, subscribe, leave,
 * drop and reconnect, fail. Each action returns the events it appended to the participant's timeline.
 */

export interface JoinRequest extends ParticipantTokenConfiguration {
  readonly stageArn: string;
  /**
   * A token from CreateParticipantToken or CreateStage. Without one the emulator mints a token for the stage
   * (like CreateParticipantToken, from `duration`, `userId`, `attributes`, `capabilities`) and returns it.
   */
  readonly token?: string;
  /** Start publishing right after joining. */
  readonly publish?: boolean;
  /** Client facts; those left out are drawn at random (seeded). */
  readonly client?: ClientFacts;
}

export type FailureEvent = "PUBLISH_ERROR" | "SUBSCRIBE_ERROR" | "JOIN_ERROR";

export interface FailureSpec {
  readonly event: FailureEvent;
  readonly errorCode: EventErrorCode;
  /** SUBSCRIBE_ERROR only: the publisher (`remoteParticipantId`); a subscription to it ends. */
  readonly targetParticipantId?: string;
}

// ---- token admission ----------------------------------------------------------------------------------------

function tokenRefusal(checked: Exclude<TokenCheck, { ok: true }>, stage: StageRecord): SimRefusal {
  const claims = checked.claims;
  switch (checked.reason) {
    case "expired":
      return new SimRefusal(
        "AccessDeniedException",
        403,
        `The participant token expired at ${isoTime((claims?.exp ?? 0) * 1000)}.`,
        "expired",
      );
    case "revoked":
      return new SimRefusal(
        "AccessDeniedException",
        403,
        "The participant token was revoked (DisconnectParticipant or DeleteStage).",
        "revoked",
      );
    case "unknown-stage":
      return new SimRefusal(
        "ValidationException",
        400,
        `The participant token was issued for another stage, not ${stage.arn}.`,
        "foreign-stage",
      );
    case "unknown-token":
      return new SimRefusal(
        "ValidationException",
        400,
        "The participant token is not on record in this account and region.",
        "unknown-token",
      );
    default:
      return new SimRefusal(
        "ValidationException",
        400,
        "The participant token was not issued by this emulator or is malformed.",
        checked.reason,
      );
  }
}

type Admission =
  { readonly ok: true; readonly claims: ParticipantTokenClaims } | { readonly ok: false; readonly outcome: SimOutcome };

/**
 * A token may join `stage` when `checkToken` accepts it and it was issued for that stage. An expired or revoked
 * token whose participant is in the stage's active session gets a JOIN_ERROR event on that participant (the
 * attempt is visible in ListParticipantEvents); every other refusal is thrown (nobody to record it on).
 */
function admitToken(store: RegionStore, stage: StageRecord, token: string): Admission {
  const sinceSeq = store.lastSeq;
  const checked = checkToken(store, token);
  if (checked.ok && checked.stage === stage) return { ok: true, claims: checked.claims };
  if (checked.ok) {
    throw new SimRefusal(
      "ValidationException",
      400,
      `The participant token was issued for ${checked.stage.arn}, not ${stage.arn}.`,
      "foreign-stage",
    );
  }
  const claims = checked.claims;
  const recordable = (checked.reason === "expired" || checked.reason === "revoked") && claims?.resource === stage.arn;
  const existing = recordable ? findActiveParticipant(store, stage, claims.jti) : undefined;
  if (!existing) throw tokenRefusal(checked, stage);
  errorEvent(store, existing, "JOIN_ERROR");
  return { ok: false, outcome: outcome(store, existing, sinceSeq) };
}

const capabilitiesOf = (claims: ParticipantTokenClaims) => ({
  canPublish: claims.capabilities.allow_publish,
  canSubscribe: claims.capabilities.allow_subscribe,
});

function mintToken(store: RegionStore, stage: StageRecord, request: JoinRequest): string {
  const { duration, userId, attributes, capabilities } = request;
  const config: ParticipantTokenConfiguration = {
    ...(duration === undefined ? {} : { duration }),
    ...(userId === undefined ? {} : { userId }),
    ...(attributes === undefined ? {} : { attributes }),
    ...(capabilities === undefined ? {} : { capabilities }),
  };
  return issueParticipantToken(store, stage, config).token ?? "";
}

function ensureNoTokenConfiguration(request: JoinRequest): void {
  const given = (["duration", "userId", "attributes", "capabilities"] as const).filter(
    (key) => request[key] !== undefined,
  );
  if (request.token !== undefined && given.length > 0) {
    throw validation(
      `${given.join(", ")} can only be given when the emulator mints the token (no token in the request).`,
    );
  }
}

// ---- actions ------------------------------------------------------------------------------------------------

/**
 * A client joins a stage with a token (protocol WHIP): the participant id is the token's `jti`, its user id and
 * attributes come from the token, its capabilities are enforced from then on. 409 when it is connected already.
 */
export function join(ctx: SimContext, scope: Scope, request: JoinRequest): SimOutcome {
  ensureNoTokenConfiguration(request);
  const store = ctx.world.region(scope);
  const stage = requireStage(store, request.stageArn);
  const minted = request.token === undefined ? mintToken(store, stage, request) : undefined;
  const token = request.token ?? minted ?? "";
  const sinceSeq = store.lastSeq;
  const admitted = admitToken(store, stage, token);
  if (!admitted.ok) return admitted.outcome;
  const { claims } = admitted;
  if (findActiveParticipant(store, stage, claims.jti)?.data.state === "CONNECTED") {
    throw conflict(`Participant ${claims.jti} is already connected to stage ${stage.arn}.`);
  }
  const client = registerClient(ctx, store, {
    stageArn: stage.arn,
    participantId: claims.jti,
    kind: "token",
    token,
    ...capabilitiesOf(claims),
    client: clientFacts(ctx, request.client),
    resumePublishing: false,
  });
  const participant = joinTokenClient(store, stage, client, claims);
  if (request.publish) publishNow(ctx, store, client, participant);
  return outcome(store, participant, sinceSeq, minted);
}

/** The given client facts, the missing ones drawn at random. */
function clientFacts(ctx: SimContext, given: ClientFacts = {}): ClientFacts {
  const defined = Object.entries(given).filter(([, value]) => value !== undefined);
  return { ...randomClientFacts(ctx.random), ...Object.fromEntries(defined) };
}

function joinTokenClient(
  store: RegionStore,
  stage: StageRecord,
  client: VirtualClient,
  claims: ParticipantTokenClaims,
): ParticipantRecord {
  return joinParticipant(store, stage, { ...tokenJoinSpec(claims), protocol: "WHIP", client: client.client });
}

/** Starts publishing (PUBLISH_STARTED), or PUBLISH_ERROR INSUFFICIENT_CAPABILITIES / QUOTA_EXCEEDED. */
export function publish(ctx: SimContext, scope: Scope, ref: ParticipantRef): SimOutcome {
  const resolved = resolve(ctx, scope, ref);
  const participant = connected(resolved);
  return act(resolved.store, participant, () => publishNow(ctx, resolved.store, resolved.client, participant));
}

/** Stops publishing: PUBLISH_STOPPED, and SUBSCRIBE_STOPPED for each of its subscribers. */
export function unpublish(ctx: SimContext, scope: Scope, ref: ParticipantRef): SimOutcome {
  const resolved = resolve(ctx, scope, ref);
  const participant = connected(resolved);
  return act(resolved.store, participant, () => setPublishing(resolved.store, participant, false));
}

function subscribeNow(ctx: SimContext, resolved: Resolved, participant: ParticipantRecord, targetId: string): void {
  const { store, client } = resolved;
  if (participant.subscriptions.has(targetId)) return;
  const refuse = (code: EventErrorCode) => errorEvent(store, participant, "SUBSCRIBE_ERROR", code, targetId);
  if (!client.canSubscribe) return refuse("INSUFFICIENT_CAPABILITIES");
  const publisher = store.participants.get(participantKey(participant.sessionId, targetId));
  if (!publisher?.publishing) return refuse("PUBLISHER_NOT_FOUND");
  if (!subscriberQuotaLeft(ctx, store, participant)) return refuse("QUOTA_EXCEEDED");
  startSubscription(store, participant, publisher);
}

/**
 * Subscribes to a publisher of the same session: SUBSCRIBE_STARTED with `remoteParticipantId`, or
 * SUBSCRIBE_ERROR INSUFFICIENT_CAPABILITIES / PUBLISHER_NOT_FOUND (not publishing, or not there) / QUOTA_EXCEEDED.
 */
export function subscribe(ctx: SimContext, scope: Scope, ref: ParticipantRef, targetParticipantId: string): SimOutcome {
  if (targetParticipantId === ref.participantId) throw validation("A participant cannot subscribe to itself.");
  const resolved = resolve(ctx, scope, ref);
  const participant = connected(resolved);
  return act(resolved.store, participant, () => subscribeNow(ctx, resolved, participant, targetParticipantId));
}

/** Ends a subscription: SUBSCRIBE_STOPPED (nothing when it was not subscribed). */
export function unsubscribe(
  ctx: SimContext,
  scope: Scope,
  ref: ParticipantRef,
  targetParticipantId: string,
): SimOutcome {
  const resolved = resolve(ctx, scope, ref);
  const participant = connected(resolved);
  return act(resolved.store, participant, () => stopSubscription(resolved.store, participant, targetParticipantId));
}

/** Leaves on purpose, like the broadcast SDK's `leave()`: SUBSCRIBE_STOPPED each, PUBLISH_STOPPED, then LEFT. */
export function leave(ctx: SimContext, scope: Scope, ref: ParticipantRef): SimOutcome {
  const resolved = resolve(ctx, scope, ref);
  const participant = connected(resolved);
  const { store } = resolved;
  return act(store, participant, () => {
    resolved.client.resumePublishing = false;
    for (const remote of [...participant.subscriptions]) stopSubscription(store, participant, remote);
    setPublishing(store, participant, false);
    leaveParticipant(store, participant, "left");
  });
}

/**
 * The network drops: LEFT only (its subscribers get SUBSCRIBE_STOPPED); a publisher publishes again when it
 * reconnects. Replications with a reconnect window wait for it.
 */
export function drop(ctx: SimContext, scope: Scope, ref: ParticipantRef): SimOutcome {
  const resolved = resolve(ctx, scope, ref);
  const participant = connected(resolved);
  return act(resolved.store, participant, () => {
    resolved.client.resumePublishing = participant.publishing;
    leaveParticipant(resolved.store, participant, "dropped");
  });
}

/**
 * Joins again with the same participant id after a drop or a leave: JOINED (in the same session while it is
 * active, else in a new one), publishing again if it was publishing when it dropped. The token (or stream
 * key) is checked again, so an expired or revoked token gets JOIN_ERROR instead.
 */
export function reconnect(ctx: SimContext, scope: Scope, ref: ParticipantRef): SimOutcome {
  const resolved = resolve(ctx, scope, ref);
  const { store, stage, client } = resolved;
  if (resolved.participant?.data.state === "CONNECTED") {
    throw conflict(`Participant ${ref.participantId} is already connected to stage ${stage.arn}.`);
  }
  const sinceSeq = store.lastSeq;
  const participant =
    client.kind === "ingest" ? rejoinIngest(ctx, store, client) : rejoinWithToken(store, stage, client);
  if (!("data" in participant)) return participant;
  if (client.resumePublishing) publishNow(ctx, store, client, participant);
  client.resumePublishing = false;
  return outcome(store, participant, sinceSeq);
}

function rejoinWithToken(
  store: RegionStore,
  stage: StageRecord,
  client: VirtualClient,
): ParticipantRecord | SimOutcome {
  const admitted = admitToken(store, stage, client.token ?? "");
  return admitted.ok ? joinTokenClient(store, stage, client, admitted.claims) : admitted.outcome;
}

function rejoinIngest(ctx: SimContext, store: RegionStore, client: VirtualClient): ParticipantRecord | SimOutcome {
  const admitted = admitIngest(store, {
    streamKey: client.streamKey ?? "",
    protocol: client.ingestProtocol ?? "RTMPS",
  });
  return admitted.ok ? joinIngest(ctx, store, admitted, { ...client, resumePublishing: false }) : admitted.outcome;
}

/**
 * Records an error event with a documented code. PUBLISH_ERROR ends publishing (an encoder is disconnected
 * too); SUBSCRIBE_ERROR with a target ends that subscription; JOIN_ERROR is only recorded.
 */
export function fail(ctx: SimContext, scope: Scope, ref: ParticipantRef, failure: FailureSpec): SimOutcome {
  if (failure.targetParticipantId !== undefined && failure.event !== "SUBSCRIBE_ERROR") {
    throw validation("targetParticipantId is only allowed with SUBSCRIBE_ERROR.");
  }
  const resolved = resolve(ctx, scope, ref);
  const participant = failure.event === "JOIN_ERROR" ? present(resolved) : connected(resolved);
  const { store } = resolved;
  return act(store, participant, () => {
    errorEvent(store, participant, failure.event, failure.errorCode, failure.targetParticipantId);
    if (failure.event === "SUBSCRIBE_ERROR" && failure.targetParticipantId !== undefined) {
      stopSubscription(store, participant, failure.targetParticipantId);
    }
    if (failure.event !== "PUBLISH_ERROR") return;
    setPublishing(store, participant, false);
    if (resolved.client.kind === "ingest") leaveParticipant(store, participant, "dropped");
  });
}
