import "server-only";
import { operations, type InputOf, type ListOperationName, type OutputOf } from "@/lib/ivs/operations";
import { transport, type CallOptions } from "./transport";

type ItemsKey<N extends ListOperationName> = Extract<(typeof operations)[N]["items"], keyof OutputOf<N>>;
export type ItemOf<N extends ListOperationName> = NonNullable<OutputOf<N>[ItemsKey<N>]> extends readonly (infer T)[] ? T : never;

/** Every page of a List operation, following `nextToken` until the service stops returning one. */
export async function* paginate<N extends ListOperationName>(
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
  options?: CallOptions,
): AsyncGenerator<OutputOf<N>, void, undefined> {
  let nextToken: string | undefined;
  do {
    const page: OutputOf<N> = await transport().call(name, { ...input, nextToken } as InputOf<N>, options);
    yield page;
    const token = (page as { nextToken?: string }).nextToken;
    nextToken = token ? token : undefined;
  } while (nextToken);
}

/** All items of a List operation; `onPage` reports progress (items so far) after each page. */
export async function listAll<N extends ListOperationName>(
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
  options?: CallOptions & { onPage?: (loaded: number) => void },
): Promise<ItemOf<N>[]> {
  const key = operations[name].items as ItemsKey<N>;
  const items: ItemOf<N>[] = [];
  for await (const page of paginate(name, input, options)) {
    items.push(...((page[key] ?? []) as ItemOf<N>[]));
    options?.onPage?.(items.length);
  }
  return items;
}
