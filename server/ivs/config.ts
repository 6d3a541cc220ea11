import "server-only";
import { publicEndpoint } from "@/lib/ivs/regions";
import { env } from "@/server/env";

export interface IvsTarget {
  readonly region: string;
  /** Base URL requests are sent to (no trailing slash). */
  readonly endpoint: string;
  /** True when `IVS_ENDPOINT` overrides the public AWS endpoint (the project's emulator, usually). */
  readonly isEmulator: boolean;
}

/** AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. */
export function defaultIvsRegion(): string {
  return env().region;
}

/** Where calls for `region` go: the `IVS_ENDPOINT` override if set, else `ivsrealtime.<region>.amazonaws.com`. */
export function getIvsTarget(region: string = defaultIvsRegion()): IvsTarget {
  const override = env().IVS_ENDPOINT;
  if (override) return { region, endpoint: override, isEmulator: true };
  return { region, endpoint: publicEndpoint(region), isEmulator: false };
}
