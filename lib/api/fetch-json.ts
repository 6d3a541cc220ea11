import type { ErrorInfo } from "@/lib/result";
import { ReadError } from "./reads";

/**
 * GETs one of the console's own JSON routes from the browser. An answer that is not 2xx, carries `error`, or
 * lacks what `pick` takes from it throws a ReadError with the server's error (or a generic one).
 */
export async function fetchConsoleJson<B extends object, T = B>(
  url: string,
  signal?: AbortSignal,
  pick: (body: B) => T | undefined = (body) => body as unknown as T,
): Promise<T> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" }, cache: "no-store" });
  const body = (await response.json().catch(() => undefined)) as (B & { error?: ErrorInfo }) | undefined;
  const value = response.ok && body && !("error" in body) ? pick(body) : undefined;
  if (value === undefined)
    throw new ReadError(
      body?.error ?? {
        code: `Http${response.status}`,
        message: "The console's server did not answer as expected.",
        retryable: true,
      },
      response.status,
    );
  return value;
}
