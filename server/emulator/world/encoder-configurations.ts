import { conflict } from "../errors";
import { compositionUsesEncoder } from "./compositions";
import { videoWithDefaults } from "./defaults";
import type { HandlerGroup } from "./handler-kit";
import { arnOf, newResourceId } from "./ids";
import { listPage, nextTokenOf } from "./pagination";
import { ensureQuota } from "./quotas";
import type { EncoderConfiguration, EncoderConfigurationSummary } from "./shapes";
import {
  forgetResource,
  isRunningComposition,
  nextSeq,
  requireEncoderConfiguration,
  setTags,
  tagsOf,
  type EncoderConfigurationRecord,
  type RegionStore,
  type World,
} from "./store";

const summaryView = (store: RegionStore, record: EncoderConfigurationRecord): EncoderConfigurationSummary => ({
  arn: record.arn,
  name: record.name,
  tags: tagsOf(store, record.arn),
});

const fullView = (store: RegionStore, record: EncoderConfigurationRecord): EncoderConfiguration => ({
  ...summaryView(store, record),
  video: { ...record.video },
});

function ensureUnused(store: RegionStore, arn: string): void {
  const user = [...store.compositions.values()].find((c) => isRunningComposition(c) && compositionUsesEncoder(c, arn));
  if (user) throw conflict(`EncoderConfiguration ${arn} is used by composition ${user.arn}.`);
}

export function encoderConfigurationHandlers(
  world: World,
): HandlerGroup<
  "CreateEncoderConfiguration" | "GetEncoderConfiguration" | "ListEncoderConfigurations" | "DeleteEncoderConfiguration"
> {
  return {
    CreateEncoderConfiguration(input, ctx) {
      const store = world.region(ctx);
      ensureQuota(store, "encoderConfigurations", store.encoderConfigurations.size);
      const record: EncoderConfigurationRecord = {
        seq: nextSeq(store),
        arn: arnOf(store.scope, "encoder-configuration", newResourceId(world.random)),
        name: input.name ?? "",
        video: videoWithDefaults(input.video),
      };
      store.encoderConfigurations.set(record.arn, record);
      setTags(store, record.arn, input.tags);
      return { encoderConfiguration: fullView(store, record) };
    },

    GetEncoderConfiguration(input, ctx) {
      const store = world.region(ctx);
      return { encoderConfiguration: fullView(store, requireEncoderConfiguration(store, input.arn)) };
    },

    ListEncoderConfigurations(input, ctx) {
      const store = world.region(ctx);
      const page = listPage(store, "ListEncoderConfigurations", input, store.encoderConfigurations.values());
      return { encoderConfigurations: page.items.map((record) => summaryView(store, record)), ...nextTokenOf(page) };
    },

    DeleteEncoderConfiguration(input, ctx) {
      const store = world.region(ctx);
      const record = requireEncoderConfiguration(store, input.arn);
      ensureUnused(store, record.arn);
      forgetResource(store, store.encoderConfigurations, record.arn);
      return {};
    },
  };
}
