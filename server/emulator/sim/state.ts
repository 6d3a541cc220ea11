import { isoTime } from "../world/data";
import type { Scope } from "../world/ids";
import type { RegionStore } from "../world/store";
import { clientKey, type SimContext } from "./context";

/**
 * `GET /_emulator/state`: everything one account and region holds, for debugging and tests. Participant
 * tokens and stream keys are sensitive (api §11) and appear masked: `****` for tokens, the secret part of a
 * stream key replaced by `****`.
 */

export const maskToken = (token: string | undefined): string | undefined => (token === undefined ? undefined : "****");

/** `rt_<account>_<region>_<id>_<secret>` → `rt_<account>_<region>_<id>_****`. */
export const maskStreamKey = (streamKey: string | undefined): string | undefined =>
  streamKey === undefined ? undefined : streamKey.replace(/_[^_]*$/, "_****");

/** A record without its internal sequence number. */
function plain<T extends { readonly seq: number }>(record: T): Omit<T, "seq"> {
  const { seq: _seq, ...rest } = structuredClone(record);
  return rest;
}

function participantsOf(ctx: SimContext, store: RegionStore) {
  return [...store.participants.values()].map((participant) => {
    const client = ctx.clients.get(clientKey(store, participant.stageArn, participant.data.participantId));
    return {
      stageArn: participant.stageArn,
      sessionId: participant.sessionId,
      ...structuredClone(participant.data),
      publishing: participant.publishing,
      subscriptions: [...participant.subscriptions],
      ...(client
        ? { simulated: { kind: client.kind, canPublish: client.canPublish, canSubscribe: client.canSubscribe } }
        : {}),
    };
  });
}

function ingestConfigurationsOf(store: RegionStore) {
  return [...store.ingestConfigurations.values()].map((config) => ({
    ...plain(config),
    streamKey: maskStreamKey(config.streamKey),
    ...(config.redundantIngestCredentials
      ? {
          redundantIngestCredentials: config.redundantIngestCredentials.map((credential) => ({
            ...credential,
            streamKey: maskStreamKey(credential.streamKey),
          })),
        }
      : {}),
  }));
}

function tokensOf(store: RegionStore) {
  return [...store.tokens.values()].map((token) => ({
    stageArn: token.stageArn,
    ...structuredClone(token.data),
    expirationTime: isoTime(token.expiresAtMs),
    revoked: token.revoked,
    token: maskToken(token.data.token),
  }));
}

export function dumpState(ctx: SimContext, scope: Scope) {
  const store = ctx.world.region(scope);
  return {
    account: store.scope.account,
    region: store.scope.region,
    now: isoTime(ctx.clock.now()),
    stages: [...store.stages.values()].map((stage) => ({ ...plain(stage), tags: { ...store.tags.get(stage.arn) } })),
    sessions: [...store.sessions.values()].map(plain),
    participants: participantsOf(ctx, store),
    tokens: tokensOf(store),
    replicas: store.replicas.map(plain),
    compositions: [...store.compositions.values()].map((composition) => ({
      ...plain(composition),
      tags: { ...store.tags.get(composition.arn) },
    })),
    encoderConfigurations: [...store.encoderConfigurations.values()].map(plain),
    storageConfigurations: [...store.storageConfigurations.values()].map(plain),
    ingestConfigurations: ingestConfigurationsOf(store),
    publicKeys: [...store.publicKeys.values()].map(plain),
    pendingTimers: ctx.timers.size(),
  };
}
