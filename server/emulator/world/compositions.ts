import type { HandlerInput } from "../contract";
import { conflict } from "../errors";
import { canonicalJson, pick } from "./data";
import { destinationConfigurationWithDefaults, layoutWithDefaults } from "./defaults";
import type { HandlerGroup } from "./handler-kit";
import { arnOf, newResourceId } from "./ids";
import { listPage, nextTokenOf } from "./pagination";
import { ensureQuota } from "./quotas";
import type { Composition, CompositionSummary, Destination, DestinationConfigurationInput } from "./shapes";
import {
  beginCompositionStop,
  isRunningComposition,
  nextSeq,
  nowIso,
  requireComposition,
  requireEncoderConfiguration,
  requireStage,
  requireStorageConfiguration,
  setTags,
  tagsOf,
  type CompositionRecord,
  type RegionStore,
  type World,
} from "./store";

type StartInput = HandlerInput<"StartComposition">;

export function compositionView(store: RegionStore, composition: CompositionRecord): Composition {
  return {
    ...pick(composition, ["arn", "stageArn", "state", "startTime", "endTime"]),
    layout: structuredClone(composition.layout),
    destinations: structuredClone(composition.destinations),
    tags: tagsOf(store, composition.arn),
  };
}

function compositionSummaryView(store: RegionStore, composition: CompositionRecord): CompositionSummary {
  return {
    ...pick(composition, ["arn", "stageArn", "state", "startTime", "endTime"]),
    destinations: composition.destinations.map((destination) =>
      pick(destination, ["id", "state", "startTime", "endTime"]),
    ),
    tags: tagsOf(store, composition.arn),
  };
}

/** Encoder configuration ARNs a destination refers to. */
function encoderArnsOf(configuration: Destination["configuration"] | DestinationConfigurationInput): string[] {
  const channelEncoder = configuration.channel?.encoderConfigurationArn;
  return [...(channelEncoder ? [channelEncoder] : []), ...(configuration.s3?.encoderConfigurationArns ?? [])];
}

export const compositionUsesEncoder = (composition: CompositionRecord, arn: string): boolean =>
  composition.destinations.some((destination) => encoderArnsOf(destination.configuration).includes(arn));

export const compositionUsesStorage = (composition: CompositionRecord, arn: string): boolean =>
  composition.destinations.some((destination) => destination.configuration.s3?.storageConfigurationArn === arn);

/** Every resource a StartComposition names must exist in the caller's account and region (404). Channels are
 * IVS low-latency resources outside this emulator, so any well-formed channel ARN is accepted. */
function requireReferences(store: RegionStore, input: StartInput): void {
  requireStage(store, input.stageArn);
  for (const destination of input.destinations) {
    for (const arn of encoderArnsOf(destination)) requireEncoderConfiguration(store, arn);
    if (destination.s3) requireStorageConfiguration(store, destination.s3.storageConfigurationArn);
  }
}

function ensureCompositionQuotas(store: RegionStore, stageArn: string): void {
  const running = [...store.compositions.values()].filter(isRunningComposition);
  ensureQuota(store, "compositions", running.length);
  ensureQuota(store, "compositionsPerStage", running.filter((c) => c.stageArn === stageArn).length);
}

/** The first `recordingPrefix` component is undocumented; the emulator draws one 12-character id per composition. */
function newDestination(
  store: RegionStore,
  compositionId: string,
  prefixRoot: string,
  input: DestinationConfigurationInput,
): Destination {
  const id = newResourceId(store.world.random);
  const configuration = destinationConfigurationWithDefaults(input);
  const detail = configuration.s3
    ? { detail: { s3: { recordingPrefix: `${prefixRoot}/${compositionId}/${id}/composite` } } }
    : {};
  return { id, state: "STARTING", configuration, ...detail };
}

function createComposition(store: RegionStore, input: StartInput): CompositionRecord {
  const id = newResourceId(store.world.random);
  const prefixRoot = newResourceId(store.world.random);
  const composition: CompositionRecord = {
    seq: nextSeq(store),
    arn: arnOf(store.scope, "composition", id),
    id,
    stageArn: input.stageArn,
    state: "STARTING",
    layout: layoutWithDefaults(input.layout),
    destinations: input.destinations.map((destination) => newDestination(store, id, prefixRoot, destination)),
    startTime: nowIso(store),
  };
  store.compositions.set(composition.arn, composition);
  setTags(store, composition.arn, input.tags);
  return composition;
}

/**
 * Idempotency: a token seen before with the same input (canonical JSON) returns that composition again;
 * with a different input it is a 409. A token whose composition no longer exists is forgotten.
 */
function replayed(store: RegionStore, input: StartInput): CompositionRecord | undefined {
  if (input.idempotencyToken === undefined) return undefined;
  const previous = store.idempotency.get(input.idempotencyToken);
  const composition = previous ? store.compositions.get(previous.compositionArn) : undefined;
  if (!previous || !composition) return undefined;
  if (previous.inputJson !== canonicalJson(input)) {
    throw conflict("idempotencyToken was already used with a different StartComposition request.");
  }
  return composition;
}

function startComposition(store: RegionStore, input: StartInput): CompositionRecord {
  const replay = replayed(store, input);
  if (replay) return replay;
  requireReferences(store, input);
  ensureCompositionQuotas(store, input.stageArn);
  const composition = createComposition(store, input);
  if (input.idempotencyToken !== undefined) {
    store.idempotency.set(input.idempotencyToken, { inputJson: canonicalJson(input), compositionArn: composition.arn });
  }
  store.world.lifecycle.compositionStarted(store, composition);
  return composition;
}

function matchesFilters(composition: CompositionRecord, input: HandlerInput<"ListCompositions">): boolean {
  if (input.filterByStageArn !== undefined && composition.stageArn !== input.filterByStageArn) return false;
  const encoder = input.filterByEncoderConfigurationArn;
  return encoder === undefined || compositionUsesEncoder(composition, encoder);
}

export function compositionHandlers(
  world: World,
): HandlerGroup<"StartComposition" | "GetComposition" | "ListCompositions" | "StopComposition"> {
  return {
    StartComposition(input, ctx) {
      const store = world.region(ctx);
      return { composition: compositionView(store, startComposition(store, input)) };
    },

    GetComposition(input, ctx) {
      const store = world.region(ctx);
      return { composition: compositionView(store, requireComposition(store, input.arn)) };
    },

    ListCompositions(input, ctx) {
      const store = world.region(ctx);
      const compositions = [...store.compositions.values()].filter((composition) => matchesFilters(composition, input));
      const page = listPage(store, "ListCompositions", input, compositions);
      return {
        compositions: page.items.map((composition) => compositionSummaryView(store, composition)),
        ...nextTokenOf(page),
      };
    },

    StopComposition(input, ctx) {
      const store = world.region(ctx);
      beginCompositionStop(store, requireComposition(store, input.arn));
      return {};
    },
  };
}
