import type { OperationHandlers } from "../contract";
import { compositionHandlers } from "./compositions";
import { encoderConfigurationHandlers } from "./encoder-configurations";
import { ingestConfigurationHandlers } from "./ingest-configurations";
import { participantTokenHandlers } from "./participant-tokens";
import { publicKeyHandlers } from "./public-keys";
import { replicationHandlers } from "./replication";
import { sessionHandlers } from "./sessions";
import { stageHandlers } from "./stages";
import { storageConfigurationHandlers } from "./storage-configurations";
import { createWorld, type World } from "./store";
import { tagHandlers } from "./tags";

/**
 * What the handlers need. Typed structurally so the emulator's `EmulatorConfig` (which has `seed: number`
 * and `quotas: "realistic" | "off"`) fits without this module depending on it. Pass `world` to share one
 * world between the handlers and a simulation; otherwise a new world is created from `clock` and `config`.
 */
export interface HandlerDeps {
  readonly clock: { now(): number };
  readonly config?: { readonly seed?: number | string; readonly quotas?: string };
  readonly world?: World;
}

/** A world built from the emulator's clock and configuration (`--seed`, `--quotas off`). */
export function createWorldFromDeps(deps: Pick<HandlerDeps, "clock" | "config">): World {
  return createWorld({
    clock: deps.clock,
    ...(deps.config?.seed === undefined ? {} : { seed: deps.config.seed }),
    enforceQuotas: deps.config?.quotas !== "off",
  });
}

/** The 39 IVS Real-Time operations, answering from `world`. */
export function handlersFor(world: World): OperationHandlers {
  return {
    ...stageHandlers(world),
    ...participantTokenHandlers(world),
    ...sessionHandlers(world),
    ...compositionHandlers(world),
    ...encoderConfigurationHandlers(world),
    ...storageConfigurationHandlers(world),
    ...ingestConfigurationHandlers(world),
    ...publicKeyHandlers(world),
    ...tagHandlers(world),
    ...replicationHandlers(world),
  };
}

export function createHandlers(deps: HandlerDeps): OperationHandlers {
  return handlersFor(deps.world ?? createWorldFromDeps(deps));
}
