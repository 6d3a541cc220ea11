import { manualClock, realClock, type Clock, type ManualClock } from "../clock";
import type { EmulatorConfig } from "../config";
import type { Logger } from "../http/logger";
import { createEmulatorServer, type EmulatorServer } from "../server";
import { createWorldFromDeps, handlersFor } from "../world/handlers";
import type { World } from "../world/store";
import { createControlRoutes } from "./control";
import { createFaultInjector, type FaultInjector } from "./faults";
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
}

export interface EmulatorApp {
  readonly server: EmulatorServer;
  readonly world: World;
  readonly sim: Simulation;
  readonly faults: FaultInjector;
  readonly clock: Clock;
}

const isManual = (clock: Clock): clock is ManualClock => "advance" in clock && typeof clock.advance === "function";

function worldClock(config: EmulatorConfig): Clock {
  return config.clock === "manual" ? manualClock(Date.now()) : realClock(config.speed);
}

export function createEmulatorApp(options: EmulatorAppOptions): EmulatorApp {
  const { config } = options;
  const clock = options.clock ?? worldClock(config);
  const world = createWorldFromDeps({ clock, config });
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
  const server = createEmulatorServer({
    config,
    clock,
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
    handlers: handlersFor(world),
    ...(options.logger ? { logger: options.logger } : {}),
    controlRoutes,
    faults: faults.hook,
  });
  return { server, world, sim, faults, clock };
}
