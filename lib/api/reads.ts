import type { ConsoleContext } from "@/lib/context";
import { contextParams } from "@/lib/context";
import { operations, type InputOf, type OperationName, type OutputOf } from "@/lib/ivs/operations";
import type { ErrorInfo, ReadResult } from "@/lib/result";

/** Operations the browser may poll through `GET /api/ivs/<operation>`: every Get* and List*. */
export type ReadOperationName = Extract<OperationName, `Get${string}` | `List${string}`>;

export function isReadOperation(name: string): name is ReadOperationName {
  return Object.hasOwn(operations, name) && /^(Get|List)/.test(name) && !operations[name as OperationName].mutating;
}

/** A failed read as the browser sees it: the user-facing error and the HTTP status. */
export class ReadError extends Error {
  constructor(
    readonly info: ErrorInfo,
    readonly status: number,
  ) {
    super(info.message);
    this.name = "ReadError";
  }
}

export function readUrl<N extends ReadOperationName>(context: ConsoleContext, name: N, input: InputOf<N>): string {
  const search = contextParams(context);
  search.set("input", JSON.stringify(input));
  return `/api/ivs/${name}?${search.toString()}`;
}

/** Fetches one read from the console's own route handler (never from IVS directly: the browser has no keys). */
export async function fetchRead<N extends ReadOperationName>(
  context: ConsoleContext,
  name: N,
  input: InputOf<N>,
  signal?: AbortSignal,
): Promise<ReadResult<OutputOf<N>>> {
  const response = await fetch(readUrl(context, name, input), { signal, headers: { accept: "application/json" }, cache: "no-store" });
  const body = (await response.json().catch(() => undefined)) as { error?: ErrorInfo } | ReadResult<OutputOf<N>> | undefined;
  if (!response.ok || !body || "error" in body) {
    const info = body && "error" in body && body.error ? body.error : { code: `Http${response.status}`, message: "The console's server did not answer as expected.", retryable: true };
    throw new ReadError(info, response.status);
  }
  return body as ReadResult<OutputOf<N>>;
}
