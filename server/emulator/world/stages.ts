import { conflict } from "../errors";
import { canonicalJson, pick } from "./data";
import { autoRecordingWithDefaults } from "./defaults";
import type { HandlerGroup } from "./handler-kit";
import { arnOf, newHostLabel, newResourceId } from "./ids";
import { closeSession } from "./live/participants";
import { hasActiveRecording } from "./live/recording";
import { listPage, nextTokenOf } from "./pagination";
import { issueParticipantToken } from "./participant-tokens";
import { ensureQuota } from "./quotas";
import type { AutoParticipantRecordingConfiguration, Stage, StageSummary } from "./shapes";
import {
  beginCompositionStop,
  forgetResource,
  isRunningComposition,
  nextSeq,
  requireStage,
  requireStorageConfiguration,
  setTags,
  tagsOf,
  type RegionStore,
  type StageRecord,
  type World,
} from "./store";

/** Stage endpoints in the documented forms; the host label is drawn once per stage, so they are stable. */
function stageEndpoints(store: RegionStore): StageRecord["endpoints"] {
  const label = newHostLabel(store.world.random);
  return {
    events: "wss://global.events.live-video.net",
    whip: `https://${label}.global-bm.whip.live-video.net`,
    rtmp: `rtmp://${label}.global-contribute.live-video.net/app/`,
    rtmps: `rtmps://${label}.global-contribute.live-video.net:443/app/`,
  };
}

export function stageSummaryView(store: RegionStore, stage: StageRecord): StageSummary {
  return { ...pick(stage, ["arn", "name", "activeSessionId"]), tags: tagsOf(store, stage.arn) };
}

export function stageView(store: RegionStore, stage: StageRecord): Stage {
  return {
    ...stageSummaryView(store, stage),
    autoParticipantRecordingConfiguration: structuredClone(stage.autoParticipantRecordingConfiguration),
    endpoints: { ...stage.endpoints },
  };
}

type AutoRecordingInput = Parameters<typeof autoRecordingWithDefaults>[0];

/** The stored recording configuration for an input; its storage configuration must exist (404). */
function resolveAutoRecording(store: RegionStore, input: AutoRecordingInput): AutoParticipantRecordingConfiguration {
  const configuration = autoRecordingWithDefaults(input);
  if (configuration.storageConfigurationArn) requireStorageConfiguration(store, configuration.storageConfigurationArn);
  return configuration;
}

function updateAutoRecording(store: RegionStore, stage: StageRecord, input: AutoRecordingInput): void {
  const next = resolveAutoRecording(store, input);
  if (canonicalJson(next) === canonicalJson(stage.autoParticipantRecordingConfiguration)) return;
  if (hasActiveRecording(store, stage)) {
    throw conflict("autoParticipantRecordingConfiguration cannot be changed while a participant recording is active.");
  }
  stage.autoParticipantRecordingConfiguration = next;
}

/**
 * DeleteStage: the active session ends (participants disconnected with LEFT events, replications stopped),
 * issued tokens are revoked, ingest configurations are detached (`stageArn` = ""), running compositions stop,
 * and the stage with its sessions, participants, events and tags is forgotten.
 */
export function deleteStage(store: RegionStore, stage: StageRecord): void {
  closeSession(store, stage);
  for (const token of store.tokens.values()) if (token.stageArn === stage.arn) token.revoked = true;
  for (const ingest of store.ingestConfigurations.values()) if (ingest.stageArn === stage.arn) ingest.stageArn = "";
  for (const composition of store.compositions.values()) {
    if (composition.stageArn === stage.arn && isRunningComposition(composition))
      beginCompositionStop(store, composition);
  }
  forgetSessions(store, stage.arn);
  forgetResource(store, store.stages, stage.arn);
}

function forgetSessions(store: RegionStore, stageArn: string): void {
  for (const [sessionId, session] of store.sessions) {
    if (session.stageArn !== stageArn) continue;
    store.sessions.delete(sessionId);
    store.events.delete(sessionId);
  }
  for (const [key, participant] of store.participants) {
    if (participant.stageArn === stageArn) store.participants.delete(key);
  }
}

export function stageHandlers(
  world: World,
): HandlerGroup<"CreateStage" | "GetStage" | "ListStages" | "UpdateStage" | "DeleteStage"> {
  return {
    CreateStage(input, ctx) {
      const store = world.region(ctx);
      ensureQuota(store, "stages", store.stages.size);
      const autoParticipantRecordingConfiguration = resolveAutoRecording(
        store,
        input.autoParticipantRecordingConfiguration,
      );
      const id = newResourceId(world.random);
      const stage: StageRecord = {
        seq: nextSeq(store),
        arn: arnOf(store.scope, "stage", id),
        id,
        name: input.name ?? "",
        autoParticipantRecordingConfiguration,
        endpoints: stageEndpoints(store),
      };
      store.stages.set(stage.arn, stage);
      setTags(store, stage.arn, input.tags);
      const participantTokens = (input.participantTokenConfigurations ?? []).map((config) =>
        issueParticipantToken(store, stage, config),
      );
      return { stage: stageView(store, stage), participantTokens };
    },

    GetStage(input, ctx) {
      const store = world.region(ctx);
      return { stage: stageView(store, requireStage(store, input.arn)) };
    },

    ListStages(input, ctx) {
      const store = world.region(ctx);
      const page = listPage(store, "ListStages", input, store.stages.values());
      return { stages: page.items.map((stage) => stageSummaryView(store, stage)), ...nextTokenOf(page) };
    },

    UpdateStage(input, ctx) {
      const store = world.region(ctx);
      const stage = requireStage(store, input.arn);
      if (input.autoParticipantRecordingConfiguration) {
        updateAutoRecording(store, stage, input.autoParticipantRecordingConfiguration);
      }
      if (input.name !== undefined) stage.name = input.name;
      return { stage: stageView(store, stage) };
    },

    DeleteStage(input, ctx) {
      const store = world.region(ctx);
      deleteStage(store, requireStage(store, input.arn));
      return {};
    },
  };
}
