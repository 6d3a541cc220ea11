/**
 * Conformance test support: a real emulator (HTTP server on port 0, the real world handlers) whose world
 * can be swapped for a fresh one between scenarios, direct (no-HTTP) calls to prepare state, and a deep
 * snapshot of the world to prove that rejected requests change nothing. Used by tests only.
 */
import { operationNames, operations, type InputOf, type OperationName } from "@/lib/ivs/operations";
import type { Clock } from "@/server/emulator/clock";
import type { EmulatorCredential } from "@/server/emulator/config";
import type { HandlerInput, HandlerOutput, OperationHandlers, RequestContext } from "@/server/emulator/contract";
import type { Logger } from "@/server/emulator/http/logger";
import { startTestServer, type RunningServer } from "@/server/emulator/http/test-server";
import { createHandlers } from "@/server/emulator/world/handlers";
import type { Scope } from "@/server/emulator/world/ids";
import { joinParticipant, type JoinSpec } from "@/server/emulator/world/live/participants";
import {
  createWorld,
  type ParticipantRecord,
  type RegionStore,
  type StageRecord,
  type World,
} from "@/server/emulator/world/store";
import { must } from "@/server/emulator/world/test-kit";

export const ACCOUNT = "123456789012";
export const OTHER_ACCOUNT = "210987654321";
export const REGION = "us-west-2";
export const OTHER_REGION = "eu-central-1";
export const home: Scope = { account: ACCOUNT, region: REGION };
export const SEED = 20_261_125;

export const testCredentials = { accessKeyId: "test", secretAccessKey: "test" } as const;
export const otherCredentials = { accessKeyId: "AKIDOTHERACCOUNT", secretAccessKey: "other/secret+key" } as const;
export const emulatorCredentials: readonly EmulatorCredential[] = [
  { ...testCredentials, account: ACCOUNT },
  { ...otherCredentials, account: OTHER_ACCOUNT },
];

/** 12 `[A-Za-z0-9]` characters (resource, destination and participant ids). */
export const id12 = /^[A-Za-z0-9]{12}$/;
/** `st-` + 13 alphanumerics. */
export const sessionIdPattern = /^st-[A-Za-z0-9]{13}$/;
export function arnPattern(kind: string, scope: Scope = home): RegExp {
  return new RegExp(`^arn:aws:ivs:${scope.region}:${scope.account}:${kind}/[A-Za-z0-9]{12}$`);
}

/** Errors logged by the emulator (an unexpected handler error is logged before the 500 goes out). */
export interface RecordingLogger extends Logger {
  readonly errors: string[];
}

export function recordingLogger(): RecordingLogger {
  const errors: string[] = [];
  return {
    errors,
    info: () => {},
    warn: () => {},
    error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields ?? {})}`),
  };
}

type UntypedHandler = (input: unknown, ctx: RequestContext) => unknown;

/** Handlers that answer from whatever world `current()` returns at call time (built with `createHandlers`). */
function delegatingHandlers(current: () => World): OperationHandlers {
  const cache = new WeakMap<World, OperationHandlers>();
  const resolve = (): OperationHandlers => {
    const world = current();
    let handlers = cache.get(world);
    if (!handlers) {
      handlers = createHandlers({ clock: world.clock, world });
      cache.set(world, handlers);
    }
    return handlers;
  };
  const entries = operationNames.map((name) => [
    name,
    (input: unknown, ctx: RequestContext) => (resolve()[name] as unknown as UntypedHandler)(input, ctx),
  ]);
  return Object.fromEntries(entries) as unknown as OperationHandlers;
}

export interface Harness {
  readonly url: string;
  readonly port: number;
  readonly server: RunningServer;
  readonly logger: RecordingLogger;
  /** The world the handlers answer from right now. */
  readonly world: World;
  /**
   * Replace the world with a fresh, empty one (same seed: same ids again) and return it. `clock` is the
   * world's clock (timestamps, token expiry); it may differ from the server's (SigV4 window, rate limiter).
   */
  reset(clock?: Clock): World;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly clock: Clock;
  /** API rate quotas (429). Resource quotas (402) are always enforced by the world. Default off. */
  readonly rateLimits?: boolean;
  readonly credentials?: readonly EmulatorCredential[];
  readonly seed?: number;
}

/** An emulator on port 0 with the real handlers over a swappable world (`createWorld` + `createHandlers`). */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const makeWorld = (clock: Clock = options.clock) =>
    createWorld({ clock, seed: options.seed ?? SEED, enforceQuotas: true });
  let world = makeWorld();
  const logger = recordingLogger();
  const server = await startTestServer({
    clock: options.clock,
    handlers: delegatingHandlers(() => world),
    logger,
    config: {
      quotas: options.rateLimits ? "realistic" : "off",
      credentials: options.credentials ?? emulatorCredentials,
    },
  });
  return {
    url: server.url,
    port: server.port,
    server,
    logger,
    get world() {
      return world;
    },
    reset(clock) {
      world = makeWorld(clock);
      return world;
    },
    close: () => server.emulator.close(),
  };
}

// ---- direct calls (no HTTP) to prepare state --------------------------------------------------------------

export type DirectCall = <N extends OperationName>(
  name: N,
  input: InputOf<N>,
  scope?: Scope,
) => Promise<HandlerOutput<N>>;

/** Calls the real handlers of `world` directly; the input is validated by the shared schema first. */
export function directCaller(world: World, defaultScope: Scope = home): DirectCall {
  const handlers = createHandlers({ clock: world.clock, world });
  return async (name, input, scope = defaultScope) => {
    const parsed = operations[name].input.parse(input) as HandlerInput<typeof name>;
    const handler = handlers[name] as unknown as (input: unknown, ctx: RequestContext) => unknown;
    return (await handler(parsed, { ...scope, requestId: "conformance-setup", operation: name })) as HandlerOutput<
      typeof name
    >;
  };
}

/** Typical resources, created directly in `world`. */
export function builders(world: World, scope: Scope = home) {
  const call = directCaller(world, scope);
  const store = (): RegionStore => world.region(scope);
  return {
    call,
    store,
    async stage(input: InputOf<"CreateStage"> = {}): Promise<StageRecord> {
      const { stage } = await call("CreateStage", input);
      return must(store().stages.get(must(stage).arn), "stage record");
    },
    async storage(bucketName = "recordings"): Promise<string> {
      return must((await call("CreateStorageConfiguration", { s3: { bucketName } })).storageConfiguration).arn;
    },
    async encoder(input: InputOf<"CreateEncoderConfiguration"> = {}): Promise<string> {
      return must((await call("CreateEncoderConfiguration", input)).encoderConfiguration).arn;
    },
    async ingest(input: InputOf<"CreateIngestConfiguration"> = { ingestProtocol: "RTMPS" }): Promise<string> {
      return must((await call("CreateIngestConfiguration", input)).ingestConfiguration).arn;
    },
    async publicKey(publicKeyMaterial: string): Promise<string> {
      return must(must((await call("ImportPublicKey", { publicKeyMaterial })).publicKey).arn);
    },
    async composition(stageArn: string, channelId = "Channel12345"): Promise<string> {
      const channelArn = `arn:aws:ivs:${scope.region}:${scope.account}:channel/${channelId}`;
      const { composition } = await call("StartComposition", { stageArn, destinations: [{ channel: { channelArn } }] });
      return must(composition).arn;
    },
    /** A participant joins the stage (its session opens if needed): the world's simulation hook. */
    join(stage: StageRecord, spec: JoinSpec = {}): ParticipantRecord {
      return joinParticipant(store(), stage, spec);
    },
  };
}

export type Builders = ReturnType<typeof builders>;

// ---- world snapshots ---------------------------------------------------------------------------------------

/** Every record of every store, as JSON: equal text = nothing changed (including the creation counter). */
export function snapshotWorld(world: World): string {
  // A store that was only looked at (a request in a new region answered 404) holds nothing: leave it out.
  const used = world.regions().filter((store) => store.lastSeq > 0);
  return JSON.stringify(
    used.map((store) => ({
      scope: store.scope,
      lastSeq: store.lastSeq,
      stages: [...store.stages],
      sessions: [...store.sessions],
      participants: [...store.participants],
      events: [...store.events],
      tokens: [...store.tokens],
      compositions: [...store.compositions],
      encoderConfigurations: [...store.encoderConfigurations],
      storageConfigurations: [...store.storageConfigurations],
      ingestConfigurations: [...store.ingestConfigurations],
      publicKeys: [...store.publicKeys],
      tags: [...store.tags],
      replicas: store.replicas,
      idempotency: [...store.idempotency],
    })),
  );
}

/** Record counts of every kind in one store (for readable failure messages). */
export function countsOf(store: RegionStore): Record<string, number> {
  return {
    stages: store.stages.size,
    sessions: store.sessions.size,
    participants: store.participants.size,
    tokens: store.tokens.size,
    compositions: store.compositions.size,
    encoderConfigurations: store.encoderConfigurations.size,
    storageConfigurations: store.storageConfigurations.size,
    ingestConfigurations: store.ingestConfigurations.size,
    publicKeys: store.publicKeys.size,
    taggedResources: store.tags.size,
    tags: [...store.tags.values()].reduce((sum, tags) => sum + Object.keys(tags).length, 0),
    replicas: store.replicas.length,
    idempotencyTokens: store.idempotency.size,
  };
}
