import type { HandlerInput } from "../contract";
import { conflict } from "../errors";
import { pick } from "./data";
import type { HandlerGroup } from "./handler-kit";
import { arnOf, newResourceId, newStreamKeySecret } from "./ids";
import { leaveParticipant } from "./live/participants";
import { listPage, nextTokenOf } from "./pagination";
import { ensureQuota } from "./quotas";
import type { IngestConfiguration, IngestConfigurationSummary, RedundantIngestCredential } from "./shapes";
import {
  forgetResource,
  nextSeq,
  requireIngestConfiguration,
  requireStage,
  setTags,
  tagsOf,
  type IngestConfigurationRecord,
  type RegionStore,
  type World,
} from "./store";

const summaryKeys = [
  "arn",
  "ingestProtocol",
  "stageArn",
  "participantId",
  "state",
  "name",
  "userId",
  "redundantIngest",
] as const;

const summaryView = (record: IngestConfigurationRecord): IngestConfigurationSummary => pick(record, summaryKeys);

function fullView(store: RegionStore, record: IngestConfigurationRecord): IngestConfiguration {
  return {
    ...summaryView(record),
    streamKey: record.streamKey,
    ...(record.redundantIngestCredentials
      ? { redundantIngestCredentials: structuredClone(record.redundantIngestCredentials) }
      : {}),
    attributes: { ...record.attributes },
    tags: tagsOf(store, record.arn),
  };
}

/** `rt_<account>_<region>_<ingestConfigurationId>_<secret>` (secret: 32 alphanumerics). */
function newStreamKey(store: RegionStore, ingestId: string): string {
  return `rt_${store.scope.account}_${store.scope.region}_${ingestId}_${newStreamKeySecret(store.world.random)}`;
}

/**
 * Redundant ingest: two credentials, one per ingest path. The first is the configuration's own
 * participantId/streamKey (primary path), the second a fresh pair for the backup encoder.
 */
function redundantCredentials(
  store: RegionStore,
  record: Pick<IngestConfigurationRecord, "id" | "participantId" | "streamKey">,
): RedundantIngestCredential[] {
  return [
    { participantId: record.participantId, streamKey: record.streamKey },
    { participantId: newResourceId(store.world.random), streamKey: newStreamKey(store, record.id) },
  ];
}

function setRedundantIngest(store: RegionStore, record: IngestConfigurationRecord, enabled: boolean): void {
  if (record.redundantIngest === enabled) return;
  record.redundantIngest = enabled;
  if (enabled) record.redundantIngestCredentials = redundantCredentials(store, record);
  else delete record.redundantIngestCredentials;
}

/** A stage ARN given to Create/UpdateIngestConfiguration must exist unless it is `""` (detached). */
function resolveStageArn(store: RegionStore, stageArn: string | undefined): string {
  if (stageArn) requireStage(store, stageArn);
  return stageArn ?? "";
}

function createIngestConfiguration(store: RegionStore, input: HandlerInput<"CreateIngestConfiguration">) {
  ensureQuota(store, "ingestConfigurations", store.ingestConfigurations.size);
  const stageArn = resolveStageArn(store, input.stageArn);
  const id = newResourceId(store.world.random);
  const record: IngestConfigurationRecord = {
    seq: nextSeq(store),
    arn: arnOf(store.scope, "ingest-configuration", id),
    id,
    name: input.name ?? "",
    ingestProtocol: input.ingestProtocol,
    streamKey: newStreamKey(store, id),
    stageArn,
    participantId: newResourceId(store.world.random),
    state: "INACTIVE",
    userId: input.userId ?? "",
    attributes: { ...input.attributes },
    insecureIngest: input.insecureIngest ?? false,
    redundantIngest: false,
  };
  setRedundantIngest(store, record, input.redundantIngest ?? false);
  store.ingestConfigurations.set(record.arn, record);
  setTags(store, record.arn, input.tags);
  return record;
}

/** With `force`, the live publisher is disconnected first; without it an ACTIVE configuration is a 409. */
function deleteIngestConfiguration(store: RegionStore, record: IngestConfigurationRecord, force: boolean): void {
  if (record.state === "ACTIVE" && !force) {
    throw conflict(`IngestConfiguration ${record.arn} is ACTIVE; stop the stream or delete with force.`);
  }
  for (const participant of store.participants.values()) {
    if (participant.data.ingestConfigurationArn === record.arn) leaveParticipant(store, participant);
  }
  forgetResource(store, store.ingestConfigurations, record.arn);
}

function matchesFilters(record: IngestConfigurationRecord, input: HandlerInput<"ListIngestConfigurations">): boolean {
  if (input.filterByStageArn !== undefined && record.stageArn !== input.filterByStageArn) return false;
  return input.filterByState === undefined || record.state === input.filterByState;
}

export function ingestConfigurationHandlers(
  world: World,
): HandlerGroup<
  | "CreateIngestConfiguration"
  | "GetIngestConfiguration"
  | "ListIngestConfigurations"
  | "UpdateIngestConfiguration"
  | "DeleteIngestConfiguration"
> {
  return {
    CreateIngestConfiguration(input, ctx) {
      const store = world.region(ctx);
      return { ingestConfiguration: fullView(store, createIngestConfiguration(store, input)) };
    },

    GetIngestConfiguration(input, ctx) {
      const store = world.region(ctx);
      return { ingestConfiguration: fullView(store, requireIngestConfiguration(store, input.arn)) };
    },

    ListIngestConfigurations(input, ctx) {
      const store = world.region(ctx);
      const records = [...store.ingestConfigurations.values()].filter((record) => matchesFilters(record, input));
      const page = listPage(store, "ListIngestConfigurations", input, records);
      return { ingestConfigurations: page.items.map(summaryView), ...nextTokenOf(page) };
    },

    UpdateIngestConfiguration(input, ctx) {
      const store = world.region(ctx);
      const record = requireIngestConfiguration(store, input.arn);
      if (record.state === "ACTIVE")
        throw conflict(`IngestConfiguration ${record.arn} is ACTIVE and cannot be updated.`);
      if (input.stageArn !== undefined) record.stageArn = resolveStageArn(store, input.stageArn);
      if (input.redundantIngest !== undefined) setRedundantIngest(store, record, input.redundantIngest);
      return { ingestConfiguration: fullView(store, record) };
    },

    DeleteIngestConfiguration(input, ctx) {
      const store = world.region(ctx);
      deleteIngestConfiguration(store, requireIngestConfiguration(store, input.arn), input.force ?? false);
      return {};
    },
  };
}
