import { randomBytes } from "node:crypto";
import type {
  CompositionState,
  IngestConfigurationState,
  IngestProtocol,
  ParticipantRecordingState,
  ParticipantState,
  ReplicationState,
  ReplicationType,
} from "@/lib/ivs/enums";
import { notFound } from "../errors";
import { isoTime } from "./data";
import type { Scope } from "./ids";
import { createRandom, randomSeed, type Random } from "./random";
import type {
  AutoParticipantRecordingConfiguration,
  Destination,
  LayoutConfiguration,
  Participant,
  ParticipantEvent,
  ParticipantReplica,
  ParticipantToken,
  RedundantIngestCredential,
  StageEndpoints,
  Tags,
  Video,
} from "./shapes";

/**
 * The emulator's world: one `RegionStore` per (account, region), holding plain-data records. Handlers read and
 * change it through the functions here and in live.ts; a simulation (participants joining and publishing,
 * sessions opening and closing, compositions changing state on the clock) drives it through the same
 * functions and through `world.lifecycle`.
 *
 * Every record has a `seq`: its creation order within its region (used for stable list ordering and keyset
 * pagination). Timestamps are ISO-8601 UTC strings.
 */

export interface StageRecord {
  readonly seq: number;
  readonly arn: string;
  readonly id: string;
  name: string;
  autoParticipantRecordingConfiguration: AutoParticipantRecordingConfiguration;
  readonly endpoints: Required<StageEndpoints>;
  /** Present only while a session is active. */
  activeSessionId?: string;
}

export interface SessionRecord {
  readonly seq: number;
  readonly stageArn: string;
  readonly sessionId: string;
  readonly startTime: string;
  /** Absent while the session is active. */
  endTime?: string;
}

/** A participant of one session, in the wire form of `Participant` (with the always-known members required). */
export type LiveParticipant = Participant & {
  participantId: string;
  userId: string;
  state: ParticipantState;
  firstJoinTime: string;
  attributes: Tags;
  published: boolean;
  recordingState: ParticipantRecordingState;
  replicationType: ReplicationType;
};

export interface ParticipantRecord {
  readonly seq: number;
  readonly stageArn: string;
  readonly sessionId: string;
  readonly data: LiveParticipant;
  /** Publishing right now (`data.published` only says "has published at least once in the session"). */
  publishing: boolean;
  /** Ids of the publishers of this session it subscribes to right now. */
  readonly subscriptions: Set<string>;
}

export interface EventRecord {
  readonly seq: number;
  readonly stageArn: string;
  readonly sessionId: string;
  readonly participantId: string;
  readonly data: ParticipantEvent;
}

/** A participant token the emulator issued (CreateParticipantToken / CreateStage). */
export interface IssuedTokenRecord {
  readonly seq: number;
  readonly stageArn: string;
  readonly participantId: string;
  readonly expiresAtMs: number;
  /** The response object as returned to the caller (includes the token string). */
  readonly data: ParticipantToken & { participantId: string; token: string };
  /** Set by DisconnectParticipant and DeleteStage: the token can no longer join. */
  revoked: boolean;
}

export interface CompositionRecord {
  readonly seq: number;
  readonly arn: string;
  readonly id: string;
  readonly stageArn: string;
  state: CompositionState;
  readonly layout: LayoutConfiguration;
  readonly destinations: Destination[];
  readonly startTime: string;
  endTime?: string;
}

export interface EncoderConfigurationRecord {
  readonly seq: number;
  readonly arn: string;
  readonly name: string;
  readonly video: Required<Pick<Video, "width" | "height" | "framerate" | "bitrate">>;
}

export interface StorageConfigurationRecord {
  readonly seq: number;
  readonly arn: string;
  readonly name: string;
  readonly s3: { readonly bucketName: string };
}

export interface IngestConfigurationRecord {
  readonly seq: number;
  readonly arn: string;
  readonly id: string;
  readonly name: string;
  readonly ingestProtocol: IngestProtocol;
  readonly streamKey: string;
  stageArn: string;
  readonly participantId: string;
  state: IngestConfigurationState;
  readonly userId: string;
  readonly attributes: Tags;
  readonly insecureIngest: boolean;
  redundantIngest: boolean;
  redundantIngestCredentials?: RedundantIngestCredential[];
}

export interface PublicKeyRecord {
  readonly seq: number;
  readonly arn: string;
  readonly name: string;
  readonly publicKeyMaterial: string;
  readonly fingerprint: string;
  /** base64 DER SubjectPublicKeyInfo, to detect the same key imported twice. */
  readonly spki: string;
}

export type ReplicaRecord = ParticipantReplica & {
  readonly seq: number;
  replicationState: ReplicationState;
  readonly reconnectWindowSeconds: number;
  readonly attributes: Tags;
  /**
   * Set while the source has dropped and the replication waits for it within `reconnectWindowSeconds`
   * (the copy is disconnected meanwhile); the replication stops at this time unless the source rejoins.
   */
  suspendedUntilMs?: number;
};

export interface IdempotencyRecord {
  readonly inputJson: string;
  readonly compositionArn: string;
}

export interface RegionStore {
  readonly scope: Scope;
  readonly world: World;
  lastSeq: number;
  readonly stages: Map<string, StageRecord>;
  /** By session id. */
  readonly sessions: Map<string, SessionRecord>;
  /** By `participantKey(sessionId, participantId)`. */
  readonly participants: Map<string, ParticipantRecord>;
  /** By session id, in append order. */
  readonly events: Map<string, EventRecord[]>;
  /** By participant id. */
  readonly tokens: Map<string, IssuedTokenRecord>;
  readonly compositions: Map<string, CompositionRecord>;
  readonly encoderConfigurations: Map<string, EncoderConfigurationRecord>;
  readonly storageConfigurations: Map<string, StorageConfigurationRecord>;
  readonly ingestConfigurations: Map<string, IngestConfigurationRecord>;
  readonly publicKeys: Map<string, PublicKeyRecord>;
  /** Tags of every taggable resource, by ARN. */
  readonly tags: Map<string, Tags>;
  readonly replicas: ReplicaRecord[];
  /** StartComposition idempotency tokens. */
  readonly idempotency: Map<string, IdempotencyRecord>;
}

/** Why a participant left: on its own (`left`), lost its connection (`dropped`), or was ended by the service
 * (`disconnected`: DisconnectParticipant, DeleteStage, a forced ingest delete, a stopped replication). */
export type LeaveCause = "left" | "dropped" | "disconnected";

/** Where an individual participant recording is written. */
export interface RecordingLocation {
  readonly storageConfigurationArn: string;
  readonly bucketName: string;
  readonly prefix: string;
}

/**
 * Points where time-driven behaviour plugs in. The defaults make every transition immediate; a simulation
 * replaces them (e.g. schedule STARTING → ACTIVE, STOPPING → STOPPED → removal with `clock.setTimer`).
 * Hooks run after the world has changed.
 */
export interface WorldLifecycle {
  /** A composition was just created in state STARTING (default: nothing happens). */
  compositionStarted(store: RegionStore, composition: CompositionRecord): void;
  /** A composition moved to STOPPING (StopComposition, DeleteStage). Default: `finishCompositionStop` at once. */
  compositionStopRequested(store: RegionStore, composition: CompositionRecord): void;
  /** A participant joined or rejoined its stage (after its JOINED event). Default: nothing. */
  participantJoined(store: RegionStore, participant: ParticipantRecord): void;
  /** A participant left (after its LEFT event). Default: nothing. */
  participantLeft(store: RegionStore, participant: ParticipantRecord, cause: LeaveCause): void;
  /** A participant started or stopped publishing (`participant.publishing`), leaving included. Default: nothing. */
  publishingChanged(store: RegionStore, participant: ParticipantRecord): void;
  /** A publisher on a recorded stage should be recorded. Default: ACTIVE at `location` at once. */
  recordingStartRequested(store: RegionStore, participant: ParticipantRecord, location: RecordingLocation): void;
  /** A recorded participant stopped publishing or left. Default: STOPPED at once. */
  recordingStopRequested(store: RegionStore, participant: ParticipantRecord): void;
  /**
   * The source of an ACTIVE replication with a reconnect window dropped or left (it was not disconnected by
   * the service). Return `true` to keep the replication for the window (the lifecycle must then stop it with
   * `stopReplication` unless the source rejoins); `false` (the default) stops it at once.
   */
  holdReplication(store: RegionStore, replica: ReplicaRecord): boolean;
}

export interface World {
  readonly clock: { now(): number };
  readonly random: Random;
  /** Per-process secret: signs participant tokens and page tokens. */
  readonly secret: Uint8Array;
  /** Resource quotas (402) are enforced unless the emulator runs with `--quotas off`. */
  readonly enforceQuotas: boolean;
  lifecycle: WorldLifecycle;
  /** The store of one account and region (created empty on first use). */
  region(scope: Scope): RegionStore;
  /** Every store created so far. */
  regions(): RegionStore[];
  /** Forget one account and region (its next use starts empty), or every store when `scope` is omitted. */
  reset(scope?: Scope): void;
}

export interface WorldOptions {
  readonly clock: { now(): number };
  readonly seed?: number | string;
  readonly random?: Random;
  readonly secret?: Uint8Array;
  readonly enforceQuotas?: boolean;
  readonly lifecycle?: Partial<WorldLifecycle>;
}

export const immediateLifecycle: WorldLifecycle = {
  compositionStarted: () => {},
  compositionStopRequested: (store, composition) => finishCompositionStop(store, composition),
  participantJoined: () => {},
  participantLeft: () => {},
  publishingChanged: () => {},
  recordingStartRequested: (_store, participant, location) => {
    participant.data.recordingState = "ACTIVE";
    participant.data.recordingS3BucketName = location.bucketName;
    participant.data.recordingS3Prefix = location.prefix;
  },
  recordingStopRequested: (_store, participant) => {
    participant.data.recordingState = "STOPPED";
  },
  holdReplication: () => false,
};

function createRegionStore(world: World, scope: Scope): RegionStore {
  return {
    scope: { account: scope.account, region: scope.region },
    world,
    lastSeq: 0,
    stages: new Map(),
    sessions: new Map(),
    participants: new Map(),
    events: new Map(),
    tokens: new Map(),
    compositions: new Map(),
    encoderConfigurations: new Map(),
    storageConfigurations: new Map(),
    ingestConfigurations: new Map(),
    publicKeys: new Map(),
    tags: new Map(),
    replicas: [],
    idempotency: new Map(),
  };
}

/**
 * A new, empty world. With a `seed` (and no explicit `secret`) every id, key and token repeats from run to
 * run; without one the randomness and the secret are fresh.
 */
export function createWorld(options: WorldOptions): World {
  const random = options.random ?? createRandom(options.seed ?? randomSeed());
  const secret = options.secret ?? (options.seed === undefined ? randomBytes(32) : random.bytes(32));
  const stores = new Map<string, RegionStore>();
  const keyOf = (scope: Scope) => `${scope.account}/${scope.region}`;
  const world: World = {
    clock: options.clock,
    random,
    secret,
    enforceQuotas: options.enforceQuotas ?? true,
    lifecycle: { ...immediateLifecycle, ...options.lifecycle },
    region(scope) {
      const key = keyOf(scope);
      let store = stores.get(key);
      if (!store) {
        store = createRegionStore(world, scope);
        stores.set(key, store);
      }
      return store;
    },
    regions: () => [...stores.values()],
    reset(scope) {
      if (scope === undefined) stores.clear();
      else stores.delete(keyOf(scope));
    },
  };
  return world;
}

export const nextSeq = (store: RegionStore): number => ++store.lastSeq;
export const nowMs = (store: RegionStore): number => store.world.clock.now();
export const nowIso = (store: RegionStore): string => isoTime(nowMs(store));
export const participantKey = (sessionId: string, participantId: string): string => `${sessionId}/${participantId}`;

// ---- lookups that answer 404 -------------------------------------------------------------------------------

function required<T>(record: T | undefined, what: string, id: string): T {
  if (record === undefined) throw notFound(`${what} not found: ${id}`);
  return record;
}

export const requireStage = (store: RegionStore, arn: string): StageRecord =>
  required(store.stages.get(arn), "Stage", arn);

export const requireComposition = (store: RegionStore, arn: string): CompositionRecord =>
  required(store.compositions.get(arn), "Composition", arn);

export const requireEncoderConfiguration = (store: RegionStore, arn: string): EncoderConfigurationRecord =>
  required(store.encoderConfigurations.get(arn), "EncoderConfiguration", arn);

export const requireStorageConfiguration = (store: RegionStore, arn: string): StorageConfigurationRecord =>
  required(store.storageConfigurations.get(arn), "StorageConfiguration", arn);

export const requireIngestConfiguration = (store: RegionStore, arn: string): IngestConfigurationRecord =>
  required(store.ingestConfigurations.get(arn), "IngestConfiguration", arn);

export const requirePublicKey = (store: RegionStore, arn: string): PublicKeyRecord =>
  required(store.publicKeys.get(arn), "PublicKey", arn);

/** A session of the given stage (sessions of other stages are not found). */
export function findSession(store: RegionStore, stageArn: string, sessionId: string): SessionRecord | undefined {
  const session = store.sessions.get(sessionId);
  return session?.stageArn === stageArn ? session : undefined;
}

export const requireSession = (store: RegionStore, stageArn: string, sessionId: string): SessionRecord =>
  required(findSession(store, stageArn, sessionId), "Stage session", sessionId);

export function requireParticipant(
  store: RegionStore,
  session: SessionRecord,
  participantId: string,
): ParticipantRecord {
  return required(
    store.participants.get(participantKey(session.sessionId, participantId)),
    "Participant",
    participantId,
  );
}

/** Whether any taggable resource of this region has that ARN. */
export function resourceExists(store: RegionStore, arn: string): boolean {
  return [
    store.stages,
    store.compositions,
    store.encoderConfigurations,
    store.storageConfigurations,
    store.ingestConfigurations,
    store.publicKeys,
  ].some((records) => records.has(arn));
}

// ---- tags ---------------------------------------------------------------------------------------------------

export const tagsOf = (store: RegionStore, arn: string): Tags => ({ ...store.tags.get(arn) });

export function setTags(store: RegionStore, arn: string, tags: Tags | undefined): void {
  store.tags.set(arn, { ...tags });
}

/** Deletes a resource record and its tags. */
export function forgetResource(store: RegionStore, records: Map<string, unknown>, arn: string): void {
  records.delete(arn);
  store.tags.delete(arn);
}

// ---- compositions -------------------------------------------------------------------------------------------

/** Compositions that count towards quotas and hold their configurations "in use". */
export const isRunningComposition = (composition: CompositionRecord): boolean =>
  composition.state === "STARTING" || composition.state === "ACTIVE";

const isEnded = (state: string) => state === "STOPPED" || state === "FAILED";

/** StopComposition: STOPPING now, then whatever `world.lifecycle.compositionStopRequested` does. */
export function beginCompositionStop(store: RegionStore, composition: CompositionRecord): void {
  if (isEnded(composition.state) || composition.state === "STOPPING") return;
  composition.state = "STOPPING";
  for (const destination of composition.destinations) {
    if (!isEnded(destination.state)) destination.state = "STOPPING";
  }
  store.world.lifecycle.compositionStopRequested(store, composition);
}

/** STOPPING → STOPPED: composition and destinations get `endTime` (destinations that already FAILED keep theirs). */
export function finishCompositionStop(store: RegionStore, composition: CompositionRecord): void {
  const endTime = nowIso(store);
  composition.state = "STOPPED";
  composition.endTime = endTime;
  for (const destination of composition.destinations) {
    if (destination.state === "FAILED") continue;
    destination.state = "STOPPED";
    destination.endTime = endTime;
  }
}

/** The composition FAILED (initialisation failure, or no destination left): every destination not ended FAILS too. */
export function failComposition(store: RegionStore, composition: CompositionRecord): void {
  const endTime = nowIso(store);
  composition.state = "FAILED";
  composition.endTime = endTime;
  for (const destination of composition.destinations) {
    if (isEnded(destination.state)) continue;
    destination.state = "FAILED";
    destination.endTime = endTime;
  }
}

/** Deletes a composition for good (the lifecycle does this a few minutes after STOPPED/FAILED). */
export function removeComposition(store: RegionStore, arn: string): void {
  forgetResource(store, store.compositions, arn);
  for (const [token, entry] of store.idempotency) {
    if (entry.compositionArn === arn) store.idempotency.delete(token);
  }
}
