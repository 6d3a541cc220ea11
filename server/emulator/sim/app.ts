import { manualClock, realClock, scriptedClock, type Clock, type ManualClock } from "../clock";
import type { EmulatorConfig } from "../config";
import type { Logger } from "../http/logger";
import { createWorldMirror, type WorldMirror } from "../journal-diff";
import { restoreWorld, snapshotWorld, StateFileError, type StateFile } from "../persistence";
import { recoverState, startDurability, type Durability } from "../persistence-journal";
import { resumeWorld } from "../persistence-resume";
import { createEmulatorServer, type EmulatorServer } from "../server";
import { createWorldFromDeps, handlersFor } from "../world/handlers";
import type { World } from "../world/store";
import { createEpisodeRegistry, createEpisodeRoutes } from "../cloudwatch/episodes";
import { createCloudWatch, type CloudWatch } from "../cloudwatch/service";
import { createEventBridgeEmitter, type EventBridgeEmitter } from "../eventbridge";
import { createControlRoutes } from "./control";
import { activitySnapshotSchema, buildDemoWorld, resumeDemoWorld } from "./demo-world";
import type { DemoActivity } from "./demo-world-activity";
import { historyMinutes } from "./demo-world-data";
import { createFaultInjector, type FaultInjector } from "./faults";
import { createRecordingRoutes } from "./recording-control";
import { createSimulation, type Simulation } from "./simulation";
import type { SimTiming } from "./timing";

/**
 * The whole emulator wired together: one world shared by the 39 API handlers and the simulation, the control
 * API, injected faults, and the two clocks (virtual world time; real wall time for SigV4, `Date` and rate
 * quotas). main.ts runs this; tests start it on port 0.
 */

export interface EmulatorAppOptions {
  readonly config: EmulatorConfig;
  /** The world clock. Default: `manualClock(now)` with `--clock manual`, else `realClock(--speed)`. */
  readonly clock?: Clock;
  /** Real time. Default: the machine's clock. */
  readonly wallClock?: Clock;
  readonly logger?: Logger;
  /** Overrides of the simulation's timings (the session end delay comes from the config). */
  readonly timing?: Partial<SimTiming>;
  /** A world to serve (e.g. restored from a state file); it must read `clock`. Default: a new, empty world. */
  readonly world?: World;
  /** Awaited before the answer of every mutating request leaves (the state file's journal). */
  readonly commit?: () => Promise<void>;
}

export interface EmulatorApp {
  readonly server: EmulatorServer;
  readonly world: World;
  readonly sim: Simulation;
  readonly faults: FaultInjector;
  readonly clock: Clock;
  /** CloudWatch metrics of this world (AWS/IVSRealTime). */
  readonly metrics: CloudWatch;
  /** EventBridge emission (`--eventbridge-target`); started by `bootEmulator` once the world is built. */
  readonly eventBridge?: EventBridgeEmitter;
}

const isManual = (clock: Clock): clock is ManualClock => "advance" in clock && typeof clock.advance === "function";

function worldClock(config: EmulatorConfig): Clock {
  return config.clock === "manual" ? manualClock(Date.now()) : realClock(config.speed);
}

export function createEmulatorApp(options: EmulatorAppOptions): EmulatorApp {
  const { config } = options;
  const clock = options.clock ?? worldClock(config);
  const world = options.world ?? createWorldFromDeps({ clock, config });
  const sessionEndDelayMs = (config.sessionEndDelaySeconds ?? 120) * 1000;
  const sim = createSimulation({ world, clock, seed: config.seed, timing: { sessionEndDelayMs, ...options.timing } });
  const faults = createFaultInjector({ seed: config.seed });
  const clockMode = config.clock ?? "real";
  const controlRoutes = createControlRoutes({
    sim,
    faults,
    credentials: config.credentials,
    clockMode,
    speed: config.speed,
    ...(clockMode === "manual" && isManual(clock) ? { manualClock: clock } : {}),
  });
  const eventBridge = config.eventBridge
    ? createEventBridgeEmitter({
        world,
        ...config.eventBridge,
        credentials: config.credentials,
        ...(options.logger ? { logger: options.logger } : {}),
      })
    : undefined;
  const episodes = createEpisodeRegistry();
  const metrics = createCloudWatch({ world, clock, seed: config.seed, episodes });
  const episodeRoutes = createEpisodeRoutes({ episodes, credentials: config.credentials, clock, sim });
  const recordingRoutes = createRecordingRoutes({ world, clock, credentials: config.credentials });
  const server = createEmulatorServer({
    config,
    clock,
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
    handlers: handlersFor(world),
    ...(options.logger ? { logger: options.logger } : {}),
    controlRoutes: async (req, res, ctx) =>
      (await controlRoutes(req, res, ctx)) ||
      (await episodeRoutes(req, res, ctx)) ||
      (await recordingRoutes(req, res, ctx)) ||
      (eventBridge ? eventBridge.routes(req, res, ctx) : false),
    cloudwatch: metrics.route,
    faults: faults.hook,
    ...(options.commit ? { commit: options.commit } : {}),
  });
  return { server, world, sim, faults, clock, metrics, ...(eventBridge ? { eventBridge } : {}) };
}

// ---- booting: a fresh, demo or restored world ------------------------------------------------------------------

export interface BootOptions {
  readonly config: EmulatorConfig;
  readonly logger?: Logger;
  /** Real time (SigV4, `Date`, rate quotas). Default: the machine's clock. */
  readonly wallClock?: Clock;
  /** The present, in epoch ms (tests). Default: `Date.now()`. */
  readonly now?: number;
  readonly timing?: Partial<SimTiming>;
  /** Real milliseconds between two journal records of the simulation's own changes. Default: 1 s. */
  readonly flushIntervalMs?: number;
  /** Compact the journal into a new snapshot at this size (bytes). Default: 24 MiB. */
  readonly compactBytes?: number;
}

export interface BootedEmulator extends EmulatorApp {
  /** The demo activity, when the world is a demo world. */
  readonly demo?: DemoActivity;
  /** What the world is: built now (`empty`, `demo`) or `restored` from the state file. */
  readonly origin: "empty" | "demo" | "restored";
  /** Writes a new snapshot of the state file now (nothing without `--state-file`). */
  save(): Promise<void>;
  /** The journal of `--state-file` (absent without it). */
  readonly durability?: Durability;
  /**
   * Closes the server (open requests finish and their answers leave once committed), stops the demo activity,
   * commits the journal and writes the state file a last time.
   */
  shutdown(): Promise<void>;
}

function demoSnapshotOf(state: StateFile, path: string) {
  const raw = state.extensions.demo;
  if (raw === undefined) return undefined;
  const parsed = activitySnapshotSchema.safeParse(raw);
  if (!parsed.success) {
    throw new StateFileError(
      `state file ${path} is not usable: its demo activity (extensions.demo) does not match the format: ${parsed.error.issues[0]?.message ?? "invalid"}. Move it away to start with a new world.`,
      "corrupt",
    );
  }
  return parsed.data;
}

/**
 * Everything `main.ts` does before listening: reads the state file (`--state-file`; a corrupt or newer file
 * throws `StateFileError`), picks the world clock, builds the demo world with its three hours of history
 * (`--world demo`) or restores the saved world and re-arms its timers, and starts the periodic saves.
 */
export function bootEmulator(options: BootOptions): BootedEmulator {
  const { config, logger } = options;
  const now = options.now ?? Date.now();
  const path = config.stateFile;
  const recovered = path === undefined ? undefined : recoverState(path);
  const state = recovered?.state;
  const demoState = state && path !== undefined ? demoSnapshotOf(state, path) : undefined;
  const manual = config.clock === "manual";

  let clock: Clock;
  let world: World | undefined;
  const scripted = !state && config.world === "demo" ? scriptedClock(now - historyMinutes * 60_000) : undefined;
  if (state) {
    // Time never runs backwards for a restored world (a faster --speed may have put it ahead of real time).
    clock = manual ? manualClock(state.virtualTimeMs) : realClock(config.speed, Math.max(now, state.virtualTimeMs));
    world = restoreWorld(state, { clock, enforceQuotas: config.quotas !== "off" });
  } else {
    clock = scripted ?? worldClock(config);
  }

  // What the disk holds: the restored world before it resumes (the resumption's own changes are journaled).
  let mirror: WorldMirror | undefined = world && state ? createWorldMirror(world, state.extensions) : undefined;
  let durability: Durability | undefined;
  const app = createEmulatorApp({
    config,
    clock,
    ...(world ? { world } : {}),
    ...(path !== undefined ? { commit: () => durability?.commit() ?? Promise.resolve() } : {}),
    ...(logger ? { logger } : {}),
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
  });

  let demo: DemoActivity | undefined;
  const account = config.credentials[0]?.account ?? "123456789012";
  if (state) {
    const resumed = resumeWorld({ sim: app.sim, clock });
    if (state.world !== config.world) {
      logger?.warn(
        `the state file holds a ${state.world} world; --world ${config.world} applies only when there is no state file`,
      );
    }
    if (demoState) demo = resumeDemoWorld(app, demoState, { seed: state.seed, ...(logger ? { logger } : {}) });
    logger?.info("world restored from the state file", {
      path,
      savedAt: state.savedAt,
      clients: resumed.clients,
      timers: resumed.timers,
    });
  } else if (scripted) {
    demo = buildDemoWorld(app, scripted, { account, seed: config.seed, now, ...(logger ? { logger } : {}) });
    if (!manual) scripted.goLive(config.speed);
  }

  const seed = state?.seed ?? config.seed;
  const worldMode = state?.world ?? config.world;
  const extensions = (): Record<string, unknown> => (demo ? { demo: demo.snapshot() } : {});
  if (path !== undefined) {
    mirror ??= createWorldMirror(app.world, {});
    durability = startDurability({
      path,
      ...(recovered ? { recovered } : {}),
      mirror,
      now: () => clock.now(),
      extensions,
      snapshot: (journalGeneration) =>
        snapshotWorld(app.world, {
          seed,
          world: worldMode,
          virtualTimeMs: clock.now(),
          savedAtMs: Date.now(),
          extensions: extensions(),
          journalGeneration,
        }),
      ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
      ...(options.compactBytes !== undefined ? { compactBytes: options.compactBytes } : {}),
      ...(logger ? { logger } : {}),
    });
    if (recovered && recovered.journal.records > 0) {
      logger?.info("journal replayed", {
        records: recovered.journal.records,
        tornBytesDropped: recovered.journal.tornBytes,
      });
    }
  }

  // From here on, what happens in the world is sent to EventBridge (its history is not).
  app.eventBridge?.start();

  return {
    ...app,
    ...(demo ? { demo } : {}),
    ...(durability ? { durability } : {}),
    origin: state ? "restored" : scripted ? "demo" : "empty",
    save: () => durability?.compact() ?? Promise.resolve(),
    async shutdown() {
      try {
        await app.server.close();
      } finally {
        demo?.stop();
        app.eventBridge?.stop();
        await durability?.close();
      }
    },
  };
}
