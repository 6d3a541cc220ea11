import { fetchConsoleJson } from "@/lib/api/fetch-json";
import { contextParams, type ConsoleContext } from "@/lib/context";
import { ivsKeys } from "@/lib/query-keys";
import type { OverviewErrors } from "./model";

/** Under `ivsKeys.all(context)`, so that a mutation's invalidation refreshes the overview too. */
export const overviewErrorsKey = (context: ConsoleContext) => [...ivsKeys.all(context), "overview", "errors"] as const;

/** How often the error list is rebuilt (it reads many event lists; the server caches them for longer). */
export const overviewErrorsPollMs = 10_000;

export function overviewUrl(context: ConsoleContext): string {
  return `/api/overview?${contextParams(context).toString()}`;
}

export async function fetchOverviewErrors(context: ConsoleContext, signal?: AbortSignal): Promise<OverviewErrors> {
  return fetchConsoleJson<OverviewErrors>(overviewUrl(context), signal);
}
