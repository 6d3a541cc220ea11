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
