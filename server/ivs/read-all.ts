import "server-only";
import { collectPages, type AllPages, type ListItem, type ListName } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import type { InputOf } from "@/lib/ivs/operations";
import { redactSecrets } from "@/lib/ivs/redact";
import { upstream } from "./upstream";

/** Every page of a List operation through the shared upstream cache (a page's first paint), secrets masked. */
export async function readAllPages<N extends ListName>(
  context: ConsoleContext,
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
): Promise<AllPages<ListItem<N>>> {
  const all = await collectPages(name, input, (pageInput: InputOf<N>) => upstream().read(name, pageInput, context));
  return { ...all, items: redactSecrets(all.items) };
}

/** The first page of a List operation as a complete list, or undefined when more pages follow. */
export async function firstPageIfComplete<N extends ListName>(
  context: ConsoleContext,
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
): Promise<AllPages<ListItem<N>> | undefined> {
  const page = await upstream().read(name, input as InputOf<N>, context);
  if ((page.data as { nextToken?: string }).nextToken) return undefined;
  const all = await collectPages(name, input, () => Promise.resolve(page));
  return { ...all, items: redactSecrets(all.items) };
}
