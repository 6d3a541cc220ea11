import type { EventErrorCode } from "@/lib/ivs/enums";
import { conflict, EmulatorError, notFound } from "../errors";
import type { Scope } from "../world/ids";
import { appendEvent, eventsSince } from "../world/live/events";
import { setPublishing } from "../world/live/participants";
import { findActiveParticipant, sessionParticipants } from "../world/live/sessions";
import type { ParticipantEvent } from "../world/shapes";
import { requireStage, type ParticipantRecord, type RegionStore, type StageRecord } from "../world/store";
import { clientKey, type SimContext, type VirtualClient } from "./context";

/** Shared pieces of the simulated participants (participants.ts) and RTMP ingest (ingest.ts). */

/** Concurrent publishers per stage (api §6.2; not adjustable). */
export const maxPublishersPerStage = 12;
/** Concurrent subscribers per stage (api §6.2). */
export const maxSubscribersPerStage = 10_000;

/** Identifies a simulated participant: its stage and participant id (the token's `jti`). */
export interface ParticipantRef {
  readonly stageArn: string;
  readonly participantId: string;
}

/** What a simulated action did. */
export interface SimOutcome {
  /** The participant acted on (after the action). */
  readonly participant: ParticipantRecord;
  /** Events the action appended to this participant's timeline, oldest first (error events included). */
  readonly events: ParticipantEvent[];
  /** Only when `join` minted the token itself. */
  readonly token?: string;
}

/**
 * The emulator refused a simulated connection and had no participant to record an event on (an unknown or
 * foreign token, an expired or revoked token that never joined, an unknown stream key, …). `reason` is the
 * IVS event error code or the token refusal reason; the control API returns it next to `exceptionMessage`.
 */
export class SimRefusal extends EmulatorError {
  constructor(
    code: string,
    status: number,
    message: string,
    readonly reason: string,
  ) {
    super(code, status, message);
    this.name = "SimRefusal";
  }
}

export function outcome(
  store: RegionStore,
  participant: ParticipantRecord,
  sinceSeq: number,
  token?: string,
): SimOutcome {
  return {
    participant,
    events: eventsSince(store, participant, sinceSeq).map((event) => structuredClone(event.data)),
    ...(token === undefined ? {} : { token }),
  };
}

/** Runs `action` and reports the events it appended to `participant`. */
export function act(store: RegionStore, participant: ParticipantRecord, action: () => void): SimOutcome {
  const sinceSeq = store.lastSeq;
  action();
  return outcome(store, participant, sinceSeq);
}

export function errorEvent(
  store: RegionStore,
  participant: ParticipantRecord,
  name: "PUBLISH_ERROR" | "SUBSCRIBE_ERROR" | "JOIN_ERROR",
  errorCode?: EventErrorCode,
  remoteParticipantId?: string,
): void {
  appendEvent(store, participant, {
    name,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(remoteParticipantId === undefined ? {} : { remoteParticipantId }),
  });
}

const countIn = (store: RegionStore, sessionId: string, test: (participant: ParticipantRecord) => boolean) =>
  sessionParticipants(store, sessionId).filter(test).length;

/**
 * The client starts publishing unless it is already: PUBLISH_ERROR INSUFFICIENT_CAPABILITIES without the
 * PUBLISH capability, QUOTA_EXCEEDED when 12 participants of the session already publish (unless quotas are off).
 */
export function publishNow(
  ctx: SimContext,
  store: RegionStore,
  client: VirtualClient,
  participant: ParticipantRecord,
): void {
  if (participant.publishing || participant.data.state !== "CONNECTED") return;
  if (!client.canPublish) return errorEvent(store, participant, "PUBLISH_ERROR", "INSUFFICIENT_CAPABILITIES");
  if (ctx.world.enforceQuotas && countIn(store, participant.sessionId, (p) => p.publishing) >= maxPublishersPerStage) {
    return errorEvent(store, participant, "PUBLISH_ERROR", "QUOTA_EXCEEDED");
  }
  setPublishing(store, participant, true);
}

/** Whether one more participant may start subscribing on this session's stage. */
export function subscriberQuotaLeft(ctx: SimContext, store: RegionStore, participant: ParticipantRecord): boolean {
  if (!ctx.world.enforceQuotas || participant.subscriptions.size > 0) return true;
  return countIn(store, participant.sessionId, (p) => p.subscriptions.size > 0) < maxSubscribersPerStage;
}

export interface Resolved {
  readonly store: RegionStore;
  readonly stage: StageRecord;
  readonly client: VirtualClient;
  /** Its record in the stage's active session, if it has one. */
  readonly participant: ParticipantRecord | undefined;
}

/** A simulated participant of an existing stage (404 for an unknown stage or a participant the sim never joined). */
export function resolve(ctx: SimContext, scope: Scope, ref: ParticipantRef): Resolved {
  const store = ctx.world.region(scope);
  const stage = requireStage(store, ref.stageArn);
  const client = ctx.clients.get(clientKey(store, stage.arn, ref.participantId));
  if (!client) {
    throw notFound(`Participant ${ref.participantId} was not joined through the simulation on stage ${stage.arn}.`);
  }
  return { store, stage, client, participant: findActiveParticipant(store, stage, ref.participantId) };
}

/** Its record in the active session (409 when the session it was in has ended). */
export function present(resolved: Resolved): ParticipantRecord {
  if (!resolved.participant) {
    throw conflict(
      `Participant ${resolved.client.participantId} is not in the active session of stage ${resolved.stage.arn}.`,
    );
  }
  return resolved.participant;
}

/** Its record, which must be CONNECTED (409 otherwise). */
export function connected(resolved: Resolved): ParticipantRecord {
  const participant = present(resolved);
  if (participant.data.state !== "CONNECTED") {
    throw conflict(`Participant ${participant.data.participantId} is not connected to stage ${resolved.stage.arn}.`);
  }
  return participant;
}

/** Remembers a simulated client (a rejoin keeps the client facts it had). */
export function registerClient(ctx: SimContext, store: RegionStore, client: VirtualClient): VirtualClient {
  const key = clientKey(store, client.stageArn, client.participantId);
  const previous = ctx.clients.get(key);
  const registered = previous ? { ...client, client: previous.client } : client;
  ctx.clients.set(key, registered);
  return registered;
}
