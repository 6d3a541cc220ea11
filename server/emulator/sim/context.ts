import type { IngestProtocol } from "@/lib/ivs/enums";
import type { Clock } from "../clock";
import type { Scope } from "../world/ids";
import type { ClientFacts } from "../world/live/participants";
import type { Random } from "../world/random";
import type { RegionStore, World } from "../world/store";
import type { Timers } from "./timers";
import type { SimTiming } from "./timing";

/**
 * A simulated client (no media, no WebRTC): what the emulator needs to remember about someone who joined
 * through the simulation, beyond the participant record the API shows.
 */
export interface VirtualClient {
  readonly stageArn: string;
  readonly participantId: string;
  readonly kind: "token" | "ingest";
  /** Token clients: the token they (re)join with. Kept in memory only; never logged or dumped. */
  readonly token?: string;
  /** Ingest clients: the stream key and protocol they publish with. Never logged or dumped. */
  readonly streamKey?: string;
  readonly ingestProtocol?: IngestProtocol;
  readonly canPublish: boolean;
  readonly canSubscribe: boolean;
  readonly client: ClientFacts;
  /** It was publishing when its connection dropped: it publishes again when it reconnects. */
  resumePublishing: boolean;
}

/** Everything the simulation's modules share. */
export interface SimContext {
  readonly world: World;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly timing: SimTiming;
  /** Seeded randomness for client facts (ids come from the world's own PRNG). */
  readonly random: Random;
  /** By `clientKey`. */
  readonly clients: Map<string, VirtualClient>;
}

export const scopeKey = (scope: Scope): string => `${scope.account}/${scope.region}`;

/** Timer and client names: `<account>/<region>|part|part…`, so one store's entries share a prefix. */
export const nameIn = (store: RegionStore, ...parts: readonly string[]): string =>
  [scopeKey(store.scope), ...parts].join("|");

export const clientKey = (store: RegionStore, stageArn: string, participantId: string): string =>
  nameIn(store, stageArn, participantId);
