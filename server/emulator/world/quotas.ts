import { quotaExceeded } from "../errors";
import type { RegionStore } from "./store";

/** Resource quotas per account and region (api doc §6.2); exceeding one answers 402. */
export const quotas = {
  stages: 1000,
  compositions: 20,
  compositionsPerStage: 5,
  encoderConfigurations: 20,
  storageConfigurations: 5,
  ingestConfigurations: 100,
  publicKeys: 3,
  replicationsPerParticipant: 5,
} as const;

export type QuotaName = keyof typeof quotas;

/** Throws ServiceQuotaExceededException when adding one more would pass the quota (unless quotas are off). */
export function ensureQuota(store: RegionStore, name: QuotaName, current: number): void {
  if (!store.world.enforceQuotas || current < quotas[name]) return;
  throw quotaExceeded(`Service quota exceeded: ${name} (limit ${quotas[name]}) in ${store.scope.region}.`);
}
