import type { OperationName } from "@/lib/ivs/operations";
import type { ManualClock } from "../clock";
import { demoSeed, type EmulatorConfig } from "../config";
import { silentLogger } from "../http/logger";
import { testConfig } from "../http/test-server";
import { handlersFor } from "../world/handlers";
import type { Scope } from "../world/ids";
import type { RegionStore } from "../world/store";
import { bootEmulator, type BootedEmulator } from "./app";
import { callOperation, type OperationRequest } from "./demo-world-cast";

/** Test helpers for the demo world: boot it on a manual clock at a fixed "now", call the API in-process. */

export const NOW = Date.parse("2026-05-01T12:00:00.000Z");
export const ACCOUNT = "123456789012";
export const east: Scope = { account: ACCOUNT, region: "us-east-1" };
export const west: Scope = { account: ACCOUNT, region: "us-west-2" };
export const minute = 60_000;

export type DemoKit = ReturnType<typeof demoKit>;

export function manualOf(emulator: BootedEmulator): ManualClock {
  const clock = emulator.clock;
  if (!("advanceTo" in clock) || typeof clock.advanceTo !== "function") throw new Error("expected a manual clock");
  return clock as ManualClock;
}

/** Boots `--world demo --clock manual` with the history ending at `now`. */
export function demoKit(options: { seed?: number; now?: number; config?: Partial<EmulatorConfig> } = {}) {
  const config = testConfig({ world: "demo", clock: "manual", seed: options.seed ?? demoSeed, ...options.config });
  const emulator = bootEmulator({ config, logger: silentLogger, now: options.now ?? NOW });
  return withApi(emulator);
}

export function withApi(emulator: BootedEmulator) {
  const handlers = handlersFor(emulator.world);
  const call = <N extends OperationName>(scope: Scope, name: N, input: OperationRequest<N>) =>
    callOperation(handlers, scope, name, input);
  return {
    emulator,
    clock: manualOf(emulator),
    call,
    store: (scope: Scope): RegionStore => emulator.world.region(scope),
  };
}

export interface WorldCounts {
  readonly sessions: number;
  readonly liveSessions: number;
  readonly participants: number;
  readonly connected: number;
  readonly events: number;
  readonly tokens: number;
  readonly compositions: number;
}

export function counts(store: RegionStore): WorldCounts {
  const participants = [...store.participants.values()];
  return {
    sessions: store.sessions.size,
    liveSessions: [...store.stages.values()].filter((stage) => stage.activeSessionId !== undefined).length,
    participants: participants.length,
    connected: participants.filter((participant) => participant.data.state === "CONNECTED").length,
    events: [...store.events.values()].reduce((sum, events) => sum + events.length, 0),
    tokens: store.tokens.size,
    compositions: store.compositions.size,
  };
}

/** Every `NAME errorCode` of error events in the store. */
export function errorKinds(store: RegionStore): Set<string> {
  const kinds = new Set<string>();
  for (const events of store.events.values()) {
    for (const { data } of events) if (data.errorCode) kinds.add(`${data.name} ${data.errorCode}`);
  }
  return kinds;
}
