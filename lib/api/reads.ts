import type { ConsoleContext } from "@/lib/context";
import { contextParams } from "@/lib/context";
import type { InputOf, ListOperationName, OperationName, operations, OutputOf } from "@/lib/ivs/operations";
import type { ErrorInfo, ReadResult } from "@/lib/result";

/** Operations the browser may poll through `GET /api/ivs/<operation>`: every Get* and List*. */
export type ReadOperationName = Extract<OperationName, `Get${string}` | `List${string}`>;

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
  const response = await fetch(readUrl(context, name, input), {
    signal,
    headers: { accept: "application/json" },
    cache: "no-store",
  });
  const body = (await response.json().catch(() => undefined)) as
    { error?: ErrorInfo } | ReadResult<OutputOf<N>> | undefined;
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
  return body as ReadResult<OutputOf<N>>;
}

export type ListName = Extract<ListOperationName, ReadOperationName>;
type ItemsKey<N extends ListName> = Extract<(typeof operations)[N]["items"], keyof OutputOf<N>>;
export type ListItem<N extends ListName> =
  NonNullable<OutputOf<N>[ItemsKey<N>]> extends readonly (infer T)[] ? T : never;

export interface AllPages<T> {
  readonly items: T[];
  readonly pages: number;
  /** Oldest answer among the pages (the list is at least this fresh). */
  readonly fetchedAt: number;
  readonly stale: boolean;
  readonly degraded?: ReadResult<unknown>["degraded"];
  /** From the observation store: how complete the list is. */
  readonly coverage?: ReadResult<unknown>["coverage"];
}

/**
 * The items of one List page: every List output has exactly one list member besides `nextToken`
 * (found at run time so the browser bundle need not carry the operation table).
 */
function itemsOf<N extends ListName>(page: OutputOf<N>): ListItem<N>[] {
  const list = Object.values(page as Record<string, unknown>).find(Array.isArray);
  return (list ?? []) as ListItem<N>[];
}

/** Walks every page of a List operation with any page reader, reporting progress after each page. */
export async function collectPages<N extends ListName>(
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
  readPage: (input: InputOf<N>) => Promise<ReadResult<OutputOf<N>>>,
  onProgress?: (loaded: number, pages: number) => void,
): Promise<AllPages<ListItem<N>>> {
  const items: ListItem<N>[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  let fetchedAt = Number.POSITIVE_INFINITY;
  let stale = false;
  let degraded: AllPages<unknown>["degraded"];
  let coverage: AllPages<unknown>["coverage"];
  do {
    const page = await readPage({ ...input, ...(nextToken ? { nextToken } : {}) } as InputOf<N>);
    pages++;
    items.push(...itemsOf<N>(page.data));
    fetchedAt = Math.min(fetchedAt, page.fetchedAt);
    stale ||= page.stale;
    degraded ??= page.degraded;
    coverage = page.coverage ?? coverage;
    onProgress?.(items.length, pages);
    const token = (page.data as { nextToken?: string }).nextToken;
    nextToken = token ? token : undefined;
  } while (nextToken);
  return {
    items,
    pages,
    fetchedAt: Number.isFinite(fetchedAt) ? fetchedAt : Date.now(),
    stale,
    ...(degraded ? { degraded } : {}),
    ...(coverage ? { coverage } : {}),
  };
}

/** Every page of a List operation through the console's read route. */
export function fetchAllPages<N extends ListName>(
  context: ConsoleContext,
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
  onProgress?: (loaded: number, pages: number) => void,
  signal?: AbortSignal,
): Promise<AllPages<ListItem<N>>> {
  return collectPages(name, input, (pageInput) => fetchRead(context, name, pageInput, signal), onProgress);
}

/** The displayable form of whatever a read threw. */
export function errorInfoOf(error: unknown): ErrorInfo {
  if (error instanceof ReadError) return error.info;
  return { code: "NetworkError", message: "The console's server could not be reached.", retryable: true };
}
