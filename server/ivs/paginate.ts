import "server-only";
import { collectPages, type ListItem } from "@/lib/api/reads";
import type { InputOf, ListOperationName, OutputOf } from "@/lib/ivs/operations";
import { transport, type CallOptions } from "./transport";

/** Every page of a List operation, following `nextToken` until the service stops returning one. */
export async function* paginate<N extends ListOperationName>(
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
  options?: CallOptions,
): AsyncGenerator<OutputOf<N>, void, undefined> {
  let nextToken: string | undefined;
  do {
    const page: OutputOf<N> = await transport().call(
      name,
      { ...input, ...(nextToken ? { nextToken } : {}) } as InputOf<N>,
      options,
    );
    yield page;
    const token = (page as { nextToken?: string }).nextToken;
    nextToken = token ? token : undefined;
  } while (nextToken);
}

/** All items of a List operation, straight from IVS (no cache); `onPage` reports items loaded so far. */
export async function listAll<N extends ListOperationName>(
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
  options?: CallOptions & { onPage?: (loaded: number) => void },
): Promise<ListItem<N>[]> {
  const all = await collectPages(
    name,
    input,
    async (pageInput) => ({
      data: await transport().call(name, pageInput, options),
      fetchedAt: Date.now(),
      stale: false,
    }),
    options?.onPage,
  );
  return all.items;
}
