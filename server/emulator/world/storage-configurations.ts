import { conflict } from "../errors";
import { compositionUsesStorage } from "./compositions";
import type { HandlerGroup } from "./handler-kit";
import { arnOf, newResourceId } from "./ids";
import { listPage, nextTokenOf } from "./pagination";
import { ensureQuota } from "./quotas";
import type { StorageConfiguration } from "./shapes";
import {
  forgetResource,
  isRunningComposition,
  nextSeq,
  requireStorageConfiguration,
  setTags,
  tagsOf,
  type RegionStore,
  type StorageConfigurationRecord,
  type World,
} from "./store";

/** StorageConfiguration and its summary have the same members. */
const view = (store: RegionStore, record: StorageConfigurationRecord): StorageConfiguration => ({
  arn: record.arn,
  name: record.name,
  s3: { ...record.s3 },
  tags: tagsOf(store, record.arn),
});

/** In use = an s3 destination of a running composition, or a stage's auto-recording configuration. */
function ensureUnused(store: RegionStore, arn: string): void {
  const composition = [...store.compositions.values()].find(
    (c) => isRunningComposition(c) && compositionUsesStorage(c, arn),
  );
  if (composition) throw conflict(`StorageConfiguration ${arn} is used by composition ${composition.arn}.`);
  const stage = [...store.stages.values()].find(
    (s) => s.autoParticipantRecordingConfiguration.storageConfigurationArn === arn,
  );
  if (stage) throw conflict(`StorageConfiguration ${arn} is used for participant recording by stage ${stage.arn}.`);
}

export function storageConfigurationHandlers(
  world: World,
): HandlerGroup<
  "CreateStorageConfiguration" | "GetStorageConfiguration" | "ListStorageConfigurations" | "DeleteStorageConfiguration"
> {
  return {
    CreateStorageConfiguration(input, ctx) {
      const store = world.region(ctx);
      ensureQuota(store, "storageConfigurations", store.storageConfigurations.size);
      const record: StorageConfigurationRecord = {
        seq: nextSeq(store),
        arn: arnOf(store.scope, "storage-configuration", newResourceId(world.random)),
        name: input.name ?? "",
        s3: { bucketName: input.s3.bucketName },
      };
      store.storageConfigurations.set(record.arn, record);
      setTags(store, record.arn, input.tags);
      return { storageConfiguration: view(store, record) };
    },

    GetStorageConfiguration(input, ctx) {
      const store = world.region(ctx);
      return { storageConfiguration: view(store, requireStorageConfiguration(store, input.arn)) };
    },

    ListStorageConfigurations(input, ctx) {
      const store = world.region(ctx);
      const page = listPage(store, "ListStorageConfigurations", input, store.storageConfigurations.values());
      return { storageConfigurations: page.items.map((record) => view(store, record)), ...nextTokenOf(page) };
    },

    DeleteStorageConfiguration(input, ctx) {
      const store = world.region(ctx);
      const record = requireStorageConfiguration(store, input.arn);
      ensureUnused(store, record.arn);
      forgetResource(store, store.storageConfigurations, record.arn);
      return {};
    },
  };
}
