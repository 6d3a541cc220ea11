import { participantKey, type ParticipantRecord, type RegionStore } from "../store";
import { appendEvent, replicaFlag } from "./events";
import { sessionParticipants } from "./sessions";

/**
 * Subscriptions: SUBSCRIBE_STARTED / SUBSCRIBE_STOPPED between the participants of a session.
 */
/** SUBSCRIBE_STARTED (with `remoteParticipantId`; `replica` when the publisher is a replica). No-op if subscribed. */
export function startSubscription(
  store: RegionStore,
  subscriber: ParticipantRecord,
  publisher: ParticipantRecord,
): void {
  const remoteParticipantId = publisher.data.participantId;
  if (subscriber.subscriptions.has(remoteParticipantId)) return;
  subscriber.subscriptions.add(remoteParticipantId);
  appendEvent(store, subscriber, { name: "SUBSCRIBE_STARTED", remoteParticipantId, ...replicaFlag(publisher) });
}

/** SUBSCRIBE_STOPPED for a current subscription; returns false (and does nothing) when there is none. */
export function stopSubscription(
  store: RegionStore,
  subscriber: ParticipantRecord,
  remoteParticipantId: string,
): boolean {
  if (!subscriber.subscriptions.delete(remoteParticipantId)) return false;
  const publisher = store.participants.get(participantKey(subscriber.sessionId, remoteParticipantId));
  appendEvent(store, subscriber, {
    name: "SUBSCRIBE_STOPPED",
    remoteParticipantId,
    ...(publisher ? replicaFlag(publisher) : {}),
  });
  return true;
}

/** Every subscriber of `publisher` gets SUBSCRIBE_STOPPED (the publisher stopped publishing or left). */
export function endSubscriptionsTo(store: RegionStore, publisher: ParticipantRecord): void {
  for (const subscriber of sessionParticipants(store, publisher.sessionId)) {
    stopSubscription(store, subscriber, publisher.data.participantId);
  }
}
