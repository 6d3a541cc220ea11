import { ReadError } from "@/lib/api/reads";
import { contextParams, type ConsoleContext } from "@/lib/context";
import { ivsKeys } from "@/lib/query-keys";
import type { ErrorInfo } from "@/lib/result";
import type { OverviewErrors } from "./model";

/** Under `ivsKeys.all(context)`, so that a mutation's invalidation refreshes the overview too. */
export const overviewErrorsKey = (context: ConsoleContext) => [...ivsKeys.all(context), "overview", "errors"] as const;

/** How often the error list is rebuilt (it reads many event lists; the server caches them for longer). */
export const overviewErrorsPollMs = 10_000;

export function overviewUrl(context: ConsoleContext): string {
  return `/api/overview?${contextParams(context).toString()}`;
}

export async function fetchOverviewErrors(context: ConsoleContext, signal?: AbortSignal): Promise<OverviewErrors> {
  const response = await fetch(overviewUrl(context), {
    signal,
    headers: { accept: "application/json" },
    cache: "no-store",
  });
  const body = (await response.json().catch(() => undefined)) as { error?: ErrorInfo } | OverviewErrors | undefined;
  if (!response.ok || !body || "error" in body) {
    const info =
      body && "error" in body && body.error
        ? body.error
        : {
            code: `Http${response.status}`,
            message: "The console's server did not answer as expected.",
            retryable: true,
          };
    throw new ReadError(info, response.status);
  }
  return body as OverviewErrors;
}
