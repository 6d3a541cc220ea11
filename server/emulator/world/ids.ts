import { ALPHANUMERIC, LOWER_ALPHANUMERIC, type Random } from "./random";

/** The account and region a request (and every resource it touches) belongs to. */
export interface Scope {
  readonly account: string;
  readonly region: string;
}

/** ARN resource types of IVS Real-Time (`arn:aws:ivs:<region>:<account>:<kind>/<id>`). */
export const resourceKinds = [
  "stage",
  "composition",
  "encoder-configuration",
  "storage-configuration",
  "ingest-configuration",
  "public-key",
] as const;
export type ResourceKind = (typeof resourceKinds)[number];

export function arnOf(scope: Scope, kind: ResourceKind, id: string): string {
  return `arn:aws:ivs:${scope.region}:${scope.account}:${kind}/${id}`;
}

/** 12 `[A-Za-z0-9]` characters: stages, compositions, configurations, destinations, participants, public keys. */
export const newResourceId = (random: Random): string => random.string(ALPHANUMERIC, 12);

/** `st-` + 13 alphanumerics (the 16-character `StageSessionId`). */
export const newSessionId = (random: Random): string => `st-${random.string(ALPHANUMERIC, 13)}`;

/** 12 lowercase alphanumerics: the per-stage host label of the WHIP/RTMP endpoints. */
export const newHostLabel = (random: Random): string => random.string(LOWER_ALPHANUMERIC, 12);

/** ~32 alphanumerics: the secret part of a stream key. */
export const newStreamKeySecret = (random: Random): string => random.string(ALPHANUMERIC, 32);
