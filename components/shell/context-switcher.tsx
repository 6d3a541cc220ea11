"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { contextFrom } from "@/lib/context";
import { ivsRealTimeRegions, publicEndpoint } from "@/lib/ivs/regions";
import { useHydrated } from "@/components/ui/use-hydrated";

export interface ShellTarget {
  readonly defaultRegion: string;
  /** The `IVS_ENDPOINT` override when set (the emulator, usually). */
  readonly endpointOverride?: string;
  readonly profiles: readonly string[];
}

const selectClass = "rounded border border-room-700 bg-room-850 px-2 py-0.5 font-mono text-xs text-room-100";

/** Region and profile switchers (kept in the URL) and the endpoint in use. */
export function ContextSwitcher({ target }: { target: ShellTarget }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const context = contextFrom(params, target.defaultRegion);
  // Switching navigates in JavaScript: not before the page can do it.
  const hydrated = useHydrated();
  const endpoint = target.endpointOverride ?? publicEndpoint(context.region);
  const regions = ivsRealTimeRegions.includes(context.region as (typeof ivsRealTimeRegions)[number])
    ? ivsRealTimeRegions
    : [context.region, ...ivsRealTimeRegions];

  function navigate(change: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    // Resource pages belong to one region: switching region goes back to the section's list.
    const section = "region" in change ? `/${pathname.split("/")[1] ?? ""}` : pathname;
    router.push(`${section}?${next.toString()}`);
  }

  return (
    <div className="flex items-center gap-4 text-xs">
      <label className="flex items-center gap-1.5">
        <span className="text-room-300">Region</span>
        <select
          aria-label="Region"
          disabled={!hydrated}
          className={selectClass}
          value={context.region}
          onChange={(e) => navigate({ region: e.target.value })}
        >
          {regions.map((region) => (
            <option key={region} value={region}>
              {region}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1.5">
        <span className="text-room-300">Profile</span>
        <select
          aria-label="AWS profile"
          disabled={!hydrated}
          className={selectClass}
          value={context.profile ?? ""}
          onChange={(e) => navigate({ profile: e.target.value })}
        >
          <option value="">environment</option>
          {target.profiles.map((profile) => (
            <option key={profile} value={profile}>
              {profile}
            </option>
          ))}
        </select>
      </label>
      <span
        className={`rounded px-2 py-0.5 font-mono ${target.endpointOverride ? "bg-warn/15 text-warn" : "bg-ok/15 text-ok"}`}
        title={endpoint}
        data-testid="endpoint"
      >
        {target.endpointOverride ? "Emulator" : "AWS"} · {endpoint}
      </span>
    </div>
  );
}
