import { conflict } from "../errors";
import type { HandlerGroup } from "./handler-kit";
import { arnOf, newResourceId } from "./ids";
import { parsePublicKeyMaterial } from "./keys";
import { listPage, nextTokenOf } from "./pagination";
import { ensureQuota } from "./quotas";
import type { PublicKey, PublicKeySummary } from "./shapes";
import {
  forgetResource,
  nextSeq,
  requirePublicKey,
  setTags,
  tagsOf,
  type PublicKeyRecord,
  type RegionStore,
  type World,
} from "./store";

const summaryView = (store: RegionStore, record: PublicKeyRecord): PublicKeySummary => ({
  arn: record.arn,
  name: record.name,
  tags: tagsOf(store, record.arn),
});

const fullView = (store: RegionStore, record: PublicKeyRecord): PublicKey => ({
  ...summaryView(store, record),
  publicKeyMaterial: record.publicKeyMaterial,
  fingerprint: record.fingerprint,
});

/** The key must be EC P-384 (400), not imported already in this account and region (409), within quota (402). */
function importPublicKey(store: RegionStore, material: string, name: string | undefined): PublicKeyRecord {
  const parsed = parsePublicKeyMaterial(material);
  const duplicate = [...store.publicKeys.values()].find((key) => key.spki === parsed.spki);
  if (duplicate) throw conflict(`This public key is already imported as ${duplicate.arn}.`);
  ensureQuota(store, "publicKeys", store.publicKeys.size);
  const record: PublicKeyRecord = {
    seq: nextSeq(store),
    arn: arnOf(store.scope, "public-key", newResourceId(store.world.random)),
    name: name ?? "",
    publicKeyMaterial: material,
    fingerprint: parsed.fingerprint,
    spki: parsed.spki,
  };
  store.publicKeys.set(record.arn, record);
  return record;
}

export function publicKeyHandlers(
  world: World,
): HandlerGroup<"ImportPublicKey" | "GetPublicKey" | "ListPublicKeys" | "DeletePublicKey"> {
  return {
    ImportPublicKey(input, ctx) {
      const store = world.region(ctx);
      const record = importPublicKey(store, input.publicKeyMaterial, input.name);
      setTags(store, record.arn, input.tags);
      return { publicKey: fullView(store, record) };
    },

    GetPublicKey(input, ctx) {
      const store = world.region(ctx);
      return { publicKey: fullView(store, requirePublicKey(store, input.arn)) };
    },

    ListPublicKeys(input, ctx) {
      const store = world.region(ctx);
      const page = listPage(store, "ListPublicKeys", input, store.publicKeys.values());
      return { publicKeys: page.items.map((record) => summaryView(store, record)), ...nextTokenOf(page) };
    },

    DeletePublicKey(input, ctx) {
      const store = world.region(ctx);
      const record = requirePublicKey(store, input.arn);
      forgetResource(store, store.publicKeys, record.arn);
      return {};
    },
  };
}
