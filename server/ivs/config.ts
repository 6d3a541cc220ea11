import "server-only";
import { defaultRegion, publicEndpoint } from "@/lib/ivs/regions";

export interface IvsTarget {
  readonly region: string;
  /** Base URL requests are sent to (no trailing slash). */
  readonly endpoint: string;
  /** True when `IVS_ENDPOINT` overrides the public AWS endpoint (the project's emulator, usually). */
  readonly isEmulator: boolean;
}

export function defaultIvsRegion(): string {
  return process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || defaultRegion;
}

/** Where calls for `region` go: the `IVS_ENDPOINT` override if set, else `ivsrealtime.<region>.amazonaws.com`. */
export function getIvsTarget(region: string = defaultIvsRegion()): IvsTarget {
  const override = process.env.IVS_ENDPOINT?.trim();
  if (override) return { region, endpoint: override.replace(/\/+$/, ""), isEmulator: true };
  return { region, endpoint: publicEndpoint(region), isEmulator: false };
}
