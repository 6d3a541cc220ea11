"use client";

import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { contextFrom, type ConsoleContext } from "@/lib/context";

/** The region/profile of the current page, from the URL (the server passes its default region). */
export function useConsoleContext(defaultRegion: string): ConsoleContext {
  const params = useSearchParams();
  const region = params.get("region");
  const profile = params.get("profile");
  return useMemo(
    () => contextFrom({ region: region ?? undefined, profile: profile ?? undefined }, defaultRegion),
    [region, profile, defaultRegion],
  );
}
